// Billing at a glance in real Firefox, one lean pass: a cycle that has ended on the server's side
// (the local API's /__admin/cycle switch; the lazy reset has not run) shown as a new cycle with
// the right next billing date in options and popup, and Pay-As-You-Go past the allowance with its
// estimate. Mirrors the first and third scenarios of tests/e2e/billing-cycle.test.ts.
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { ElementHandle, Page } from 'puppeteer-core';
import { formatBillingDate } from '../../lib/format';
import { apiSession, startTestApi, useKey, type TestApi } from '../e2e/fixtures';
import { launchFirefox, reopen, sleep, UI_TIMEOUT, type FirefoxAddon } from './harness';
import { dumpStorage } from './event-page';
import { attribute, click, count, dismissToasts, expectToast, find, newAccount, openPopup, press, showSection, signOut, waitForText } from './ui';

let api: TestApi;
let ff: FirefoxAddon;
let page: Page;
let email: string;

beforeAll(async () => {
  [api, ff] = await Promise.all([startTestApi(), launchFirefox({ grantOptionalPermissions: true })]);
  ({ page, email } = await newAccount(ff, api, { label: 'ff-cycle', configure: true }));
});

afterEach(async () => {
  expect(await ff.problems(), 'errors or CSP violations logged by the extension').toEqual([]);
});

afterAll(async () => {
  await ff?.close();
  await api?.close();
});

/** The first instant of the UTC month `offset` months from now, as the plan card formats it. */
function monthStart(offset: number): string {
  const now = new Date();
  return formatBillingDate(new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth() + offset, 1)));
}

/** The date next to "Next billing date" inside `scope`. */
function nextBillingDate(scope: ElementHandle<Element>): Promise<string | null> {
  return scope.evaluate((root) => {
    const label = Array.from(root.querySelectorAll('span')).find((el) => el.textContent?.trim() === 'Next billing date');
    return label?.nextElementSibling?.textContent?.trim() ?? null;
  });
}

/** The options page opened afresh at Billing (a billing refresh), once the plan shows `usedText`. */
async function billingShows(usedText: string): Promise<ElementHandle<Element>> {
  page = await reopen(ff, page);
  await showSection(page, 'Billing');
  const card = await find(page, 'main');
  await waitForText(page, usedText, card);
  return card;
}

type NotificationEvent = { addListener(fn: (id: string) => void): void };
type NotificationsApi = { getAll(): Promise<Record<string, unknown>>; clear(id: string): Promise<boolean>; onShown: NotificationEvent; onClosed: NotificationEvent };
type PermissionsApi = { contains(p: { permissions: string[] }): Promise<boolean> };

/**
 * The extension's notifications raised since the last call (their ids), watched from the probe
 * tab. A headless Firefox has no alert service: it closes each notification as it creates it, so
 * `notifications.getAll()` stays empty there; `onShown` / `onClosed`, which every extension page
 * receives, still report each one. Needs the permission (the namespace exists only then).
 */
function raisedNotifications(): Promise<string[]> {
  return ff.probe((p) =>
    p.evaluate(async () => {
      const win = window as Window & { __kbRaised?: string[] };
      const n = (globalThis as unknown as { browser: { notifications: NotificationsApi } }).browser.notifications;
      if (!win.__kbRaised) {
        const raised: string[] = (win.__kbRaised = []);
        n.onShown.addListener((id) => raised.push(id));
        n.onClosed.addListener((id) => raised.push(id));
      }
      const ids = new Set([...win.__kbRaised.splice(0), ...Object.keys(await n.getAll())]);
      for (const id of ids) await n.clear(id);
      return [...ids].sort();
    }),
  ).then((ids) => ids.filter((id) => id !== 'kb-credits-forecast')); // The forecast alert depends on the day of the month: see tests/browser/usage.test.ts.
}

async function raisedUntil(ok: (ids: string[]) => boolean): Promise<string[]> {
  const deadline = Date.now() + UI_TIMEOUT;
  const seen = new Set(await raisedNotifications());
  while (!ok([...seen]) && Date.now() < deadline) {
    await sleep(200);
    for (const id of await raisedNotifications()) seen.add(id);
  }
  return [...seen].sort();
}

function notificationsAllowed(): Promise<boolean> {
  return ff.probe((p) =>
    p.evaluate(() => (globalThis as unknown as { browser: { permissions: PermissionsApi } }).browser.permissions.contains({ permissions: ['notifications'] })),
  );
}

async function badge(): Promise<{ text: string; title: string }> {
  return ff.probe((p) =>
    p.evaluate(async () => {
      const action = (globalThis as unknown as { browser: { action: { getBadgeText(d: object): Promise<string>; getTitle(d: object): Promise<string> } } }).browser.action;
      return { text: await action.getBadgeText({}), title: await action.getTitle({}) };
    }),
  );
}

