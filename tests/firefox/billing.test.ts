// Billing in real Firefox: the plan card, Pay-As-You-Go, and Stripe checkout / portal in tabs the
// event page opens (the local API's Stripe stand-in pages), with the outcome noticed by the
// background and shown in the open options page without a reload. Mirrors tests/e2e/billing.test.ts.
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { ElementHandle, Page } from 'puppeteer-core';
import { startTestApi, type TestApi } from '../e2e/fixtures';
import { launchFirefox, reopen, UI_TIMEOUT, type FirefoxAddon } from './harness';
import {
  attribute,
  click,
  dismissToasts,
  expectToast,
  find,
  gone,
  newAccount,
  openPopup,
  press,
  showSection,
  signOut,
  waitForText,
} from './ui';

const UPGRADE = 'Upgrade to Project Plan — $30/mo';
const PAYG_ON = 'Pay-As-You-Go enabled. Overage credits will be billed at $0.008/credit.';
const PAYG_OFF = 'Pay-As-You-Go disabled. API access will stop when credits are exhausted.';
const CHECKOUT_SUCCESS = 'Subscription activated! Your credits have been updated.';

let api: TestApi;
let ff: FirefoxAddon;
let page: Page;
let email: string;

beforeAll(async () => {
  [api, ff] = await Promise.all([startTestApi(), launchFirefox()]);
  ({ page, email } = await newAccount(ff, api, { label: 'ff-billing', configure: true }));
  await showSection(page, 'Billing');
});

afterEach(async () => {
  expect(await ff.problems(), 'errors or CSP violations logged by the extension').toEqual([]);
});

afterAll(async () => {
  await ff?.close();
  await api?.close();
});

function planCard(p: Page): Promise<ElementHandle<Element>> {
  return find(p, 'main');
}

/** Clicks `button` and returns the tab the background opens at a URL starting with `prefix`. */
async function opensTab(button: ElementHandle<Element>, prefix: string): Promise<Page> {
  const opened = ff.browser.waitForTarget((t) => t.type() === 'page' && t.url().startsWith(prefix), { timeout: UI_TIMEOUT });
  await press(button);
  const tab = (await (await opened).page())!;
  tab.setDefaultTimeout(UI_TIMEOUT);
  await tab.waitForFunction(() => document.readyState === 'complete', { polling: 50 });
  return tab;
}

/** Waits until a tab shows a URL (the Stripe stand-in redirects back to the dashboard). */
async function waitForUrl(tab: Page, url: string): Promise<void> {
  await tab.waitForFunction((url: string) => location.href === url && document.readyState !== 'loading', { polling: 50, timeout: UI_TIMEOUT }, url);
}

