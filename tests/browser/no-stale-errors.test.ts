// No wrong error next to data (issue 19, item 4). Firefox used to flash "Sign in to KalshiBook first." (the error of the request the page made while
// still signed out) above a new account's keys: the background's cache write reached the page before its own answer. A MutationObserver catches a
// banner shown for a single frame; then 3 s of polling from the moment the keys appear.
import { beforeAll, expect, it } from 'vitest';
import { configureServer, signUp } from './driver/account';
import { randomEmail, startTestApi, type TestApi } from './driver/api';
import { launch, type Ext } from './driver/extension';
import { keyRow } from './driver/keys';
import { find, openOptions, showSection } from './driver/ui';

let api: TestApi;
let ext: Ext;

beforeAll(async () => {
  [api, ext] = await Promise.all([startTestApi(), launch()]);
});

const ALERTS_NEXT_TO_KEYS = () => {
  if (!document.querySelector('[role=table][aria-label="API keys"]')) return [];
  return Array.from(document.querySelectorAll('[role=alert]'), (a) => a.textContent ?? '').filter(Boolean);
};

it('creating an account: from the moment the keys appear, no error banner, not even for a frame', async () => {
  const page = await openOptions(ext);
  await configureServer(page, api);
  await showSection(page, 'API Keys');
  // The page loaded signed out: its first requests were answered "Sign in to KalshiBook first."
  await page.evaluate(() => {
    const w = window as unknown as { __kbSeenAlerts: string[] };
    w.__kbSeenAlerts = [];
    new MutationObserver(() => {
      if (!document.querySelector('[role=table][aria-label="API keys"]')) return;
      for (const a of Array.from(document.querySelectorAll('[role=alert]'))) if (a.textContent) w.__kbSeenAlerts.push(a.textContent);
    }).observe(document, { subtree: true, childList: true, characterData: true });
  });
  await signUp(page, randomEmail('no-stale-error'));
  await find(page, 'table', 'API keys');
  const polled: string[] = [];
  for (const end = Date.now() + 3_000; Date.now() < end; ) polled.push(...(await page.evaluate(ALERTS_NEXT_TO_KEYS)));
  expect(polled).toEqual([]);
  expect(await page.evaluate(() => (window as unknown as { __kbSeenAlerts: string[] }).__kbSeenAlerts)).toEqual([]);
  await keyRow(page, 'default');
  await ext.closePage(page);
});
