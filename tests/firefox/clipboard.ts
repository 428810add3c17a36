// The system clipboard as a user reads it in Firefox: pasted (Ctrl+V) into a textarea of a scratch
// tab. (navigator.clipboard.readText() can hang when the clipboard holds foreign data.)
import type { Browser, Page } from 'puppeteer-core';
import { sleep, UI_TIMEOUT, type FirefoxAddon } from './harness';

const scratchPages = new WeakMap<Browser, Page>();

/** A plain tab with a textarea: the clipboard is read by pasting into it, as a user would. */
async function scratchPage(ff: FirefoxAddon): Promise<Page> {
  const existing = scratchPages.get(ff.browser);
  if (existing && !existing.isClosed()) return existing;
  const page = await ff.browser.newPage();
  await page.evaluate(() => {
    document.body.innerHTML = '<textarea aria-label="Paste here" style="width:600px;height:80px"></textarea>';
  });
  scratchPages.set(ff.browser, page);
  return page;
}

/** `returnTo`: the tab selected again afterwards (none: the scratch tab stays selected). */
async function withTextarea<T>(ff: FirefoxAddon, returnTo: Page | undefined, fn: (page: Page) => Promise<T>): Promise<T> {
  const page = await scratchPage(ff);
  await page.bringToFront();
  try {
    await page.focus('textarea');
    return await fn(page);
  } finally {
    await returnTo?.bringToFront();
  }
}

/** What the system clipboard holds: pasted (Ctrl+V) into an empty textarea and read back. */
export async function pasteClipboard(ff: FirefoxAddon, returnTo?: Page): Promise<string> {
  return withTextarea(ff, returnTo, async (page) => {
    await page.evaluate(() => {
      document.querySelector('textarea')!.value = '';
    });
    await page.keyboard.down('Control');
    await page.keyboard.press('v');
    await page.keyboard.up('Control');
    return page.evaluate(() => document.querySelector('textarea')!.value);
  });
}

const CLIPBOARD_MARKER = 'e2e-clipboard-marker';

/** Puts a marker in the clipboard (typed, selected, Ctrl+C), so a later paste proves a copy happened. */
export async function resetClipboard(ff: FirefoxAddon, returnTo: Page): Promise<void> {
  await withTextarea(ff, returnTo, async (page) => {
    await page.evaluate((marker: string) => {
      const area = document.querySelector('textarea')!;
      area.value = marker;
      area.select();
    }, CLIPBOARD_MARKER);
    await page.keyboard.down('Control');
    await page.keyboard.press('c');
    await page.keyboard.up('Control');
  });
  const now = await pasteClipboard(ff, returnTo);
  if (now !== CLIPBOARD_MARKER) throw new Error(`Could not put a marker in the clipboard (it holds ${JSON.stringify(now)}).`);
}

/** Waits until the clipboard changes away from the marker and returns its text. */
export async function copiedText(ff: FirefoxAddon, returnTo: Page, timeout = UI_TIMEOUT): Promise<string> {
  const deadline = Date.now() + timeout;
  for (;;) {
    const text = await pasteClipboard(ff, returnTo);
    if (text !== CLIPBOARD_MARKER && text !== '') return text;
    if (Date.now() > deadline) throw new Error('Timed out waiting for the clipboard to change.');
    await sleep(200);
  }
}
