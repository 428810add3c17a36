// The popup's glance (lib/usage/glance.ts, getUsageGlance): the forecast the background works out
// equals the one worked out from the whole history, it survives the trip as JSON, and the
// sparkline gets at most 120 points spread over the cycle, first and last kept.
import { describe, expect, it } from 'vitest';
import { forecast } from '@/lib/usage/forecast';
import { reviveForecast, SPARK_POINTS, sparkPoints, usageGlance } from '@/lib/usage/glance';
import type { AccountHistory, UsagePoint } from '@/lib/usage/history';
import { billing } from '../../helpers/fixtures';

const DAY = 86_400_000;
const START = '2026-12-01T00:00:00+00:00';
const start = Date.parse(START);
const point = (t: number, u: number): UsagePoint => ({ t, u, c: 1000, tier: 'free', g: 0, k: [] });

describe('usage glance', () => {
  it('2,000 points: the same forecast as the full history, dates intact after JSON, 120 sparkline points', () => {
    const now = start + 10 * DAY;
    const points = Array.from({ length: 2000 }, (_, i) => point(start + 1 + Math.floor((i * (now - start - 2)) / 1999), Math.round((i * 500) / 1999)));
    const history: AccountHistory = { keys: [], series: [{ start: new Date(start).toISOString(), points }] };
    const status = billing({ billing_cycle_start: START, credits_used: 500, credits_total: 1000 });
    const glance = JSON.parse(JSON.stringify(usageGlance(status, history, now))) as ReturnType<typeof usageGlance>;
    const expected = forecast(status, history, now);
    expect(expected.kind).toBe('runs-out');
    expect(reviveForecast(glance.forecast)).toEqual(expected);
    expect(glance.spark.t).toHaveLength(SPARK_POINTS);
    expect(glance.spark.t[0]).toBe(points[0]!.t);
    expect(glance.spark.t.at(-1)).toBe(points.at(-1)!.t);
    expect(glance.spark.u.at(-1)).toBe(500);
    expect([...glance.spark.t].sort((a, b) => a - b)).toEqual(glance.spark.t);
  });

  it('few points are passed through as they are; an ended cycle draws none', () => {
    const pts = [point(start + 1000, 5), point(start + 2000, 9)];
    expect(sparkPoints(pts, SPARK_POINTS)).toBe(pts);
    const ended = billing({ billing_cycle_start: '2026-10-01T00:00:00+00:00', credits_used: 300 });
    const glance = usageGlance(ended, { keys: [], series: [{ start: '2026-10-01T00:00:00.000Z', points: pts }] }, Date.parse('2026-12-03T00:00:00Z'));
    expect(glance.spark).toEqual({ t: [], u: [] });
    expect(glance.forecast.kind).toBe('too-early');
  });

  it('points bunched in time: one per time slot, never more than the maximum', () => {
    const pts = [...Array.from({ length: 500 }, (_, i) => point(start + i, i)), ...Array.from({ length: 500 }, (_, i) => point(start + 9 * DAY + i * 1000, 500 + i))];
    const out = sparkPoints(pts, 50);
    expect(out.length).toBeLessThanOrEqual(50);
    expect(out[0]).toBe(pts[0]);
    expect(out.at(-1)).toBe(pts.at(-1));
  });
});