async function badgeUntil(ok: (b: { text: string; title: string }) => boolean): Promise<{ text: string; title: string }> {
  const deadline = Date.now() + UI_TIMEOUT;
  let now = await badge();
  while (!ok(now) && Date.now() < deadline) {
    await sleep(200);
    now = await badge();
  }
  return now;
}

/** The popup's Billing tab panel (the popup stays open; close it with ff.closePage). */
async function popupBilling(): Promise<{ popup: Page; panel: ElementHandle<Element> }> {
  const popup = await openPopup(ff);
  await click(popup, 'tab', 'Billing');
  return { popup, panel: await find(popup, 'tabpanel', 'Billing') };
}

describe('Firefox: billing at a glance', () => {
  it('a cycle that has ended: options and popup say a new cycle began, no past next billing date; the badge is not "exhausted"', async () => {
    // Last month, with the whole allowance used; no data request since.
    await api.admin('cycle', { email, months_back: 1, credits_used: 1000 });
    const card = await billingShows('0 / 1,000 used');
    const note = await find(card, 'note', 'New billing cycle');
    await waitForText(page, `A new cycle began on ${monthStart(0)}. Credits reset to 0 at your next data request.`, note);
    await waitForText(page, `Previous cycle (from ${monthStart(-1)}): 1,000 / 1,000 used`, note);
    await waitForText(page, '1,000 remaining', card);
    // The next billing date is next month's start, never the past one the server's start implies.
    expect(await nextBillingDate(card)).toBe(monthStart(1));
    expect(await badgeUntil((b) => b.title !== '')).toEqual({ text: '', title: 'KalshiBook' });

    const { popup, panel } = await popupBilling();
    await waitForText(popup, `A new cycle began on ${monthStart(0)}. Credits reset to 0 at your next data request.`, panel);
    await waitForText(popup, '0 / 1,000 used', panel);
    expect(await nextBillingDate(panel)).toBe(monthStart(1));
    await ff.closePage(popup);
  });

  it('Pay-As-You-Go past the allowance: the overage and its estimate, options and popup; the badge says "$"', async () => {
    const server = await apiSession(api, email);
    const burst = await server.createKey('burst');
    await useKey(api, burst.key, 1); // a data request: the server starts the new cycle
    let card = await billingShows('1 / 1,000 used');
    await dismissToasts(page);
    await click(card, 'switch', 'Pay-As-You-Go');
    await expectToast(page, 'Pay-As-You-Go enabled. Overage credits will be billed at $0.008/credit.');
    await api.admin('billing', { email, credits_used: 995 });
    await useKey(api, burst.key, 10); // 996 … 1005: five requests over the allowance

    card = await billingShows('1,005 / 1,000 used');
    await waitForText(page, 'Pay-As-You-Go so far (estimate)', card);
    await waitForText(page, '5 credits over · ≈ $0.04', card);
    await waitForText(page, 'Estimate at $0.008/credit; your Stripe invoice is final.', card);
    expect(await count(card, 'note', 'New billing cycle')).toBe(0);

    const { popup, panel } = await popupBilling();
    await waitForText(popup, '5 credits over · ≈ $0.04', panel);
    await ff.closePage(popup);
    expect((await badgeUntil((b) => b.text === '$')).text).toBe('$');
  });

  it('low-credit alerts: the switch asks for notifications (granted here without the prompt); crossing 80 % raises one, a second check none; sign-out clears', async () => {
    await signOut(page);
    ({ page, email } = await newAccount(ff, api, { label: 'ff-alerts', page }));
    await api.admin('billing', { email, credits_used: 500 });
    await billingShows('500 / 1,000 used');
    await showSection(page, 'Settings');
    const alerts = await find(page, 'switch', 'Notify me when credits run low');
    expect(await attribute(alerts, 'aria-checked')).toBe('false');
    expect(await notificationsAllowed()).toBe(false);
    await dismissToasts(page);
    await press(alerts);
    await expectToast(page, 'Low-credit alerts on');
    expect(await attribute(alerts, 'aria-checked')).toBe('true');
    expect(await notificationsAllowed()).toBe(true);
    expect(await raisedNotifications()).toEqual([]);

    await api.admin('billing', { email, credits_used: 850 });
    await billingShows('850 / 1,000 used'); // the billing refresh runs the check before it answers
    expect(await raisedUntil((ids) => ids.length > 0)).toEqual(['kb-credits-used80']);
    await api.admin('billing', { email, credits_used: 870 });
    await billingShows('870 / 1,000 used');
    await sleep(500); // a notification of this check would have been raised by now
    expect(await raisedNotifications()).toEqual([]);

    await signOut(page);
    expect((await dumpStorage(ff)).local).not.toHaveProperty('alertBook');
  });
});
