// Low-credit alerts: the pure bookkeeping (once per cycle, a new cycle starts afresh, never while
// signed out, PAYG threshold instead of 100 %) and the background module around it (permission,
// notifications, click, sign-out).
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { fakeBrowser } from 'wxt/testing/fake-browser';
import { ALERT_NOTIFICATION_PREFIX, decideAlerts, reachedAlerts, type AlertCheck } from '@/lib/background/alerts';
import { defaultAlertSettings, type AlertSettings } from '@/lib/settings';
import type { AlertBook } from '@/lib/storage';
import type { BillingStatus } from '@/lib/api/schemas';
import { billing } from '../helpers/fixtures';

// Late in the cycle: at these paces the forecast alert (tests/lib/usage/forecast-alert.test.ts)
// does not come into play (credits would not run out 3 days before January 1).
const LATE_DEC = Date.parse('2026-12-30T09:00:00Z');
const DEC_CYCLE = '2026-12-01T00:00:00+00:00';
const NOV_CYCLE = '2026-11-01T00:00:00+00:00';
const on: AlertSettings = { enabled: true, paygThresholdCents: 1000 };

const status = (used: number, extra: Partial<BillingStatus> = {}) =>
  billing({ credits_total: 1000, credits_used: used, credits_remaining: Math.max(0, 1000 - used), billing_cycle_start: DEC_CYCLE, ...extra });

const check = (billingStatus: BillingStatus, extra: Partial<AlertCheck> = {}): AlertCheck => ({
  signedIn: true,
  userId: 'user-1',
  settings: on,
  billing: billingStatus,
  now: LATE_DEC,
  ...extra,
});

/** Runs statuses through the bookkeeping like the background does, returning the alerts shown. */
function run(statuses: (BillingStatus | AlertCheck)[], book: AlertBook | null = null): { shown: string[]; book: AlertBook | null } {
  const shown: string[] = [];
  for (const item of statuses) {
    const c = 'billing' in item ? item : check(item);
    const decision = decideAlerts(book, c);
    if (decision.alert) shown.push(decision.alert.kind);
    book = decision.book;
  }
  return { shown, book };
}

describe('reachedAlerts', () => {
  it.each([
    [799, false, []],
    [800, false, ['used80']],
    [999, false, ['used80']],
    [1000, false, ['used80', 'used100']],
    [1000, true, ['used80']],
    [2249, true, ['used80']], // 1,249 over ≈ $9.99
    [2250, true, ['used80', 'payg']], // 1,250 over = $10.00
  ])('%i of 1,000 used, PAYG %s → %j', (used, payg, expected) => {
    expect(reachedAlerts(status(used, { payg_enabled: payg }), on, LATE_DEC)).toEqual(expected);
  });

  it('counts an ended cycle from the fresh allowance: nothing reached', () => {
    expect(reachedAlerts(status(1000, { billing_cycle_start: NOV_CYCLE }), on, LATE_DEC)).toEqual([]);
  });

  it('the user’s amount', () => {
    expect(reachedAlerts(status(1100, { payg_enabled: true }), { enabled: true, paygThresholdCents: 80 }, LATE_DEC)).toContain('payg');
    expect(reachedAlerts(status(1100, { payg_enabled: true }), { enabled: true, paygThresholdCents: 81 }, LATE_DEC)).not.toContain('payg');
  });
});

