// Billing: the plan card, Pay-As-You-Go, Stripe checkout and portal in new tabs (the local API's
// stand-in pages) with the outcome noticed by the background, the popup's billing tab, the badge.
import { beforeAll, describe, expect, it } from 'vitest';
import type { ElementHandle, Page } from 'puppeteer-core';
import { configureServer, newAccount, signOut } from './driver/account';
import { opensTab, popupBilling, reloadedBilling, UPGRADE, upgradeNewAccount, waitForUrl } from './driver/billing';
import { startTestApi, type TestApi } from './driver/api';
import { launch, type Ext } from './driver/extension';
import { attribute, click, dismissToasts, expectToast, find, gone, openOptions, showSection, until, waitForText } from './driver/ui';

const PAYG_ON = 'Pay-As-You-Go enabled. Overage credits will be billed at $0.008/credit.';
const PAYG_OFF = 'Pay-As-You-Go disabled. API access will stop when credits are exhausted.';
const CHECKOUT_SUCCESS = 'Subscription activated! Your credits have been updated.';

let api: TestApi;
let ext: Ext;
let page: Page;
let email: string;

let polled: Promise<void>;
beforeAll(async () => {
  [api, ext] = await Promise.all([startTestApi(), launch()]);
  (polled = polledCheckout()).catch(() => undefined); // its test, the file's last, awaits it
  ({ page, email } = await newAccount(ext, api, { label: 'billing', configure: true }));
  await showSection(page, 'Billing');
});

const planCard = (p: Page) => find(p, 'main');
const isDisabled = (button: ElementHandle<Element>) => button.evaluate((b) => (b as HTMLButtonElement).disabled);

/** The Pay-As-You-Go switch clicked: its toast, the plan card's new state and the switch's. */
async function switchPayg(page: Page, toast: string, state: 'Enabled' | 'Disabled'): Promise<void> {
  const card = await planCard(page);
  await dismissToasts(page);
  await click(card, 'switch', 'Pay-As-You-Go');
  await expectToast(page, toast);
  await waitForText(page, state, card);
  expect(await attribute(await find(card, 'switch', 'Pay-As-You-Go'), 'aria-checked')).toBe(String(state === 'Enabled'));
}

describe('options page: billing', () => {
  it('shows the free plan: tier, credits, next billing date, PAYG off, Manage disabled', async () => {
    let card = await planCard(page);
    await find(card, 'heading', 'Billing');
    for (const text of ['Manage your subscription and payment methods.', 'Current Plan', 'Free', '0 / 1,000 used', '1,000 remaining', 'Disabled']) await waitForText(page, text, card);
    expect(await attribute(await find(card, 'switch', 'Pay-As-You-Go'), 'aria-checked')).toBe('false');
    expect(await isDisabled(await find(card, 'button', 'Manage in Stripe'))).toBe(true);
    await waitForText(page, 'Available once you subscribe or enable Pay-As-You-Go.', card);

    // Numbers come from the server: usage and a cycle that starts on a Jan 31 (next: Feb 29 in a
    // leap year). A cycle still ahead, so that it has not ended (billing-cycle.test.ts covers that).
    await api.admin('billing', { email, credits_used: 250, billing_cycle_start: '2028-01-31T10:00:00+00:00' });
    page = await ext.reload(page);
    card = await planCard(page);
    for (const text of ['250 / 1,000 used', '750 remaining', 'February 29, 2028']) await waitForText(page, text, card);
    expect(await attribute(await find(card, 'progressbar', 'Credits used'), 'aria-valuenow')).toBe('25');
  });

  it('Pay-As-You-Go on (server message, Enabled, Manage in Stripe opens the portal tab) and off', async () => {
    const card = await planCard(page);
    await switchPayg(page, PAYG_ON, 'Enabled');

    const manage = await find(card, 'button', 'Manage in Stripe');
    await until(() => isDisabled(manage), (disabled) => !disabled, '"Manage in Stripe" to be enabled');
    const portal = await opensTab(ext, manage, `${api.url}/stripe/portal/`);
    await find(portal, 'heading', 'KalshiBook billing');
    await waitForText(portal, 'Enabled');
    await portal.close();

    await switchPayg(page, PAYG_OFF, 'Disabled');
  });

  it('Upgrade opens Stripe checkout in a new tab; Subscribe shows "Project" and the toast here without a reload', async () => {
    const card = await planCard(page);
    await dismissToasts(page);
    const checkout = await opensTab(ext, await find(card, 'button', UPGRADE), `${api.url}/stripe/checkout/`);
    await find(checkout, 'heading', 'Project plan — $30/month');
    await expectToast(page, 'Checkout opened in a new tab.');

    await click(checkout, 'button', 'Subscribe');
    await waitForUrl(checkout, `${api.dashboardUrl}/billing?success=true`);

    await expectToast(page, CHECKOUT_SUCCESS);
    await waitForText(page, 'Project', card);
    await waitForText(page, /\/ 4,000 used$/, card);
    await gone(card, 'button', UPGRADE);
    await checkout.close();

    const portal = await opensTab(ext, await find(card, 'button', 'Manage in Stripe'), `${api.url}/stripe/portal/`);
    await waitForText(portal, 'Project plan — $30/month');
    await portal.close();
  });

  it('a fresh account: Cancel on the checkout page says "Checkout canceled." and stays Free', async () => {
    await signOut(page);
    let checkout: Page;
    ({ email, checkout } = await upgradeNewAccount(ext, api, 'cancel', page));
    const card = await planCard(page);
    await click(checkout, 'button', 'Cancel');
    await waitForUrl(checkout, `${api.dashboardUrl}/billing?canceled=true`);
    await expectToast(page, 'Checkout canceled.');
    await waitForText(page, 'Free', card);
    await find(card, 'button', UPGRADE);
    await checkout.close();
  });
});

