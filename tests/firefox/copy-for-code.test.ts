// "Copy for code" and the clipboard clearing itself, in real Firefox against the local API:
// "Copy as Python" from the popup's lazily loaded menu and "Copy as .env line" from the options
// row menu put exactly their text in the clipboard; with "30 seconds" set, the clipboard is empty
// 30 s after the copy although every page was closed and Firefox suspended the event page
// meanwhile (an alarm wakes it to clear); sign-out with a clear pending empties it at once.
// Mirrors tests/e2e/copy-for-code.test.ts. The clipboard is read back by pasting into a plain
// tab, which never wakes the event page.
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'puppeteer-core';
import { apiSession, startTestApi, type TestApi } from '../e2e/fixtures';
import { copiedText, pasteClipboard, resetClipboard } from './clipboard';
import { eventPageState, waitForSuspendedEventPage } from './event-page';
import { launchFirefox, reopen, sleep, type FirefoxAddon } from './harness';
import { keyRow, popupRow, rowAction } from './keys-ui';
import { click, dismissToasts, expectToast, field, find, html, newAccount, openOptions, openPopup, showSection, signOut } from './ui';

/** Firefox suspends the idle event page after this (its default: 30 s). */
const IDLE_MS = 2_000;

let api: TestApi;
let ff: FirefoxAddon;
let page: Page;
let key: string;
/** When the copy whose clear the second test waits for was clicked. */
let copiedAt = 0;

beforeAll(async () => {
  [api, ff] = await Promise.all([startTestApi(), launchFirefox({ backgroundIdleMs: IDLE_MS })]);
  const account = await newAccount(ff, api, { label: 'ff-code', configure: true });
  page = account.page;
  key = (await (await apiSession(api, account.email)).createKey('code-key', 'prod')).key;
});

afterEach(async () => {
  expect(await ff.problems(), 'errors or CSP violations logged by the extension').toEqual([]);
});

afterAll(async () => {
  await ff?.close();
  await api?.close();
});

/** Settings → "Clear clipboard after copying a key" → `seconds` (saved at once). */
async function setClearAfter(p: Page, seconds: 30 | 300): Promise<void> {
  await showSection(p, 'Settings');
  await dismissToasts(p);
  await (await field(p, 'Clear clipboard after copying a key')).select(String(seconds));
  await expectToast(p, 'Settings saved');
  await showSection(p, 'API Keys');
}

describe('Firefox: copy for code and the clipboard clearing itself', () => {
  it('popup: the "Copy for code" menu (its code loaded when first opened) → "Copy as Python": exactly the two lines', async () => {
    const popup = await openPopup(ff);
    await resetClipboard(ff, popup);
    await click(await popupRow(popup, 'code-key'), 'button', 'Copy for code');
    const menu = await find(popup, 'menu', 'Copy for code');
    await click(menu, 'menuitem', 'Copy as Python');
    await expectToast(popup, 'Python snippet copied to clipboard. Clears in 1 minute.');
    // The local API is not the SDK's default server, so the snippet names it.
    expect(await copiedText(ff, popup)).toBe(`from kalshibook import KalshiBook\nclient = KalshiBook("${key}", base_url="${api.url}")`);
    expect(await html(popup)).not.toContain(key);
    await ff.closePage(popup);
  });

  it('"Copy as .env line" from the options row menu: the clipboard holds exactly KALSHIBOOK_API_KEY=<key>', async () => {
    page = await reopen(ff, page); // the key was made through the API
    await setClearAfter(page, 30);
    await keyRow(page, 'code-key');
    await resetClipboard(ff, page);
    await dismissToasts(page);
    copiedAt = Date.now();
    await rowAction(page, 'code-key', 'Copy as .env line');
    await expectToast(page, '.env line copied to clipboard. Clears in 30 seconds.');
    expect(await copiedText(ff, page)).toBe(`KALSHIBOOK_API_KEY=${key}`);
    expect(await html(page)).not.toContain(key);
  });

  it('30 seconds: cleared after every page closed and the event page was suspended, not before', async () => {
    expect(copiedAt, 'the copy of the test before').toBeGreaterThan(0);
    await ff.closePage(page);
    await waitForSuspendedEventPage(ff);
    // Still there while the event page sleeps, up to just before the time.
    let cleared = 0;
    while (!cleared) {
      const text = await pasteClipboard(ff);
      const at = Date.now();
      if (text === '') cleared = at;
      else {
        expect(text, `the clipboard ${at - copiedAt} ms after the copy`).toBe(`KALSHIBOOK_API_KEY=${key}`);
        if (at - copiedAt > 36_000) throw new Error(`The clipboard still holds the key ${at - copiedAt} ms after the copy.`);
        // Until 28 s the event page must still be asleep: nothing but the alarm may wake it.
        if (at - copiedAt < 28_000) expect(await eventPageState(ff)).toBe('stopped');
        await sleep(at - copiedAt < 27_000 ? 1_000 : 250);
      }
    }
    const sinceClick = cleared - copiedAt;
    console.info(`Firefox clipboard cleared ${sinceClick} ms after the copy's click`);
    expect(sinceClick).toBeGreaterThanOrEqual(29_000);
    expect(sinceClick).toBeLessThanOrEqual(36_000);
  });

  it('sign-out with a clear pending empties the clipboard at once', async () => {
    page = await openOptions(ff);
    await setClearAfter(page, 300);
    await resetClipboard(ff, page);
    await dismissToasts(page);
    await rowAction(page, 'code-key', 'Copy key');
    await expectToast(page, 'API key copied to clipboard. Clears in 5 minutes.');
    expect(await copiedText(ff, page)).toBe(key);

    await signOut(page);
    const deadline = Date.now() + 5_000;
    while ((await pasteClipboard(ff, page)) !== '' && Date.now() < deadline) await sleep(200);
    expect(await pasteClipboard(ff, page)).toBe('');
    await ff.closePage(page);
  });
});
