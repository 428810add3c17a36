// Pace and forecast (lib/usage/forecast.ts): PRODUCT.md's texts for every state, the rounding, the
// recent pace, and property tests (never negative, never a run-out date after the cycle's end, the
// same answer in every time zone — this file also runs under TZ=America/Los_Angeles in test:tz).
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { forecast, pace, roundForecast, runsOutEarly, TOO_EARLY } from '@/lib/usage/forecast';
import { DAY_MS, HOUR_MS, type AccountHistory, type UsagePoint } from '@/lib/usage/history';
import type { BillingStatus } from '@/lib/api/schemas';

const DEC = '2026-12-01T00:00:00+00:00';
const DEC_1 = Date.parse('2026-12-01T00:00:00Z');
const status = (used: number, extra: Partial<BillingStatus> = {}): BillingStatus => ({
  tier: 'free',
  credits_total: 1000,
  credits_used: used,
  credits_remaining: Math.max(0, 1000 - used),
  payg_enabled: false,
  billing_cycle_start: DEC,
  ...extra,
});
const point = (t: number, u: number, c = 1000): UsagePoint => ({ t, u, c, tier: 'free', g: 0, k: [] });
const history = (points: UsagePoint[], start = '2026-12-01T00:00:00.000Z'): AccountHistory => ({ keys: [], series: [{ start, points }] });

describe('forecast texts', () => {
  it('on pace: "At this pace: ≈ 620 / 1,000 by January 1."', () => {
    // 200 in 10 days → 20 a day → 200 + 21 × 20 = 620.
    const f = forecast(status(200), null, DEC_1 + 10 * DAY_MS);
    expect(f.text).toBe('At this pace: ≈ 620 / 1,000 by January 1.');
    expect(f.kind).toBe('on-pace');
    expect(f.pace).toMatchObject({ recent: false, text: 'Average since the cycle began: ≈ 20 credits a day.' });
  });

  it('runs out: 500 of 1,000 ten days in → around the 20th day of the cycle (December 21)', () => {
    const f = forecast(status(500), null, DEC_1 + 10 * DAY_MS);
    expect(f.kind).toBe('runs-out');
    expect(f.runOutAt?.toISOString()).toBe('2026-12-21T00:00:00.000Z');
    expect(f.text).toBe('At this pace: ≈ 1,600 / 1,000 by January 1 — credits run out around December 21.');
  });

  it('the product’s example: ≈ 3,100 / 1,000 by January 1 — credits run out around December 11', () => {
    // 1,000 × 10/31 per 10 days … 100 a day from December 1: 3,100 by January 1, 1,000 reached on December 11.
    const f = forecast(status(900), null, DEC_1 + 9 * DAY_MS);
    expect(f.text).toBe('At this pace: ≈ 3,100 / 1,000 by January 1 — credits run out around December 11.');
    expect(runsOutEarly(f)).toBe(true);
  });

  it('PAYG on: projected credits over and their cost, an estimate', () => {
    // 1,500 used 10 days in → 150 a day → 4,650 by January 1 → 3,650 over → ≈ 3,700 → $29.60.
    const f = forecast(status(1500, { tier: 'payg', payg_enabled: true }), null, DEC_1 + 10 * DAY_MS);
    expect(f.kind).toBe('payg');
    expect(f.text).toBe('At this pace: ≈ 3,700 credits over · ≈ $29.60 this cycle (estimate).');
    // The product’s example: 2,100 over → $16.80.
    const g = forecast(status(1000, { payg_enabled: true }), null, DEC_1 + 10 * DAY_MS);
    expect(g.text).toBe('At this pace: ≈ 2,100 credits over · ≈ $16.80 this cycle (estimate).');
    expect(runsOutEarly(g)).toBe(false);
  });

  it('PAYG on but staying within the allowance: the plain projection', () => {
    expect(forecast(status(200, { payg_enabled: true }), null, DEC_1 + 10 * DAY_MS).text).toBe('At this pace: ≈ 620 / 1,000 by January 1.');
  });

  it('ran out: "on" the day it was recorded, "before" when not seen', () => {
    const now = DEC_1 + 12 * DAY_MS;
    const seen = history([point(DEC_1 + DAY_MS, 100), point(DEC_1 + 8 * DAY_MS + HOUR_MS, 990), point(DEC_1 + 8 * DAY_MS + 3 * HOUR_MS, 1000)]);
    expect(forecast(status(1000), seen, now).text).toBe('Credits ran out on December 9.');
    const gap = history([point(DEC_1 + DAY_MS, 100), point(DEC_1 + 8 * DAY_MS + 3 * HOUR_MS, 1000)]);
    expect(forecast(status(1000), gap, now).text).toBe('Credits ran out before December 9.');
    expect(forecast(status(1000), null, now).text).toBe('Credits ran out before December 13.');
  });

  it('too early: younger than 24 h, or fewer than 10 credits', () => {
    expect(forecast(status(500), null, DEC_1 + 23 * HOUR_MS).text).toBe(TOO_EARLY);
    expect(forecast(status(9), null, DEC_1 + 10 * DAY_MS).text).toBe(TOO_EARLY);
    expect(forecast(status(10), null, DEC_1 + 10 * DAY_MS).kind).toBe('on-pace');
  });

  it('a cycle that has ended never forecasts from last month’s figures', () => {
    const f = forecast(status(900, { billing_cycle_start: '2026-11-01T00:00:00+00:00' }), history([point(Date.parse('2026-11-20T00:00:00Z'), 800)], '2026-11-01T00:00:00.000Z'), DEC_1 + 5 * DAY_MS);
    expect(f.text).toBe(TOO_EARLY);
    expect(f.used).toBe(0);
    expect(f.cycleEnd?.toISOString()).toBe('2027-01-01T00:00:00.000Z');
  });
});

