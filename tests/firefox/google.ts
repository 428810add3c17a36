// "Continue with Google" as a user does it in Firefox: the button, then the local API's stand-in
// for Google's account chooser in the window `identity.launchWebAuthFlow` opens (its own browser
// window: a target of its own, found by its URL), then "Continue" or "Cancel"; Firefox closes the
// window when GoTrue redirects to https://<hash>.extensions.allizom.org/.
//
// Traps (see the README, "Firefox obstacles"): a tab opened while the Google window is open
// (`browser.newPage()`, e.g. the harness's probe tab or the clipboard's scratch tab) lands in that
// window, and Firefox then misses the redirect (a DNS error page instead) — open pages only before
// or after a sign-in. And Firefox requests /authorize once in the background before it opens the
// window: the server sees it twice.
import type { Page } from 'puppeteer-core';
import { sleep, UI_TIMEOUT, type FirefoxAddon } from './harness';
import { click, field, fill, find, press } from './ui';

/** How long Firefox may take to open the Google window (the background request comes first). */
const WINDOW_TIMEOUT = 20_000;

/**
 * Polls `read` from here (one `evaluate` per look) until `ok`: on extension pages while the
 * Google window has the focus, an in-page `waitForFunction` was seen to miss updates.
 */
export async function pollFor<T>(read: () => Promise<T>, ok: (value: T) => boolean, what: string, timeout = UI_TIMEOUT): Promise<T> {
  const deadline = Date.now() + timeout;
  for (;;) {
    const value = await read();
    if (ok(value)) return value;
    if (Date.now() > deadline) throw new Error(`Timed out after ${timeout} ms waiting for ${what} (last: ${JSON.stringify(value)})`);
    await sleep(150);
  }
}

/** Clicks "Continue with Google" on `from` and returns the chooser in the window Firefox opens. */
export async function openChooser(ff: FirefoxAddon, from: Page): Promise<Page> {
  const opened = ff.browser.waitForTarget((t) => t.type() === 'page' && t.url().includes('/auth/v1/'), { timeout: WINDOW_TIMEOUT });
  await press(await find(from, 'button', 'Continue with Google'));
  const chooser = (await (await opened).page())!;
  chooser.setDefaultTimeout(UI_TIMEOUT);
  await pollFor(
    () => chooser.evaluate(() => ({ path: location.pathname, ready: document.readyState })).catch(() => null),
    (now) => now?.path === '/auth/v1/local-google/chooser' && now.ready === 'complete',
    'the account chooser',
    WINDOW_TIMEOUT,
  );
  await find(chooser, 'heading', 'Choose an account');
  return chooser;
}

/** In the chooser: "Continue" as `email`, or "Cancel" (`null`); waits until Firefox closes the window. */
export async function chooseAccount(chooser: Page, email: string | null): Promise<void> {
  if (email !== null) await fill(chooser, await field(chooser, 'Email'), email);
  await click(chooser, 'button', email === null ? 'Cancel' : 'Continue');
  await pollFor(async () => chooser.isClosed(), (closed) => closed, 'Firefox to close the Google window', WINDOW_TIMEOUT);
}

/** The names in the options page's keys table, in order. */
export function keyNames(page: Page): Promise<string[]> {
  return page.evaluate(() =>
    Array.from(document.querySelectorAll('[aria-label="API keys"] [role=row]'))
      .map((row) => row.querySelector('[role=cell], td')?.textContent?.trim() ?? '')
      .filter((name) => name !== ''),
  );
}
