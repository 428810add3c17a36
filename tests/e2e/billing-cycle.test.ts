// "Billing you can trust at a glance" in real Chromium against the local API: a cycle that has
// ended on the server's side (the lazy reset has not run), Pay-As-You-Go so far, which key spends,
// low-credit alerts, and the return from Stripe on a custom dashboard. One API and one browser for
// the file; the browser's profile has the optional permissions already granted (see
// permissions.ts: a headless Chromium cannot click its permission prompt).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { formatBillingDate } from '../../lib/format';
import type { ExtensionBrowser } from './harness';
import { dumpStorage } from './harness';
import {
  apiSession,
  configureServer,
  corsUrl,
  dismissToasts,
  expectToast,
  gone,
  keyRow,
  newAccount,
  openOptions,
  openPopup,
  showSection,
  signOut,
  startTestApi,
  until,
  useKey,
  visible,
  type TestApi,
} from './fixtures';
import { launchWithGrantedPermissions } from './permissions';

let api: TestApi;
let ext: ExtensionBrowser;
let page: Page;
let email: string;
const started = Date.now();

beforeAll(async () => {
  [api, ext] = await Promise.all([
    startTestApi(),
    launchWithGrantedPermissions({ permissions: ['notifications'], origins: ['http://localhost/*'] }),
  ]);
  // The Dashboard URL on localhost, another host than the build's (127.0.0.1): Save asks for host
  // access to it, which this profile has granted. (Saving the build's dashboard would give that
  // access back, and asking again would need the prompt.)
  page = await openOptions(ext);
  await configureServer(page, api, { dashboard: `http://localhost:${api.port}` });
  ({ page, email } = await newAccount(ext, api, { label: 'cycle', page }));
});

afterAll(async () => {
  await ext?.close();
  await api?.close();
  console.log(`billing-cycle e2e: ${((Date.now() - started) / 1000).toFixed(1)} s`);
});

/** The first instant of the UTC month `offset` months from now, as the plan card formats it. */
function monthStart(offset: number): string {
  const now = new Date();
  return formatBillingDate(new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth() + offset, 1)));
}

const main = (p: Page) => p.getByRole('main');

async function badge(): Promise<{ text: string; title: string }> {
  const worker = await ext.worker();
  return worker.evaluate(async () => {
    const action = (globalThis as unknown as { chrome: { action: { getBadgeText(d: object): Promise<string>; getTitle(d: object): Promise<string> } } }).chrome.action;
    return { text: await action.getBadgeText({}), title: await action.getTitle({}) };
  });
}

/** The notifications the extension has on screen, read from one of its pages. */
async function notifications(): Promise<string[]> {
  const probe = await ext.context.newPage();
  try {
    await probe.goto(`chrome-extension://${ext.extensionId}/manifest.json`);
    const ids = await probe.evaluate(async () => {
      const c = (globalThis as unknown as { chrome: { notifications: { getAll(): Promise<Record<string, boolean>> } } }).chrome;
      return Object.keys(await c.notifications.getAll()).sort();
    });
    // The forecast alert depends on the day of the month these tests run: tests/browser/usage.test.ts
    // covers it with a cycle start it sets; here only the thresholds are followed.
    return ids.filter((id) => id !== 'kb-credits-forecast');
  } finally {
    await probe.close();
  }
}

async function clearNotifications(): Promise<void> {
  const probe = await ext.context.newPage();
  try {
    await probe.goto(`chrome-extension://${ext.extensionId}/manifest.json`);
    await probe.evaluate(async () => {
      const n = (globalThis as unknown as { chrome: { notifications: { getAll(): Promise<Record<string, boolean>>; clear(id: string): Promise<boolean> } } }).chrome.notifications;
      for (const id of Object.keys(await n.getAll())) await n.clear(id);
    });
  } finally {
    await probe.close();
  }
}

/** Reloads the options page at Billing and waits for the plan to show `usedText` (a billing refresh). */
async function billingShows(usedText: string): Promise<void> {
  await page.reload();
  await showSection(page, 'Billing');
  await visible(main(page).getByText(usedText, { exact: true }));
}