describe('pace', () => {
  it('with 48 h recorded, the recent pace of the last 7 days, named as such', () => {
    const now = DEC_1 + 20 * DAY_MS;
    // 10 a day for the first 13 days, then 100 a day.
    const points = Array.from({ length: 21 }, (_, d) => point(DEC_1 + d * DAY_MS, d <= 13 ? d * 10 : 130 + (d - 13) * 100));
    const p = pace(points.slice(0, -1), 830, DEC_1, now);
    expect(p.recent).toBe(true);
    expect(p.perDay).toBeCloseTo(100, 5);
    expect(p.text).toBe('Recent pace (last 7 days): ≈ 100 credits a day.');
  });

  it('less than 48 h recorded: the average since the cycle began', () => {
    const now = DEC_1 + 10 * DAY_MS;
    expect(pace([point(now - 47 * HOUR_MS, 100)], 300, DEC_1, now)).toMatchObject({ recent: false, perDay: 30 });
  });

  it('a correction that lowers credits_used is no negative spend', () => {
    const now = DEC_1 + 10 * DAY_MS;
    const points = [point(now - 4 * DAY_MS, 400), point(now - 3 * DAY_MS, 300), point(now - 2 * DAY_MS, 300)];
    const p = pace(points, 300, DEC_1, now);
    expect(p.perDay).toBe(0);
  });
});

describe('rounding', () => {
  it.each([
    [3097.4, null, 3100],
    [618, null, 620],
    [47.4, null, 47],
    [12345, null, 12000],
    [1040, 1000, 1040],
    [1004, 1000, 1004],
    [960, 1000, 960],
  ])('%d (allowance %s) → %d', (value, allowance, expected) => {
    expect(roundForecast(value, allowance)).toBe(expected);
  });
});

describe('properties', () => {
  const arb = fc.record({
    startDay: fc.integer({ min: 0, max: 400 }),
    ageMs: fc.integer({ min: 0, max: 31 * DAY_MS }),
    used: fc.integer({ min: 0, max: 50_000 }),
    total: fc.integer({ min: 0, max: 20_000 }),
    payg: fc.boolean(),
    deltas: fc.array(fc.record({ dt: fc.integer({ min: 1, max: 3 * DAY_MS }), du: fc.integer({ min: -200, max: 2000 }) }), { maxLength: 30 }),
  });

  it('never negative, never a run-out date after the cycle’s end, never NaN', () => {
    fc.assert(
      fc.property(arb, (a) => {
        const startMs = Date.UTC(2025, 0, 1) + a.startDay * DAY_MS;
        const start = new Date(startMs).toISOString();
        const now = startMs + a.ageMs;
        let t = startMs;
        let u = 0;
        const points: UsagePoint[] = [];
        for (const d of a.deltas) {
          t += d.dt;
          u = Math.max(0, u + d.du);
          if (t <= now) points.push(point(t, u, a.total));
        }
        const f = forecast(status(a.used, { credits_total: a.total, payg_enabled: a.payg, billing_cycle_start: start }), history(points, start), now);
        for (const n of [f.projected, f.projectedShown, f.overShown, f.costCents, f.pace?.perDay]) {
          if (n !== null && n !== undefined) {
            expect(Number.isFinite(n)).toBe(true);
            expect(n).toBeGreaterThanOrEqual(0);
          }
        }
        if (f.runOutAt) {
          expect(f.runOutAt.getTime()).toBeLessThan(f.cycleEnd!.getTime());
          expect(f.runOutAt.getTime()).toBeGreaterThanOrEqual(now);
        }
        expect(f.text).not.toMatch(/NaN|Infinity|-\d/);
      }),
      { numRuns: 500 },
    );
  });

  it('the same answer whatever the process time zone (dates are UTC)', () => {
    // Run here in the test's zone and, via test:tz, in America/Los_Angeles: the texts name UTC days.
    // Runs out at midnight UTC on December 11: December 10 in Los Angeles, still "December 11".
    const f = forecast(status(900), null, DEC_1 + 9 * DAY_MS);
    expect(f.runOutAt?.toISOString()).toBe('2026-12-11T00:00:00.000Z');
    expect(f.text).toContain('December 11');
    const g = forecast(status(1000), history([point(DEC_1 + 8 * DAY_MS + 23 * HOUR_MS, 990), point(DEC_1 + 8 * DAY_MS + 23.5 * HOUR_MS, 1000)]), DEC_1 + 12 * DAY_MS);
    expect(g.text).toBe('Credits ran out on December 9.');
  });
});
