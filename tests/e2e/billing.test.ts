// Billing in real Chromium: the plan card, Pay-As-You-Go, and Stripe checkout / portal in new tabs
// (the local API's Stripe stand-in pages), with the outcome noticed by the background.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Locator, Page } from 'playwright-core';
import { launchExtension, type ExtensionBrowser } from './harness';
import {
  configureServer,
  dismissToasts,
  expectToast,
  gone,
  newAccount,
  openPopup,
  showSection,
  signOut,
  startTestApi,
  visible,
  type TestApi,
  until,
} from './fixtures';

const UPGRADE = 'Upgrade to Project Plan — $30/mo';
const PAYG_ON = 'Pay-As-You-Go enabled. Overage credits will be billed at $0.008/credit.';
const PAYG_OFF = 'Pay-As-You-Go disabled. API access will stop when credits are exhausted.';
const CHECKOUT_SUCCESS = 'Subscription activated! Your credits have been updated.';

let api: TestApi;
let ext: ExtensionBrowser;
let page: Page;
let email: string;

beforeAll(async () => {
  [api, ext] = await Promise.all([startTestApi(), launchExtension()]);
  ({ page, email } = await newAccount(ext, api, { label: 'billing', configure: true }));
  await showSection(page, 'Billing');
});

afterAll(async () => {
  await ext?.close();
  await api?.close();
});

/** The options page's plan card. */
function planCard(p: Page): Locator {
  return p.getByRole('main');
}

/** Clicks `button` and returns the tab it opens (the background creates it). */
async function opensTab(button: Locator): Promise<Page> {
  const [tab] = await Promise.all([ext.context.waitForEvent('page', { timeout: 15_000 }), button.click()]);
  await tab.waitForLoadState('domcontentloaded');
  return tab;
}

describe('options page: billing', () => {
  it('shows the free plan: tier, credits, next billing date, PAYG off, Manage disabled', async () => {
    const card = planCard(page);
    await visible(card.getByRole('heading', { name: 'Billing', exact: true }));
    await visible(card.getByText('Manage your subscription and payment methods.', { exact: true }));
    await visible(card.getByText('Current Plan', { exact: true }));
    await visible(card.getByText('Free', { exact: true }));
    await visible(card.getByText('0 / 1,000 used', { exact: true }));
    await visible(card.getByText('1,000 remaining', { exact: true }));
    await visible(card.getByText('Disabled', { exact: true }));
    expect(await card.getByRole('switch', { name: 'Pay-As-You-Go' }).getAttribute('aria-checked')).toBe('false');
    expect(await card.getByRole('button', { name: 'Manage in Stripe', exact: true }).isDisabled()).toBe(true);
    await visible(card.getByText('Available once you subscribe or enable Pay-As-You-Go.', { exact: true }));

    // Numbers come from the server: usage and a cycle that starts on a Jan 31 (next: Feb 29 in a
    // leap year). A cycle still ahead, so that it has not ended (billing-cycle.test.ts covers that).
    await api.admin('billing', { email, credits_used: 250, billing_cycle_start: '2028-01-31T10:00:00+00:00' });
    await page.reload();
    await visible(card.getByText('250 / 1,000 used', { exact: true }));
    await visible(card.getByText('750 remaining', { exact: true }));
    await visible(card.getByText('February 29, 2028', { exact: true }));
    expect(await card.getByRole('progressbar', { name: 'Credits used' }).getAttribute('aria-valuenow')).toBe('25');
  });

  it('turns Pay-As-You-Go on (server message, Enabled, Manage in Stripe opens the portal) and off', async () => {
    const card = planCard(page);
    const toggle = card.getByRole('switch', { name: 'Pay-As-You-Go' });
    await dismissToasts(page);
    await toggle.click();
    await expectToast(page, PAYG_ON);
    await visible(card.getByText('Enabled', { exact: true }));
    expect(await toggle.getAttribute('aria-checked')).toBe('true');

    const manage = card.getByRole('button', { name: 'Manage in Stripe', exact: true });
    await until(() => manage.isDisabled(), (disabled) => !disabled, '"Manage in Stripe" to be enabled');
    const portal = await opensTab(manage);
    expect(portal.url()).toMatch(new RegExp(`^${api.url}/stripe/portal/`));
    await visible(portal.getByRole('heading', { name: 'KalshiBook billing' }));
    await visible(portal.getByText('Enabled', { exact: true }));
    await portal.close();

    await dismissToasts(page);
    await toggle.click();
    await expectToast(page, PAYG_OFF);
    await visible(card.getByText('Disabled', { exact: true }));
    expect(await toggle.getAttribute('aria-checked')).toBe('false');
  });

  it('Upgrade opens Stripe checkout in a new tab; Subscribe shows Project here without a reload', async () => {
    const card = planCard(page);
    await dismissToasts(page);
    const checkout = await opensTab(card.getByRole('button', { name: UPGRADE, exact: true }));
    expect(checkout.url()).toMatch(new RegExp(`^${api.url}/stripe/checkout/`));
    await visible(checkout.getByRole('heading', { name: 'Project plan — $30/month' }));
    await expectToast(page, 'Checkout opened in a new tab.');

    await checkout.getByRole('button', { name: 'Subscribe', exact: true }).click();
    // Stripe sends the browser back to the dashboard's billing page.
    await checkout.waitForURL(`${api.dashboardUrl}/billing?success=true`);

    await expectToast(page, CHECKOUT_SUCCESS);
    await visible(card.getByText('Project', { exact: true }));
    await visible(card.getByText('/ 4,000 used', { exact: false }));
    await gone(card.getByRole('button', { name: UPGRADE }));
    await checkout.close();

    const portal = await opensTab(card.getByRole('button', { name: 'Manage in Stripe', exact: true }));
    expect(portal.url()).toMatch(new RegExp(`^${api.url}/stripe/portal/`));
    await visible(portal.getByText('Project plan — $30/month', { exact: true }));
    await portal.close();
  });

  it('a fresh account: Cancel on the checkout page says "Checkout canceled." and stays Free', async () => {
    await signOut(page);
    ({ page, email } = await newAccount(ext, api, { label: 'cancel', page }));
    await showSection(page, 'Billing');
    const card = planCard(page);
    await visible(card.getByText('Free', { exact: true }));

    await dismissToasts(page);
    const checkout = await opensTab(card.getByRole('button', { name: UPGRADE, exact: true }));
    await checkout.getByRole('button', { name: 'Cancel', exact: true }).click();
    await checkout.waitForURL(`${api.dashboardUrl}/billing?canceled=true`);
    await expectToast(page, 'Checkout canceled.');
    await visible(card.getByText('Free', { exact: true }));
    await visible(card.getByRole('button', { name: UPGRADE, exact: true }));
    await checkout.close();
  });
});