describe('a cycle that has ended (the server resets only at the next data request)', () => {
  it('options and popup say a new cycle began, show last cycle’s usage as last cycle’s, no past date; the badge is not "exhausted"', async () => {
    const server = await apiSession(api, email);
    const data = await server.createKey('data');
    await useKey(api, data.key, 3);
    // Last month, with the whole allowance used; no data request since.
    await api.admin('cycle', { email, months_back: 1, credits_used: 1000 });

    await showSection(page, 'Billing');
    await billingShows('0 / 1,000 used');
    const card = main(page);
    const note = card.getByRole('note', { name: 'New billing cycle' });
    await visible(note.getByText(`A new cycle began on ${monthStart(0)}. Credits reset to 0 at your next data request.`, { exact: true }));
    await visible(note.getByText(`Previous cycle (from ${monthStart(-1)}): 1,000 / 1,000 used`, { exact: true }));
    await visible(card.getByText('1,000 remaining', { exact: true }));
    // The next billing date is next month's start, never the past one the server's start implies.
    const nextRow = card.getByText('Next billing date', { exact: true }).locator('..');
    expect(await nextRow.textContent()).toBe(`Next billing date${monthStart(1)}`);
    expect(await until(badge, (b) => b.title !== '', 'the badge')).toEqual({ text: '', title: 'KalshiBook' });

    // The keys' usage (also last cycle's) says so.
    await showSection(page, 'API Keys');
    await visible(page.getByText('Usage below is from the last billing cycle.', { exact: false }));
    await visible(keyRow(page, 'data').getByText('last cycle', { exact: true }));

    const popup = await openPopup(ext);
    await popup.getByRole('tab', { name: 'Billing', exact: true }).click();
    const panel = popup.getByRole('tabpanel', { name: 'Billing' });
    await visible(panel.getByText(`A new cycle began on ${monthStart(0)}. Credits reset to 0 at your next data request.`, { exact: true }));
    await visible(panel.getByText('0 / 1,000 used', { exact: true }));
    await visible(panel.getByText(monthStart(1), { exact: true }));
    await popup.close();
  });

  it('the next data request resets the cycle on the server, and the notices go', async () => {
    const [data] = (await (await apiSession(api, email)).keys()).filter((k) => k.name === 'data');
    expect(data).toBeTruthy();
    await api.admin('usage', { key_id: data!.id, credits: 1 }); // a data request (reset included)
    await showSection(page, 'Billing');
    await billingShows('1 / 1,000 used');
    await gone(main(page).getByRole('note', { name: 'New billing cycle' }));
    const nextRow = main(page).getByText('Next billing date', { exact: true }).locator('..');
    expect(await nextRow.textContent()).toBe(`Next billing date${monthStart(1)}`);
  });
});

describe('what Pay-As-You-Go costs so far', () => {
  it('real data requests past the allowance: the overage and its estimate, options and popup, matching what was metered', async () => {
    await showSection(page, 'Billing');
    const toggle = main(page).getByRole('switch', { name: 'Pay-As-You-Go' });
    await dismissToasts(page);
    await toggle.click();
    await expectToast(page, 'Pay-As-You-Go enabled. Overage credits will be billed at $0.008/credit.');
    const server = await apiSession(api, email);
    const burst = await server.createKey('burst');
    await api.admin('billing', { email, credits_used: 995 });
    await useKey(api, burst.key, 10); // 996 … 1005: five requests over the allowance

    await billingShows('1,005 / 1,000 used');
    await visible(main(page).getByText('Pay-As-You-Go so far (estimate)', { exact: true }));
    await visible(main(page).getByText('5 credits over · ≈ $0.04', { exact: true }));
    await visible(main(page).getByText('Estimate at $0.008/credit; your Stripe invoice is final.', { exact: true }));
    const metered = (await (await fetch(`${api.url}/__admin/meter-events?email=${encodeURIComponent(email)}`)).json()) as { total: number };
    expect(metered.total).toBe(5);

    const popup = await openPopup(ext);
    await popup.getByRole('tab', { name: 'Billing', exact: true }).click();
    await visible(popup.getByRole('tabpanel', { name: 'Billing' }).getByText('5 credits over · ≈ $0.04', { exact: true }));
    await popup.close();
    // The badge: PAYG overage, not "exhausted".
    expect((await until(badge, (b) => b.text === '$', 'badge "$"')).text).toBe('$');
  });
});

