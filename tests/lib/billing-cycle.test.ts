// Which cycle the server's numbers describe, from `billing_cycle_start` and a fixed `now`. Every
// assertion holds in any time zone: the suite runs again with TZ=America/Los_Angeles, and one test
// here switches the process time zone itself.
import { afterEach, describe, expect, it } from 'vitest';
import { billingCycle, currentCycleKey, cycleUsage } from '@/lib/billing-cycle';
import { addUtcMonths } from '@/lib/format';
import { billing } from '../helpers/fixtures';

const at = (iso: string) => Date.parse(iso);
const day = (d: Date | null) => d?.toISOString() ?? null;

describe('addUtcMonths', () => {
  it.each([
    ['2026-01-31T00:00:00.000Z', 1, '2026-02-28T00:00:00.000Z'],
    ['2028-01-31T00:00:00.000Z', 1, '2028-02-29T00:00:00.000Z'],
    ['2026-01-31T10:00:00.000Z', 2, '2026-03-31T10:00:00.000Z'], // from the original day, not from Feb 28
    ['2026-12-01T00:00:00.000Z', 1, '2027-01-01T00:00:00.000Z'],
    ['2026-11-30T00:00:00.000Z', 3, '2027-02-28T00:00:00.000Z'],
  ])('%s + %i months = %s', (start, months, expected) => {
    expect(addUtcMonths(new Date(start), months).toISOString()).toBe(expected);
  });
});

describe('billingCycle', () => {
  it('today, December 2: a cycle that started November 1 has ended; a new one began December 1', () => {
    const cycle = billingCycle('2026-11-01T00:00:00+00:00', at('2026-12-02T09:00:00Z'));
    expect(cycle.ended).toBe(true);
    expect(day(cycle.began)).toBe('2026-12-01T00:00:00.000Z');
    expect(day(cycle.next)).toBe('2027-01-01T00:00:00.000Z');
  });

  it('the current cycle has not ended; its next billing date is ahead', () => {
    const cycle = billingCycle('2026-12-01T00:00:00+00:00', at('2026-12-02T09:00:00Z'));
    expect(cycle).toEqual({ ended: false, began: null, next: new Date('2027-01-01T00:00:00Z') });
  });

  it('ends at the first instant of the next month in UTC, not in local time', () => {
    const start = '2026-11-01T00:00:00+00:00';
    expect(billingCycle(start, at('2026-11-30T23:59:59.999Z')).ended).toBe(false);
    expect(billingCycle(start, at('2026-12-01T00:00:00.000Z')).ended).toBe(true);
    // 16:00 on November 30 in Los Angeles is already December 1 in UTC.
    expect(billingCycle(start, at('2026-11-30T16:00:00-08:00')).ended).toBe(true);
    // 08:59 on December 1 in Tokyo is still 23:59 on November 30 in UTC.
    expect(billingCycle(start, at('2026-12-01T08:59:00+09:00')).ended).toBe(false);
  });

  it('December → January', () => {
    const cycle = billingCycle('2026-12-01T00:00:00+00:00', at('2027-01-01T00:00:00Z'));
    expect(cycle.ended).toBe(true);
    expect(day(cycle.began)).toBe('2027-01-01T00:00:00.000Z');
    expect(day(cycle.next)).toBe('2027-02-01T00:00:00.000Z');
  });

  it('month ends: a cycle from January 31 ends on February 28, or 29 in a leap year, never in March', () => {
    expect(billingCycle('2026-01-31T00:00:00+00:00', at('2026-02-27T23:00:00Z')).ended).toBe(false);
    const feb = billingCycle('2026-01-31T00:00:00+00:00', at('2026-02-28T12:00:00Z'));
    expect(feb.ended).toBe(true);
    expect(day(feb.began)).toBe('2026-02-28T00:00:00.000Z');
    expect(day(feb.next)).toBe('2026-03-31T00:00:00.000Z');
    expect(billingCycle('2028-01-31T00:00:00+00:00', at('2028-02-28T23:59:59Z')).ended).toBe(false);
    expect(day(billingCycle('2028-01-31T00:00:00+00:00', at('2028-02-29T00:00:00Z')).began)).toBe('2028-02-29T00:00:00.000Z');
  });

  it('several months without a data request: the new cycle is the latest one, the next date still ahead', () => {
    const cycle = billingCycle('2026-08-01T00:00:00+00:00', at('2026-12-02T09:00:00Z'));
    expect(day(cycle.began)).toBe('2026-12-01T00:00:00.000Z');
    expect(day(cycle.next)).toBe('2027-01-01T00:00:00.000Z');
    const fromMonthEnd = billingCycle('2026-08-31T00:00:00+00:00', at('2026-12-02T09:00:00Z'));
    expect(day(fromMonthEnd.began)).toBe('2026-11-30T00:00:00.000Z');
    expect(day(fromMonthEnd.next)).toBe('2026-12-31T00:00:00.000Z');
  });

  it('never shows a next billing date in the past, for any start and any now', () => {
    const starts = ['2025-01-31T00:00:00+00:00', '2026-02-28T23:00:00+00:00', '2026-03-01T00:00:00+00:00', '2026-10-15T12:34:56+00:00'];
    for (const start of starts) {
      for (let now = at('2026-01-01T00:00:00Z'); now < at('2027-03-01T00:00:00Z'); now += 7.3 * 3600_000) {
        const cycle = billingCycle(start, now);
        if (now < Date.parse(start)) continue;
        expect(cycle.next!.getTime(), `${start} at ${new Date(now).toISOString()}`).toBeGreaterThan(now);
        if (cycle.ended) expect(cycle.began!.getTime()).toBeLessThanOrEqual(now);
      }
    }
  });

  it('an unreadable start is not an ended cycle', () => {
    expect(billingCycle('not a date', Date.now())).toEqual({ ended: false, began: null, next: null });
  });
});