describe('decideAlerts', () => {
  it('crossing 80 % alerts once; further checks in the same cycle do not', () => {
    expect(run([status(500), status(810), status(850), status(900)]).shown).toEqual(['used80']);
  });

  it('80 % then 100 %: one alert each, once', () => {
    expect(run([status(810), status(1000), status(1000)]).shown).toEqual(['used80', 'used100']);
  });

  it('first seen at 100 %: only the 100 % alert, and no 80 % one afterwards', () => {
    const { shown, book } = run([status(1000), status(1000)]);
    expect(shown).toEqual(['used100']);
    expect(book?.sent.sort()).toEqual(['used100', 'used80']);
  });

  it('with PAYG on: no 100 % alert, the estimate passing the amount instead, once', () => {
    const payg = (used: number) => status(used, { payg_enabled: true });
    expect(run([payg(850), payg(1000), payg(1500), payg(2250), payg(3000)]).shown).toEqual(['used80', 'payg']);
  });

  it('a new cycle starts afresh: the ended cycle counts from 0, and the server’s reset is the same cycle', () => {
    const november = (used: number) => check(status(used, { billing_cycle_start: NOV_CYCLE }), { now: Date.parse('2026-11-20T00:00:00Z') });
    const first = run([november(850)]);
    expect(first.shown).toEqual(['used80']);
    // December 2: the server still says November (stale 850 used): nothing, and a fresh book.
    const stale = run([check(status(850, { billing_cycle_start: NOV_CYCLE }))], first.book);
    expect(stale.shown).toEqual([]);
    expect(stale.book?.cycle).toBe('2026-12-01T00:00:00.000Z');
    expect(stale.book?.sent).toEqual([]);
    // The server resets at the first data request; December's own 80 % alerts again, once.
    expect(run([status(10), status(820), status(830)], stale.book).shown).toEqual(['used80']);
  });

  it('never while signed out, and keeps no book then', () => {
    const decision = decideAlerts({ userId: 'user-1', cycle: '2026-12-01T00:00:00.000Z', sent: [] }, check(status(900), { signedIn: false, userId: null }));
    expect(decision).toEqual({ book: null, alert: null });
  });

  it('alerts off: nothing sent, nothing marked (turned on later, the alert still comes)', () => {
    const off = run([check(status(900), { settings: defaultAlertSettings() })]);
    expect(off.shown).toEqual([]);
    expect(off.book?.sent).toEqual([]);
    expect(run([status(900)], off.book).shown).toEqual(['used80']);
  });

  it('another account on this browser has its own book', () => {
    const ada = run([status(900)]);
    expect(run([check(status(900), { userId: 'user-2' })], ada.book).shown).toEqual(['used80']);
  });

  it('the texts', () => {
    const used80 = decideAlerts(null, check(status(850))).alert!;
    expect(used80.title).toBe("KalshiBook: 85% of this cycle's credits used");
    expect(used80.message).toBe('850 of 1,000 credits used, 150 left. Credits reset on January 1, 2027.');
    const used100 = decideAlerts(null, check(status(1000))).alert!;
    expect(used100.title).toBe('KalshiBook: credits used up');
    expect(used100.message).toContain('data requests fail until January 1, 2027');
    const payg = decideAlerts(null, check(status(2300, { payg_enabled: true }))).alert!;
    expect(payg.title).toBe('KalshiBook: Pay-As-You-Go passed $10.00');
    expect(payg.message).toBe('1,300 credits over · ≈ $10.40 this cycle (an estimate; your Stripe invoice is final).');
  });
});

