// The forecast alert (lib/background/alerts.ts): with alerts on, once per cycle when credits run
// out at least 3 days before the cycle ends; never with Pay-As-You-Go on; a click opens Billing.
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { fakeBrowser } from 'wxt/testing/fake-browser';
import { ALERT_NOTIFICATION_PREFIX, decideAlerts, reachedAlerts, type AlertCheck } from '@/lib/background/alerts';
import type { AlertSettings } from '@/lib/settings';
import type { BillingStatus } from '@/lib/api/schemas';
import type { AlertBook } from '@/lib/storage';
import { DAY_MS, type AccountHistory } from '@/lib/usage/history';

const DEC = '2026-12-01T00:00:00+00:00';
const DEC_1 = Date.parse('2026-12-01T00:00:00Z');
const on: AlertSettings = { enabled: true, paygThresholdCents: 1000 };
const status = (used: number, extra: Partial<BillingStatus> = {}): BillingStatus => ({
  tier: 'free',
  credits_total: 1000,
  credits_used: used,
  credits_remaining: Math.max(0, 1000 - used),
  payg_enabled: false,
  billing_cycle_start: DEC,
  ...extra,
});
const check = (b: BillingStatus, now: number, extra: Partial<AlertCheck> = {}): AlertCheck => ({ signedIn: true, userId: 'user-1', settings: on, billing: b, now, history: null, ...extra });

describe('forecast alert, decided', () => {
  it('500 of 1,000 ten days in runs out around December 21, 11 days early: one alert with the exact text', () => {
    const decision = decideAlerts(null, check(status(500), DEC_1 + 10 * DAY_MS));
    expect(decision.alert).toMatchObject({ kind: 'forecast', message: 'At this pace your KalshiBook credits run out around December 21.' });
    // Once per cycle.
    expect(decideAlerts(decision.book, check(status(520), DEC_1 + 10.5 * DAY_MS)).alert).toBeNull();
    // A new cycle starts afresh.
    const jan = decideAlerts(decision.book, check(status(500, { billing_cycle_start: '2027-01-01T00:00:00+00:00' }), Date.parse('2027-01-11T00:00:00Z')));
    expect(jan.alert?.kind).toBe('forecast');
  });

  it('less than 3 days early: none', () => {
    // 30 days in, 970 used: runs out in about a day, 1 day before January 1 (ends in 1 day 0 h… no).
    expect(reachedAlerts(status(700), on, DEC_1 + 21 * DAY_MS)).not.toContain('forecast');
    // 700 in 21 days → 33.3 a day → 1,000 reached on December 31: 1 day early.
    expect(reachedAlerts(status(700), on, DEC_1 + 21 * DAY_MS)).toEqual([]);
  });

  it('never with Pay-As-You-Go on', () => {
    expect(reachedAlerts(status(500, { payg_enabled: true }), on, DEC_1 + 10 * DAY_MS)).not.toContain('forecast');
  });

  it('uses the recorded recent pace', () => {
    // 100 used by December 8, then nothing more for the last 7 days recorded (pace 0): no alert,
    // though the average since the cycle began would say otherwise for a short cycle.
    const history: AccountHistory = { keys: [], series: [{ start: '2026-12-01T00:00:00.000Z', points: [{ t: DEC_1 + DAY_MS, u: 600, c: 1000, tier: 'free', g: 0, k: [] }, { t: DEC_1 + 9 * DAY_MS, u: 600, c: 1000, tier: 'free', g: 0, k: [] }] }] };
    expect(reachedAlerts(status(600), on, DEC_1 + 10 * DAY_MS, null)).toContain('forecast');
    expect(reachedAlerts(status(600), on, DEC_1 + 10 * DAY_MS, history)).not.toContain('forecast');
  });

  it('with 80 % first seen together: only the worst is shown, both are marked', () => {
    const d = decideAlerts(null, check(status(850), DEC_1 + 10 * DAY_MS));
    expect(d.alert?.kind).toBe('used80');
    expect(d.book?.sent.sort()).toEqual(['forecast', 'used80']);
  });

  it('alerts off: none', () => {
    expect(decideAlerts(null, check(status(500), DEC_1 + 10 * DAY_MS, { settings: { enabled: false, paygThresholdCents: 1000 } })).alert).toBeNull();
  });
});

describe('forecast alert in the background', () => {
  let clock = DEC_1 + 10 * DAY_MS;
  beforeEach(async () => {
    clock = DEC_1 + 10 * DAY_MS;
    const { sessionTokensItem, alertSettingsItem } = await import('@/lib/storage');
    await sessionTokensItem.setValue({ accessToken: 'a', refreshToken: 'r', expiresAt: clock + 3600_000, userId: 'user-1', email: 'ada@example.com' });
    await alertSettingsItem.setValue(on);
    vi.spyOn(fakeBrowser.permissions, 'contains').mockImplementation(async () => true);
  });
  afterEach(() => vi.restoreAllMocks());

  it('a billing status that forecasts an early run-out notifies once; a click opens Billing', async () => {
    const { BackgroundService } = await import('@/lib/background/service');
    const s = new BackgroundService({ now: () => clock });
    const create = vi.spyOn(fakeBrowser.notifications, 'create');
    vi.spyOn(s.ctx, 'call').mockResolvedValue({ ...status(500), request_id: 'r' } as never);
    await s.billing.status();
    await s.billing.status();
    expect(create).toHaveBeenCalledTimes(1);
    expect(create.mock.calls[0]![0]).toBe(`${ALERT_NOTIFICATION_PREFIX}forecast`);
    expect(create.mock.calls[0]![1]).toMatchObject({ message: 'At this pace your KalshiBook credits run out around December 21.' });
    const book = (await (await import('@/lib/storage')).alertBookItem.getValue()) as AlertBook;
    expect(book.sent).toEqual(['forecast']);
    const tabs = vi.spyOn(fakeBrowser.tabs, 'create');
    s.alerts.onClicked(`${ALERT_NOTIFICATION_PREFIX}forecast`);
    expect(tabs).toHaveBeenCalledWith({ url: expect.stringMatching(/\/options\.html#billing$/) });
  });
});