it('options page: a return from Stripe in its own URL honours ?success=true and ?canceled=true, then removes them from the URL', async () => {
  for (const [query, message] of [['success=true', CHECKOUT_SUCCESS], ['canceled=true', 'Checkout canceled.']] as const) {
    const returned = await ext.open(`options.html?${query}#billing`);
    await expectToast(returned, message);
    await waitForText(returned, 'Current Plan', await planCard(returned));
    const url = new URL(await returned.evaluate(() => location.href));
    expect(url.search).toBe('');
    expect(url.hash).toBe('#billing');
    await ext.closePage(returned);
  }
});

it('popup billing: shows the plan; "Upgrade" opens the checkout page in a new tab', async () => {
  const { popup, panel } = await popupBilling(ext);
  for (const text of ['Current Plan', '0 / 1,000 used', 'Pay-As-You-Go: Disabled']) await waitForText(popup, text, panel);
  expect(await isDisabled(await find(panel, 'button', 'Manage in Stripe'))).toBe(true);

  const checkout = await opensTab(ext, await find(panel, 'button', UPGRADE), `${api.url}/stripe/checkout/`);
  await find(checkout, 'button', 'Subscribe');
  await checkout.close();
  await ext.closePage(popup);
});

it('the toolbar badge warns when credits run low and when they are exhausted; sign-out clears it', async () => {
  expect((await ext.badge()).text).toBe('');
  await api.admin('billing', { email, credits_used: 950 });
  ({ page } = await reloadedBilling(ext, page, '950 / 1,000 used'));
  expect(await until(() => ext.badge(), (b) => b.text === '!', 'badge "!"')).toEqual({ text: '!', title: 'KalshiBook: 50 credits left.' });

  await api.admin('billing', { email, credits_used: 1000 });
  ({ page } = await reloadedBilling(ext, page, '0 remaining'));
  expect((await until(() => ext.badge(), (b) => b.text === '0', 'badge "0"')).title).toBe('KalshiBook: credits exhausted. Enable Pay-As-You-Go or upgrade.');

  await signOut(page);
  await until(() => ext.badge(), (b) => b.text === '', 'an empty badge');
});

// A second API returns from Stripe to localhost, outside the build's one host permission: only the background's 3-s poll, or (Firefox's event
// page suspended, idle after 2 s here) its 30-s alarm, notices the new plan. Mostly that wait: it runs from beforeAll beside the file's other tests.
async function polledCheckout(): Promise<void> {
  const [own, other] = await Promise.all([launch(), startTestApi({ dashboardUrl: `http://localhost:${api.port}` })]);
  try {
    const page = await openOptions(own);
    await configureServer(page, other, { dashboard: other.dashboardUrl });
    const { checkout } = await upgradeNewAccount(own, other, 'polled', page);
    await click(checkout, 'button', 'Subscribe');
    await waitForUrl(checkout, `http://localhost:${api.port}/billing?success=true`);
    await expectToast(page, CHECKOUT_SUCCESS, 45_000); // allow for one alarm period
    await waitForText(page, 'Project', await planCard(page));
  } finally {
    await Promise.all([own.close(), other.close()]);
  }
}

it('a checkout returning to a dashboard the extension has no host access to: the polled billing status still shows Project', () => polled);