describe('AlertsFeature in the background', () => {
  let clock = LATE_DEC;

  beforeEach(async () => {
    clock = LATE_DEC;
    const { sessionTokensItem } = await import('@/lib/storage');
    await sessionTokensItem.setValue({ accessToken: 'a', refreshToken: 'r', expiresAt: clock + 3600_000, userId: 'user-1', email: 'ada@example.com' });
  });
  afterEach(() => {
    vi.restoreAllMocks();
  });

  async function service({ permitted = true, enabled = true } = {}) {
    const { BackgroundService } = await import('@/lib/background/service');
    const { alertSettingsItem } = await import('@/lib/storage');
    await alertSettingsItem.setValue({ enabled, paygThresholdCents: 1000 });
    vi.spyOn(fakeBrowser.permissions, 'contains').mockImplementation(async () => permitted);
    return new BackgroundService({ now: () => clock });
  }

  const shown = async () => Object.keys(await fakeBrowser.notifications.getAll());

  it('a status past 80 % shows one notification; the next check shows none', async () => {
    const s = await service();
    const create = vi.spyOn(fakeBrowser.notifications, 'create');
    await s.alerts.check(status(850));
    expect(await shown()).toEqual([`${ALERT_NOTIFICATION_PREFIX}used80`]);
    expect(create).toHaveBeenCalledTimes(1);
    expect(create.mock.calls[0]![1]).toMatchObject({ type: 'basic', title: "KalshiBook: 85% of this cycle's credits used", iconUrl: expect.stringContaining('/icon/128.png') });
    await s.alerts.check(status(860));
    expect(create).toHaveBeenCalledTimes(1);
  });

  it('is run by every billing status (the badge refresh), and two at once alert once', async () => {
    const s = await service();
    const create = vi.spyOn(fakeBrowser.notifications, 'create');
    vi.spyOn(s.ctx, 'call').mockResolvedValue({ ...status(900), request_id: 'r' } as never);
    await Promise.all([s.billing.status(), s.billing.status(), s.billing.status()]);
    expect(create).toHaveBeenCalledTimes(1);
  });

  it('without the notifications permission: nothing shown and nothing marked, so it comes once allowed', async () => {
    const s = await service({ permitted: false });
    await s.alerts.check(status(850));
    expect(await shown()).toEqual([]);
    vi.spyOn(fakeBrowser.permissions, 'contains').mockResolvedValue(true as never);
    await s.alerts.check(status(850));
    expect(await shown()).toEqual([`${ALERT_NOTIFICATION_PREFIX}used80`]);
  });

  it('alerts off (the default): nothing', async () => {
    const s = await service({ enabled: false });
    await s.alerts.check(status(1000));
    expect(await shown()).toEqual([]);
  });

  it('a failing notification does not fail the billing status', async () => {
    const s = await service();
    vi.spyOn(fakeBrowser.notifications, 'create').mockRejectedValue(new Error('boom'));
    vi.spyOn(s.ctx, 'call').mockResolvedValue({ ...status(900), request_id: 'r' } as never);
    await expect(s.billing.status()).resolves.toMatchObject({ credits_used: 900 });
  });

  it('turning alerts on past 80 % alerts at once, from the cached status', async () => {
    const s = await service({ enabled: false });
    const { dataCacheItem } = await import('@/lib/storage');
    await dataCacheItem.setValue({ userId: 'user-1', keys: null, billing: status(900), updatedAt: 1 });
    await s.alerts.saveSettings({ enabled: true, paygThresholdCents: 1000 });
    expect(await shown()).toEqual([`${ALERT_NOTIFICATION_PREFIX}used80`]);
  });

  it('rejects a bad amount with a message', async () => {
    const s = await service();
    await expect(s.alerts.saveSettings({ enabled: true, paygThresholdCents: 0 })).rejects.toMatchObject({ message: expect.stringContaining('between $0.01') });
  });

  it('a click opens the options page at Billing; other notifications are not ours', async () => {
    const s = await service();
    const create = vi.spyOn(fakeBrowser.tabs, 'create');
    s.alerts.onClicked('someone-else');
    expect(create).not.toHaveBeenCalled();
    s.alerts.onClicked(`${ALERT_NOTIFICATION_PREFIX}used80`);
    expect(create).toHaveBeenCalledWith({ url: expect.stringMatching(/\/options\.html#billing$/) });
  });

  it('listen() adds the click listener once, and again when the permission is granted later', async () => {
    const s = await service();
    const added: (() => void)[] = [];
    vi.spyOn(fakeBrowser.permissions.onAdded, 'addListener').mockImplementation((fn) => void added.push(fn as () => void));
    s.alerts.listen();
    added[0]!();
    expect(fakeBrowser.notifications.onClicked.hasListener(s.alerts.onClicked)).toBe(true);
    const create = vi.spyOn(fakeBrowser.tabs, 'create');
    await fakeBrowser.notifications.onClicked.trigger(`${ALERT_NOTIFICATION_PREFIX}used100`);
    expect(create).toHaveBeenCalledTimes(1);
  });

  it('sign-out stops them: the book and the notifications go, and a status after it alerts nothing', async () => {
    const s = await service();
    const { alertBookItem } = await import('@/lib/storage');
    await s.alerts.check(status(850));
    expect(await alertBookItem.getValue()).toMatchObject({ userId: 'user-1', sent: ['used80'] });
    vi.spyOn(s.session, 'signOut');
    await s.signOut();
    expect(await alertBookItem.getValue()).toBeNull();
    expect(await shown()).toEqual([]);
    await s.alerts.check(status(1000));
    expect(await shown()).toEqual([]);
    expect(await alertBookItem.getValue()).toBeNull();
  });
});
