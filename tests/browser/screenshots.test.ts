// Screenshots from a demo-like account: keys with real usage (metered GET /markets calls), the free plan partly used. Chromium's run writes the docs'
// images (docs/screenshots/, the names the README links); Firefox's run takes the same pictures into .output/screenshots-firefox/ (not committed: the
// docs show one browser). KB_SCREENSHOT_DIR overrides. First the options page as a new user sees it (the first-run welcome, the demo account), then
// "Got it", so the other pictures show the pages without it.
import { mkdirSync } from 'node:fs';
import path from 'node:path';
import { beforeAll, expect, it } from 'vitest';
import type { Page } from 'puppeteer-core';
import { configureServer, signUp } from './driver/account';
import { apiSession, startTestApi, useKey, type TestApi } from './driver/api';
import { browserName, launch, type Ext } from './driver/extension';
import { popupBilling, reloadedBilling } from './driver/billing';
import { acknowledgeKey, createKeyToShowOnce, keyRow, popupRow } from './driver/keys';
import { click, find, gone, openOptions, openPopup, showSection, waitForText, waitIn } from './driver/ui';

const SCREENSHOT_DIR = path.resolve(process.env.KB_SCREENSHOT_DIR ?? (browserName === 'chromium' ? 'docs/screenshots' : '.output/screenshots-firefox'));

/** Waits until no toast is on screen (they last 4 s), so a picture shows the page alone. */
const noToasts = (page: Page) => waitIn(page, () => !document.querySelector('[data-sonner-toast]'), [], { timeout: 10_000 });

/** The page in front, fonts loaded and two frames drawn (nothing half-animated), saved as `file`. */
async function screenshot(page: Page, file: `${string}.png`): Promise<void> {
  mkdirSync(SCREENSHOT_DIR, { recursive: true });
  await page.bringToFront();
  await page.evaluate(() => document.fonts.ready.then(() => new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(r)))));
  await page.screenshot({ path: path.join(SCREENSHOT_DIR, file) });
}

const EMAIL = 'quant.trader@example.com';
const WELCOME = 'Welcome to KalshiBook';
let api: TestApi;
let ext: Ext;
let options: Page;

beforeAll(async () => {
  // With the demo account, as `npm start` runs it (the welcome names it).
  [api, ext] = await Promise.all([startTestApi({ seedDemo: true }), launch()]);
  options = await openOptions(ext);
  // One origin throughout, as `npm start` shows it (the CORS path is covered by the other files).
  await configureServer(options, api, { api: api.url });

  // The first-run welcome, on the options page opened afresh (it asks the server in Settings).
  await ext.closePage(options);
  options = await openOptions(ext);
  const welcome = await find(options, 'region', WELCOME);
  await waitForText(options, 'demo@kalshibook.local', welcome);
  await find(options, 'heading', 'Sign in to KalshiBook');
  await screenshot(options, 'options-welcome.png');
  await click(welcome, 'button', 'Got it');
  await gone(options, 'region', WELCOME);

  await showSection(options, 'API Keys');
  await signUp(options, EMAIL);
  await keyRow(options, 'default');

  // Demo data: keys created over the API and used for market data (1 credit per call).
  const server = await apiSession(api, EMAIL);
  const research = await server.createKey('research-notebook');
  const backtest = await server.createKey('backtesting');
  const production = await server.createKey('production', 'prod');
  await useKey(api, research.key, 6);
  await useKey(api, backtest.key, 14);
  await useKey(api, production.key, 30);
  // A busier production key than a test wants to wait for: the rest recorded as usage directly.
  await api.admin('usage', { key_id: production.id, credits: 212 });
  const usage = Object.fromEntries((await server.keys()).map((k) => [k.name, k.credits_used]));
  expect(usage).toMatchObject({ production: 242, backtesting: 14, 'research-notebook': 6, default: 0 });
});

it('options-keys.png, options-billing.png, options-settings.png (1280×800)', async () => {
  options = await ext.reload(options);
  await waitForText(options, '242 credits', await keyRow(options, 'production'));
  await noToasts(options);
  await screenshot(options, 'options-keys.png');

  await showSection(options, 'Billing');
  await waitForText(options, '262 / 1,000 used', await find(options, 'main'));
  await screenshot(options, 'options-billing.png');

  await showSection(options, 'Settings');
  await waitForText(options, `Signed in as ${EMAIL}`);
  await screenshot(options, 'options-settings.png');
  await showSection(options, 'API Keys');
});

it('popup-keys.png, popup-billing.png, popup-show-once.png (380×600)', async () => {
  const popup = await openPopup(ext);
  await waitForText(popup, '242 credits', await popupRow(popup, 'production'));
  await screenshot(popup, 'popup-keys.png');

  await click(popup, 'tab', 'Billing');
  await waitForText(popup, '262 / 1,000 used', await find(popup, 'tabpanel', 'Billing'));
  await screenshot(popup, 'popup-billing.png');

  await click(popup, 'tab', 'Keys');
  await createKeyToShowOnce(popup, 'live-trading', { popup: true, type: 'Production' });
  await screenshot(popup, 'popup-show-once.png');
  await acknowledgeKey(popup);
  await ext.closePage(popup);
});

it('the billing card states: a cycle that has ended, Pay-As-You-Go so far (options 1280×800, popup 380×600)', async () => {
  // Early in a month before any data request: the server still reports last month.
  await api.admin('cycle', { email: EMAIL, months_back: 1 });
  ({ page: options } = await reloadedBilling(ext, options));
  await find(options, 'note', 'New billing cycle');
  await noToasts(options);
  await screenshot(options, 'options-billing-new-cycle.png');
  const { popup, panel } = await popupBilling(ext);
  await find(panel, 'note', 'New billing cycle');
  await screenshot(popup, 'popup-billing-new-cycle.png');
  await ext.closePage(popup);

  // This month on Pay-As-You-Go, past the allowance (usage recorded as data requests would).
  const byName = Object.fromEntries((await (await apiSession(api, EMAIL)).keys()).map((k) => [k.name, k.id]));
  for (const [name, credits] of [['production', 905], ['backtesting', 297], ['research-notebook', 110]] as const) {
    await api.admin('usage', { key_id: byName[name], credits });
  }
  await api.admin('billing', { email: EMAIL, tier: 'payg', payg_enabled: true, stripe_customer_id: 'cus_local_screenshots' });
  ({ page: options } = await reloadedBilling(ext, options, '312 credits over · ≈ $2.50'));
  await noToasts(options);
  await screenshot(options, 'options-billing-payg.png');
  const { popup: payg, panel: paygPanel } = await popupBilling(ext);
  await waitForText(payg, '312 credits over · ≈ $2.50', paygPanel);
  await screenshot(payg, 'popup-billing-payg.png');
  await ext.closePage(payg);

  await showSection(options, 'Settings');
  await find(options, 'switch', 'Notify me when credits run low');
  await (await find(options, 'button', 'Save amount')).evaluate((el) => el.scrollIntoView({ block: 'center' }));
  await screenshot(options, 'options-settings-alerts.png');
  await showSection(options, 'API Keys');
});
