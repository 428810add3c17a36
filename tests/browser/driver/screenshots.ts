// Screenshots of extension pages. Chromium's run writes the docs' images (docs/screenshots/, the
// names the README links); Firefox's run takes the same pictures of the same states into
// .output/screenshots-firefox/ (not committed: the docs show one browser). KB_SCREENSHOT_DIR overrides.
import { mkdirSync } from 'node:fs';
import path from 'node:path';
import type { Page } from 'puppeteer-core';
import { browserName } from './extension';

export const SCREENSHOT_DIR = path.resolve(process.env.KB_SCREENSHOT_DIR ?? (browserName === 'chromium' ? 'docs/screenshots' : '.output/screenshots-firefox'));

/** Waits until no toast is on screen (they last 4 s), so a picture shows the page alone. */
export async function noToasts(page: Page): Promise<void> {
  await page.waitForFunction(() => !document.querySelector('[data-sonner-toast]'), { polling: 100, timeout: 10_000 });
}

/** The page in front, fonts loaded and two frames drawn (nothing half-animated), saved as `file`. */
export async function screenshot(page: Page, file: `${string}.png`): Promise<string> {
  mkdirSync(SCREENSHOT_DIR, { recursive: true });
  await page.bringToFront();
  await page.evaluate(() => document.fonts.ready.then(() => new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(r)))));
  const target = path.join(SCREENSHOT_DIR, file);
  await page.screenshot({ path: target });
  return target;
}
