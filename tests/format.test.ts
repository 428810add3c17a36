// nextBillingDate / formatBillingDate are computed in UTC: these assertions hold in any time zone
// (the suite also runs with TZ=America/Los_Angeles).
import { describe, expect, it } from 'vitest';
import { formatBillingDate, nextBillingDate, usedPercent } from '@/lib/format';

const next = (iso: string) => nextBillingDate(iso)?.toISOString().slice(0, 10);

describe('nextBillingDate', () => {
  it.each([
    ['2026-02-01T00:00:00+00:00', '2026-03-01'],
    ['2026-01-31T00:00:00+00:00', '2026-02-28'],
    ['2028-01-31T00:00:00+00:00', '2028-02-29'], // leap year
    ['2026-03-31T00:00:00+00:00', '2026-04-30'],
    ['2026-12-01T00:00:00+00:00', '2027-01-01'], // December → January next year
    ['2026-12-31T00:00:00+00:00', '2027-01-31'],
    ['2026-01-15T10:30:00Z', '2026-02-15'],
  ])('%s → %s', (start, expected) => {
    expect(next(start)).toBe(expected);
  });

  it('stays in UTC for an instant that is the previous day in the Americas', () => {
    // 2026-02-01T00:00Z is still January 31 in Los Angeles; the cycle is February's.
    expect(next('2026-02-01T00:00:00Z')).toBe('2026-03-01');
    expect(formatBillingDate(nextBillingDate('2026-02-01T00:00:00+00:00')!)).toBe('March 1, 2026');
  });

  it('formats like "March 1, 2026"', () => {
    expect(formatBillingDate(nextBillingDate('2026-01-31T00:00:00+00:00')!)).toBe('February 28, 2026');
    expect(formatBillingDate(nextBillingDate('2028-01-31T00:00:00+00:00')!)).toBe('February 29, 2028');
    expect(formatBillingDate(nextBillingDate('2026-12-01T00:00:00+00:00')!)).toBe('January 1, 2027');
  });

  it('returns null for an unreadable date', () => {
    expect(nextBillingDate('not a date')).toBeNull();
  });
});

describe('usedPercent', () => {
  it('never divides by zero and caps at 100', () => {
    expect(usedPercent(0, 0)).toBe(0);
    expect(usedPercent(5, 0)).toBe(100);
    expect(usedPercent(1500, 1000)).toBe(100);
    expect(usedPercent(250, 1000)).toBe(25);
  });
});