describe('options page: return from Stripe in its own URL', () => {
  it('honours ?success=true and ?canceled=true, then removes them from the URL', async () => {
    for (const [query, message] of [
      ['success=true', CHECKOUT_SUCCESS],
      ['canceled=true', 'Checkout canceled.'],
    ] as const) {
      const returned = await ext.open(`options.html?${query}#billing`);
      await expectToast(returned, message);
      await visible(planCard(returned).getByText('Current Plan', { exact: true }));
      expect(new URL(returned.url()).search).toBe('');
      expect(new URL(returned.url()).hash).toBe('#billing');
      await returned.close();
    }
  });
});

describe('popup: billing', () => {
  it('shows the plan and "Upgrade" opens the checkout page in a new tab', async () => {
    const popup = await openPopup(ext);
    await popup.getByRole('tab', { name: 'Billing', exact: true }).click();
    const panel = popup.getByRole('tabpanel', { name: 'Billing' });
    await visible(panel.getByText('Current Plan', { exact: true }));
    await visible(panel.getByText('0 / 1,000 used', { exact: true }));
    await visible(panel.getByText('Pay-As-You-Go: Disabled', { exact: true }));
    expect(await panel.getByRole('button', { name: 'Manage in Stripe', exact: true }).isDisabled()).toBe(true);

    const checkout = await opensTab(panel.getByRole('button', { name: UPGRADE, exact: true }));
    expect(checkout.url()).toMatch(new RegExp(`^${api.url}/stripe/checkout/`));
    await visible(checkout.getByRole('button', { name: 'Subscribe', exact: true }));
    await checkout.close();
    await popup.close();
  });
});

describe('toolbar badge', () => {
  const badge = async () => {
    const worker = await ext.worker();
    return worker.evaluate(async () => {
      const action = (globalThis as unknown as { chrome: { action: { getBadgeText(d: object): Promise<string>; getTitle(d: object): Promise<string> } } }).chrome.action;
      return { text: await action.getBadgeText({}), title: await action.getTitle({}) };
    });
  };

  it('warns when credits run low and when they are exhausted; sign-out clears it', async () => {
    expect((await badge()).text).toBe('');
    await api.admin('billing', { email, credits_used: 950 });
    await page.reload();
    await visible(planCard(page).getByText('950 / 1,000 used', { exact: true }));
    expect(await until(badge, (b) => b.text === '!', 'badge "!"')).toEqual({ text: '!', title: 'KalshiBook: 50 credits left.' });

    await api.admin('billing', { email, credits_used: 1000 });
    await page.reload();
    await visible(planCard(page).getByText('0 remaining', { exact: true }));
    expect((await until(badge, (b) => b.text === '0', 'badge "0"')).title).toBe('KalshiBook: credits exhausted. Enable Pay-As-You-Go or upgrade.');

    await signOut(page);
    await until(badge, (b) => b.text === '', 'an empty badge');
  });
});

describe('checkout outcome without seeing the tab', () => {
  it('a dashboard the extension has no host access to: the polled billing status still shows Project', async () => {
    // A second API whose Stripe pages return to a dashboard on localhost, outside the build's one
    // host permission (127.0.0.1): the background cannot see the tab come back, only its polling
    // of the billing status can notice the new plan.
    const other = await startTestApi({ dashboardUrl: `http://localhost:${api.port}` });
    try {
      await configureServer(page, other, { dashboard: other.dashboardUrl });
      await showSection(page, 'API Keys');
      ({ page } = await newAccount(ext, other, { label: 'polled', page }));
      await showSection(page, 'Billing');
      const card = planCard(page);
      await visible(card.getByText('Free', { exact: true }));
      await dismissToasts(page);
      const checkout = await opensTab(card.getByRole('button', { name: UPGRADE, exact: true }));
      await checkout.getByRole('button', { name: 'Subscribe', exact: true }).click();
      await checkout.waitForURL(`http://localhost:${api.port}/billing?success=true`);
      await expectToast(page, CHECKOUT_SUCCESS);
      await visible(card.getByText('Project', { exact: true }));
      await checkout.close();
    } finally {
      await other.close();
    }
  });
});
