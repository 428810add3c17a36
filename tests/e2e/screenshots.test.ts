// Screenshots for docs/screenshots/, from a demo-like account: a few keys with real usage (metered
// GET /markets calls made with the keys), the free plan partly used.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { launchExtension, type ExtensionBrowser } from './harness';
import {
  acknowledgeKey,
  apiSession,
  configureServer,
  createKeyToShowOnce,
  keyRow,
  openOptions,
  openPopup,
  popupRow,
  screenshot,
  showSection,
  signUp,
  startTestApi,
  useKey,
  visible,
  type TestApi,
} from './fixtures';

let api: TestApi;
let ext: ExtensionBrowser;
let options: Page;

/** Waits until no toast is on screen (they last 4 s), so screenshots show the page alone. */
async function noToasts(page: Page): Promise<void> {
  await page.locator('[data-sonner-toast]').first().waitFor({ state: 'detached', timeout: 10_000 });
}

beforeAll(async () => {
  [api, ext] = await Promise.all([startTestApi(), launchExtension()]);
  options = await openOptions(ext);
  // One origin throughout, as `npm start` shows it (the CORS path is covered by the other files).
  await configureServer(options, api, { api: api.url });
  await showSection(options, 'API Keys');
  await signUp(options, 'quant.trader@example.com');
  await visible(keyRow(options, 'default'));

  // Demo data: keys created over the API and used for market data (1 credit per call).
  const server = await apiSession(api, 'quant.trader@example.com');
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

afterAll(async () => {
  await ext?.close();
  await api?.close();
});

describe('screenshots', () => {
  it('options-welcome.png: the first-run welcome with the shortcut Chromium really has, then "Got it" (1280×800)', async () => {
    await options.reload();
    const welcome = options.getByRole('region', { name: 'Welcome to KalshiBook' });
    await visible(welcome.getByText('Alt+Shift+K', { exact: true }));
    await visible(welcome.getByText('Pin KalshiBook to the toolbar', { exact: true }));
    await visible(keyRow(options, 'production').getByText('242 credits', { exact: true }));
    await noToasts(options);
    await screenshot(options, 'options-welcome.png');
    await welcome.getByRole('button', { name: 'Got it' }).click();
    await welcome.waitFor({ state: 'detached' });
  });

  it('options-keys.png, options-billing.png, options-settings.png (1280×800)', async () => {
    await options.reload();
    await visible(keyRow(options, 'production').getByText('242 credits', { exact: true }));
    await noToasts(options);
    await screenshot(options, 'options-keys.png');

    await showSection(options, 'Billing');
    await visible(options.getByRole('main').getByText('262 / 1,000 used', { exact: true }));
    await screenshot(options, 'options-billing.png');

    await showSection(options, 'Settings');
    await visible(options.getByText('Signed in as quant.trader@example.com'));
    await screenshot(options, 'options-settings.png');
    await showSection(options, 'API Keys');
  });

  it('popup-keys.png, popup-billing.png, popup-show-once.png (380×600)', async () => {
    const popup = await openPopup(ext);
    await visible(popupRow(popup, 'production').getByText('242 credits', { exact: true }));
    await screenshot(popup, 'popup-keys.png');

    await popup.getByRole('tab', { name: 'Billing', exact: true }).click();
    await visible(popup.getByText('262 / 1,000 used', { exact: true }));
    await screenshot(popup, 'popup-billing.png');

    await popup.getByRole('tab', { name: 'Keys', exact: true }).click();
    await createKeyToShowOnce(popup, 'live-trading', { popup: true, type: 'Production' });
    await screenshot(popup, 'popup-show-once.png');
    await acknowledgeKey(popup);
    await popup.close();
  });

  it('the billing card states: a cycle that has ended, Pay-As-You-Go so far (options 1280×800, popup 380×600)', async () => {
    // Early in a month before any data request: the server still reports last month.
    await api.admin('cycle', { email: 'quant.trader@example.com', months_back: 1 });
    await options.reload();
    await showSection(options, 'Billing');
    await visible(options.getByRole('note', { name: 'New billing cycle' }));
    await noToasts(options);
    await screenshot(options, 'options-billing-new-cycle.png');
    const popup = await openPopup(ext);
    await popup.getByRole('tab', { name: 'Billing', exact: true }).click();
    await visible(popup.getByRole('note', { name: 'New billing cycle' }));
    await screenshot(popup, 'popup-billing-new-cycle.png');
    await popup.close();

    // This month on Pay-As-You-Go, past the allowance (usage recorded as data requests would).
    const server = await apiSession(api, 'quant.trader@example.com');
    const byName = Object.fromEntries((await server.keys()).map((k) => [k.name, k.id]));
    for (const [name, credits] of [['production', 905], ['backtesting', 297], ['research-notebook', 110]] as const) {
      await api.admin('usage', { key_id: byName[name], credits });
    }
    await api.admin('billing', { email: 'quant.trader@example.com', tier: 'payg', payg_enabled: true, stripe_customer_id: 'cus_local_screenshots' });
    await options.reload();
    await showSection(options, 'Billing');
    await visible(options.getByText('312 credits over · ≈ $2.50', { exact: true }));
    await noToasts(options);
    await screenshot(options, 'options-billing-payg.png');
    const payg = await openPopup(ext);
    await payg.getByRole('tab', { name: 'Billing', exact: true }).click();
    await visible(payg.getByText('312 credits over · ≈ $2.50', { exact: true }));
    await screenshot(payg, 'popup-billing-payg.png');
    await payg.close();

    // Settings: the low-credit alerts card.
    await showSection(options, 'Settings');
    const alerts = options.getByRole('switch', { name: 'Notify me when credits run low' });
    await visible(alerts);
    await options.getByRole('button', { name: 'Save amount', exact: true }).scrollIntoViewIfNeeded();
    await screenshot(options, 'options-settings-alerts.png');
    await showSection(options, 'API Keys');
  });
});