describe('the process time zone does not matter', () => {
  const saved = process.env.TZ;
  afterEach(() => {
    process.env.TZ = saved;
  });

  it.each(['UTC', 'America/Los_Angeles', 'Pacific/Kiritimati', 'Asia/Kolkata', 'Pacific/Pago_Pago'])('%s', (zone) => {
    process.env.TZ = zone;
    const start = '2026-11-01T00:00:00+00:00';
    expect(billingCycle(start, at('2026-11-30T23:59:00Z')).ended).toBe(false);
    const cycle = billingCycle(start, at('2026-12-01T00:01:00Z'));
    expect([cycle.ended, day(cycle.began), day(cycle.next)]).toEqual([true, '2026-12-01T00:00:00.000Z', '2027-01-01T00:00:00.000Z']);
    expect(day(billingCycle('2028-01-31T00:00:00+00:00', at('2028-02-01T00:00:00Z')).next)).toBe('2028-02-29T00:00:00.000Z');
  });
});

describe('cycleUsage', () => {
  it('the current cycle: the server’s numbers', () => {
    const usage = cycleUsage(billing({ credits_used: 250, credits_total: 1000, credits_remaining: 750, billing_cycle_start: '2026-12-01T00:00:00+00:00' }), at('2026-12-02T00:00:00Z'));
    expect(usage).toMatchObject({ ended: false, used: 250, total: 1000, remaining: 750, previousUsed: null });
  });

  it('an ended cycle: the fresh allowance, last cycle’s usage kept apart', () => {
    const usage = cycleUsage(billing({ credits_used: 1000, credits_total: 1000, credits_remaining: 0, billing_cycle_start: '2026-11-01T00:00:00+00:00' }), at('2026-12-02T00:00:00Z'));
    expect(usage).toMatchObject({ ended: true, used: 0, total: 1000, remaining: 1000, previousUsed: 1000 });
    expect(day(usage.start)).toBe('2026-11-01T00:00:00.000Z');
  });

  it('PAYG overdraft: remaining never negative', () => {
    const usage = cycleUsage(billing({ payg_enabled: true, credits_used: 1300, credits_total: 1000, credits_remaining: 0, billing_cycle_start: '2026-12-01T00:00:00+00:00' }), at('2026-12-02T00:00:00Z'));
    expect(usage).toMatchObject({ used: 1300, remaining: 0 });
  });
});

describe('currentCycleKey', () => {
  it('is the same before and after the server’s lazy reset', () => {
    const now = at('2026-12-02T09:00:00Z');
    const before = currentCycleKey(billing({ billing_cycle_start: '2026-11-01T00:00:00+00:00' }), now);
    const after = currentCycleKey(billing({ billing_cycle_start: '2026-12-01T00:00:00+00:00' }), now);
    expect(before).toBe(after);
    expect(before).not.toBe(currentCycleKey(billing({ billing_cycle_start: '2026-11-01T00:00:00+00:00' }), at('2026-11-20T00:00:00Z')));
  });
});
