// The Playground end to end against the local API's data routes: the happy path from a key's menu
// to a copied curl command that runs, then each way a request can go wrong.
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import type { Page } from 'puppeteer-core';
import { beforeAll, expect, it } from 'vitest';
import { newAccount } from './driver/account';
import { apiSession, startTestApi, type TestApi } from './driver/api';
import { launch, type Ext } from './driver/extension';
import { copied, rowAction } from './driver/keys';
import { click, fill, find, press, until, waitForText, waitIn } from './driver/ui';

const BTC = 'KXBTCD-26FEB1617-T97499.99';
const NBA = 'KXNBAGAME-26FEB19LALBOS-LAL'; // data from Feb 18 12:00 UTC

let api: TestApi;
let ext: Ext;
let page: Page;
let email: string;

beforeAll(async () => {
  [api, ext] = await Promise.all([startTestApi(), launch()]);
  ({ page, email } = await newAccount(ext, api, { configure: true, label: 'playground' }));
});

/** `credits_used` of the account, from the server (GET /billing/status with a session of its own). */
const creditsUsed = async () => (await apiSession(api, email)).creditsUsed();

const response = () => find(page, 'region', 'Response');
const orderbookCalls = () => api.log.filter((line) => line.startsWith('POST /orderbook ')).length;

/** Types a ticker into the market field and closes the suggestions. */
async function setTicker(ticker: string): Promise<void> {
  await fill(page, await find(page, 'combobox', 'Market ticker'), ticker);
  await page.keyboard.press('Escape');
}

it('key menu → search → example → free demo → send with the key → preview, JSON → copy curl and run it', async () => {
  await rowAction(page, 'default', 'Try in Playground');
  await find(page, 'heading', 'Playground');

  // Search (free, /playground/markets) and pick a market it found; the example uses it.
  await fill(page, await find(page, 'combobox', 'Market ticker'), 'btc');
  const option = waitIn(page, (ticker: string) => Array.from(document.querySelectorAll('[role=option]')).find((o) => o.textContent?.startsWith(ticker)) ?? false, [BTC]);
  await press(await option);
  await click(page, 'button', 'Try an example');
  await until(async () => (await find(page, 'combobox', 'Market ticker')).evaluate((el) => (el as HTMLInputElement).value), (v) => v === BTC, 'the example’s ticker');

  const before = await creditsUsed();
  await click(page, 'button', 'Run free (demo)');
  await waitForText(page, 'Free (demo): no credits charged', await response());
  expect(await creditsUsed()).toBe(before);

  await click(page, 'button', 'Send with default · 5 credits');
  await waitForText(page, /Charged 5 credits/, await response());
  expect(await creditsUsed()).toBe(before + 5);
  await waitForText(page, 'Status 200', await response());

  // Preview: ladders and the depth chart; JSON: the body.
  await find(await response(), 'img', undefined);
  await find(page, 'table', 'Yes ladder');
  await find(page, 'table', 'No ladder');
  await click(page, 'tab', 'JSON');
  await waitForText(page, /^"snapshot_basis":/, await response());

  // Copy the curl command (the full key, through the copy-for-code path) and run it.
  const command = await copied(ext, page, async () => click(await find(page, 'region', 'Code'), 'button', 'Copy'), 'curl command copied to clipboard. Clears in 1 minute.');
  expect(command).toMatch(/^curl -X POST "http:\/\/localhost:\d+\/orderbook" \\\n {2}-H "Authorization: Bearer kb-[A-Za-z0-9_-]{43}"/);
  const { stdout } = await promisify(execFile)('sh', ['-c', `${command} -s -w '\\n%{http_code}'`], { encoding: 'utf8', timeout: 20_000 });
  expect(stdout.trim().split('\n').at(-1)).toBe('200');
  expect(JSON.parse(stdout.slice(0, stdout.lastIndexOf('\n')))).toMatchObject({ market_ticker: BTC, snapshot_basis: expect.any(String) });
  expect(await creditsUsed()).toBe(before + 10);
});

it('no data before the earliest time: one click uses it', async () => {
  // The example's time is on Feb 16; this market's data starts on Feb 18.
  await setTicker(NBA);
  await click(page, 'button', 'Send with default · 5 credits');
  await waitForText(page, 'No data this early: the market’s data starts later.', await response());
  await click(await response(), 'button', 'Use the earliest time');
  await waitForText(page, 'Status 200', await response());
  await click(page, 'tab', 'Preview');
  await find(page, 'table', 'Yes ladder');
});

it('the real backend’s orderbook 500: said plainly, counted, not retried; demo and /deltas offered', async () => {
  await api.withFaults({ jsonb_defect: true }, async () => {
    await setTicker(BTC);
    const calls = orderbookCalls();
    const before = await creditsUsed();
    await click(page, 'button', 'Send with default · 5 credits');
    await waitForText(page, /KalshiBook’s server failed while rebuilding this order book/, await response());
    await find(await response(), 'button', 'Try POST /deltas');
    await find(await response(), 'button', 'Run free (demo)');
    await waitForText(page, /Charged 5 credits/, await response());
    expect(await creditsUsed()).toBe(before + 5);
    expect(orderbookCalls()).toBe(calls + 1);
  }, 'data-faults');
});

it('out of credits: 429, nothing charged, Pay-As-You-Go and Upgrade offered', async () => {
  await api.admin('billing', { email, credits_used: 998 });
  try {
    await click(page, 'button', 'Send with default · 5 credits');
    await waitForText(page, /Out of credits/, await response());
    await find(await response(), 'button', 'Pay-As-You-Go');
    await find(await response(), 'button', 'Upgrade');
    expect(await creditsUsed()).toBe(998);
  } finally {
    await api.admin('billing', { email, credits_used: 0 });
  }
});

it('a revoked key: said before anything is charged, with the way to API Keys', async () => {
  const session = await apiSession(api, email);
  const key = (await session.keys()).find((k) => k.name === 'default')!;
  await session.revoke(key.id);
  await click(page, 'button', 'Send with default · 5 credits');
  await waitForText(page, /The key “default” can’t be used here/, await response());
  await find(await response(), 'button', 'Go to API Keys');
});