describe('which key spends', () => {
  it('three keys with different usage: share bars in the right order, and the top keys on Billing', async () => {
    await signOut(page);
    ({ page, email } = await newAccount(ext, api, { label: 'spend', page }));
    const server = await apiSession(api, email);
    for (const [name, credits] of [
      ['backfill', 100],
      ['live', 600],
      ['notebook', 300],
    ] as const) {
      const key = await server.createKey(name);
      await api.admin('usage', { key_id: key.id, credits });
    }
    await page.reload();
    await showSection(page, 'API Keys');
    await visible(keyRow(page, 'live').getByText('600 credits', { exact: true }));
    const share = (name: string) => keyRow(page, name).locator('[data-share-bar]').getAttribute('data-share-bar');
    const shares = { live: Number(await share('live')), notebook: Number(await share('notebook')), backfill: Number(await share('backfill')), default: Number(await share('default')) };
    expect(shares).toEqual({ live: 60, notebook: 30, backfill: 10, default: 0 });
    const widths = await Promise.all(
      ['live', 'notebook', 'backfill'].map((name) => keyRow(page, name).locator('[data-share-bar] > span').evaluate((el) => el.getBoundingClientRect().width)),
    );
    expect(widths[0]!).toBeGreaterThan(widths[1]!);
    expect(widths[1]!).toBeGreaterThan(widths[2]!);
    expect(await keyRow(page, 'live').locator('[data-share-bar]').getAttribute('aria-hidden')).toBe('true');

    await showSection(page, 'Billing');
    const top = main(page).getByRole('region', { name: 'Top keys this cycle' });
    await visible(top);
    expect(await top.getByRole('listitem').evaluateAll((items) => items.map((li) => li.getAttribute('aria-label')))).toEqual(['live', 'notebook', 'backfill']);
    await visible(top.getByText('600 credits · 60%', { exact: true }));
  });
});

describe('low-credit alerts', () => {
  it('with notifications allowed: crossing 80 % raises one notification, a second check none; 100 % its own; sign-out clears them', async () => {
    // Half the allowance used: turning alerts on says nothing yet.
    await api.admin('billing', { email, credits_used: 500 });
    await billingShows('500 / 1,000 used');
    await showSection(page, 'Settings');
    const alertSwitch = page.getByRole('switch', { name: 'Notify me when credits run low' });
    await visible(alertSwitch);
    expect(await alertSwitch.getAttribute('aria-checked')).toBe('false');
    await dismissToasts(page);
    await alertSwitch.click(); // permissions.request: already allowed in this profile, so no prompt
    await expectToast(page, 'Low-credit alerts on');
    expect(await alertSwitch.getAttribute('aria-checked')).toBe('true');
    expect(await notifications()).toEqual([]);

    await api.admin('billing', { email, credits_used: 850 });
    await billingShows('850 / 1,000 used'); // the billing refresh runs the check before it answers
    expect(await until(notifications, (ids) => ids.length > 0, 'a notification')).toEqual(['kb-credits-used80']);

    await clearNotifications();
    await api.admin('billing', { email, credits_used: 870 });
    await billingShows('870 / 1,000 used');
    expect(await notifications()).toEqual([]);

    await api.admin('billing', { email, credits_used: 1000 });
    await billingShows('1,000 / 1,000 used');
    expect(await until(notifications, (ids) => ids.length > 0, 'the 100 % notification')).toEqual(['kb-credits-used100']);

    await signOut(page);
    expect(await until(notifications, (ids) => ids.length === 0, 'no notifications')).toEqual([]);
    expect((await dumpStorage(ext)).local).not.toHaveProperty('alertBook');
  });
});

describe('return from Stripe on a custom dashboard', () => {
  it('host access granted for its origin: even a canceled checkout is noticed from the return URL', async () => {
    // A second API whose Stripe pages return to a dashboard on localhost — not the build's
    // dashboard host (127.0.0.1) — so only the optional host permission lets the background see
    // the tab come back. A canceled checkout changes nothing that polling could notice.
    const other = await startTestApi({ dashboardUrl: `http://localhost:${api.port}` });
    try {
      const options = await openOptions(ext);
      await configureServer(options, other, { api: corsUrl(other), dashboard: other.dashboardUrl });
      await visible(options.getByText(`KalshiBook may see your tabs’ addresses on localhost:${api.port}`, { exact: false }));
      await showSection(options, 'API Keys');
      ({ page } = await newAccount(ext, other, { label: 'custom-dash', page: options }));
      await showSection(page, 'Billing');
      await dismissToasts(page);
      const [checkout] = await Promise.all([
        ext.context.waitForEvent('page', { timeout: 15_000 }),
        main(page).getByRole('button', { name: 'Upgrade to Project Plan — $30/mo', exact: true }).click(),
      ]);
      await checkout.getByRole('button', { name: 'Cancel', exact: true }).click();
      await checkout.waitForURL(`http://localhost:${api.port}/billing?canceled=true`);
      await expectToast(page, 'Checkout canceled.');
      await checkout.close();
    } finally {
      await other.close();
    }
  });
});