describe('Firefox options page: billing', () => {
  it('shows the free plan: tier, credits, PAYG off, Manage disabled', async () => {
    const card = await planCard(page);
    await find(card, 'heading', 'Billing');
    await waitForText(page, 'Current Plan', card);
    await waitForText(page, 'Free', card);
    await waitForText(page, '0 / 1,000 used', card);
    await waitForText(page, '1,000 remaining', card);
    expect(await attribute(await find(card, 'switch', 'Pay-As-You-Go'), 'aria-checked')).toBe('false');
    expect(await (await find(card, 'button', 'Manage in Stripe')).evaluate((b) => (b as HTMLButtonElement).disabled)).toBe(true);
  });

  it('Pay-As-You-Go on (server message, Enabled, Manage in Stripe opens the portal tab) and off', async () => {
    const card = await planCard(page);
    await dismissToasts(page);
    await click(card, 'switch', 'Pay-As-You-Go');
    await expectToast(page, PAYG_ON);
    await waitForText(page, 'Enabled', card);
    expect(await attribute(await find(card, 'switch', 'Pay-As-You-Go'), 'aria-checked')).toBe('true');

    const manage = await find(card, 'button', 'Manage in Stripe');
    await page.waitForFunction((b: Element) => !(b as HTMLButtonElement).disabled, { polling: 100, timeout: UI_TIMEOUT }, manage);
    const portal = await opensTab(manage, `${api.url}/stripe/portal/`);
    await find(portal, 'heading', 'KalshiBook billing');
    await waitForText(portal, 'Enabled');
    await portal.close();

    await dismissToasts(page);
    await click(card, 'switch', 'Pay-As-You-Go');
    await expectToast(page, PAYG_OFF);
    await waitForText(page, 'Disabled', card);
    expect(await attribute(await find(card, 'switch', 'Pay-As-You-Go'), 'aria-checked')).toBe('false');
  });

  it('Upgrade opens Stripe checkout in a new tab; Subscribe shows "Project" and the toast here without a reload', async () => {
    const card = await planCard(page);
    await dismissToasts(page);
    const checkout = await opensTab(await find(card, 'button', UPGRADE), `${api.url}/stripe/checkout/`);
    await find(checkout, 'heading', 'Project plan — $30/month');
    await expectToast(page, 'Checkout opened in a new tab.');

    await click(checkout, 'button', 'Subscribe');
    await waitForUrl(checkout, `${api.dashboardUrl}/billing?success=true`);

    await expectToast(page, CHECKOUT_SUCCESS);
    await waitForText(page, 'Project', card);
    await waitForText(page, /\/ 4,000 used$/, card);
    await gone(card, 'button', UPGRADE);
    await checkout.close();

    const portal = await opensTab(await find(card, 'button', 'Manage in Stripe'), `${api.url}/stripe/portal/`);
    await waitForText(portal, 'Project plan — $30/month');
    await portal.close();
  });

  it('a fresh account: Cancel on the checkout page says "Checkout canceled." and stays Free', async () => {
    await signOut(page);
    ({ page, email } = await newAccount(ff, api, { label: 'ff-cancel', page }));
    await showSection(page, 'Billing');
    const card = await planCard(page);
    await waitForText(page, 'Free', card);

    await dismissToasts(page);
    const checkout = await opensTab(await find(card, 'button', UPGRADE), `${api.url}/stripe/checkout/`);
    await click(checkout, 'button', 'Cancel');
    await waitForUrl(checkout, `${api.dashboardUrl}/billing?canceled=true`);
    await expectToast(page, 'Checkout canceled.');
    await waitForText(page, 'Free', card);
    await find(card, 'button', UPGRADE);
    await checkout.close();
  });
});

describe('Firefox options page: return from Stripe in its own URL', () => {
  it('honours ?success=true and ?canceled=true, then removes them from the moz-extension:// URL', async () => {
    for (const [query, message] of [
      ['success=true', CHECKOUT_SUCCESS],
      ['canceled=true', 'Checkout canceled.'],
    ] as const) {
      const returned = await ff.open(`options.html?${query}#billing`);
      await expectToast(returned, message);
      await waitForText(returned, 'Current Plan', await planCard(returned));
      const url = new URL(await returned.evaluate(() => location.href));
      expect(url.search).toBe('');
      expect(url.hash).toBe('#billing');
      await ff.closePage(returned);
    }
  });
});

describe('Firefox popup: billing', () => {
  it('shows the plan; "Upgrade" opens the checkout page in a new tab', async () => {
    const popup = await openPopup(ff);
    await click(popup, 'tab', 'Billing');
    const panel = await find(popup, 'tabpanel', 'Billing');
    await waitForText(popup, 'Current Plan', panel);
    await waitForText(popup, '0 / 1,000 used', panel);
    await waitForText(popup, 'Pay-As-You-Go: Disabled', panel);

    const checkout = await opensTab(await find(panel, 'button', UPGRADE), `${api.url}/stripe/checkout/`);
    await find(checkout, 'button', 'Subscribe');
    await checkout.close();
    await ff.closePage(popup);
  });
});

describe('Firefox toolbar badge', () => {
  it('warns when credits run low; sign-out clears it', async () => {
    const badge = () =>
      ff.probe((p) =>
        p.evaluate(async () => {
          const action = (globalThis as unknown as { browser: { action: { getBadgeText(d: object): Promise<string>; getTitle(d: object): Promise<string> } } }).browser.action;
          return { text: await action.getBadgeText({}), title: await action.getTitle({}) };
        }),
      );
    expect((await badge()).text).toBe('');
    await api.admin('billing', { email, credits_used: 950 });
    page = await reopen(ff, page);
    await showSection(page, 'Billing');
    await waitForText(page, '950 / 1,000 used', await planCard(page));
    const deadline = Date.now() + UI_TIMEOUT;
    while ((await badge()).text !== '!' && Date.now() < deadline) await new Promise((r) => setTimeout(r, 200));
    expect(await badge()).toEqual({ text: '!', title: 'KalshiBook: 50 credits left.' });

    await signOut(page);
    const cleared = Date.now() + UI_TIMEOUT;
    while ((await badge()).text !== '' && Date.now() < cleared) await new Promise((r) => setTimeout(r, 200));
    expect((await badge()).text).toBe('');
  });
});
