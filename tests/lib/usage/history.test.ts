// The recorded usage history (lib/usage/history.ts): appending, unchanged samples, cycles,
// corrections, clocks that go back, validation of stored data, thinning, and the bounds in points
// and bytes (measured), plus property tests over random sample sequences.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { cpuStopwatch } from '../../helpers/clock';
import {
  appendSample,
  bound,
  DAY_MS,
  emptyHistory,
  HOUR_MS,
  MAX_BYTES,
  MAX_POINTS,
  pointCount,
  storedBytes,
  thinSeries,
  type AccountHistory,
  type UsagePoint,
  type UsageSample,
} from '@/lib/usage/history';
import { readHistory } from '@/lib/usage/validate';

const DEC = '2026-12-01T00:00:00+00:00';
const NOV = '2026-11-01T00:00:00+00:00';
const DEC_1 = Date.parse('2026-12-01T00:00:00Z');

const sample = (used: number, extra: Partial<UsageSample['billing']> = {}, keys: UsageSample['keys'] = null): UsageSample => ({
  billing: { tier: 'free', credits_total: 1000, credits_used: used, payg_enabled: false, billing_cycle_start: DEC, ...extra },
  keys,
});

function feed(samples: [number, UsageSample][], start: AccountHistory = emptyHistory()): AccountHistory {
  let h = start;
  for (const [t, s] of samples) h = appendSample(h, s, t) ?? h;
  return h;
}

const uuid = (i: number) => `00000000-0000-4000-8000-${String(i).padStart(12, '0')}`;

describe('appendSample', () => {
  it('records time, figures, tier, PAYG and each key by id', () => {
    const h = appendSample(emptyHistory(), sample(262, { payg_enabled: true }, [{ id: 'k1', credits_used: 200 }, { id: 'k2', credits_used: 62 }]), DEC_1 + HOUR_MS)!;
    expect(h.keys).toEqual(['k1', 'k2']);
    expect(h.series).toEqual([{ start: '2026-12-01T00:00:00.000Z', points: [{ t: DEC_1 + HOUR_MS, u: 262, c: 1000, tier: 'free', g: 1, k: [200, 62] }] }]);
  });

  it('no new point when nothing changed and less than an hour passed; one after an hour', () => {
    const h = appendSample(emptyHistory(), sample(10), DEC_1 + HOUR_MS)!;
    expect(appendSample(h, sample(10), DEC_1 + HOUR_MS + 59 * 60_000)).toBeNull();
    expect(pointCount(appendSample(h, sample(10), DEC_1 + 2 * HOUR_MS)!)).toBe(2);
    expect(pointCount(appendSample(h, sample(11), DEC_1 + HOUR_MS + 60_000)!)).toBe(2);
  });

  it('a new cycle start begins a new series; keeps this cycle and the two before', () => {
    const starts = ['2026-09-01T00:00:00+00:00', '2026-10-01T00:00:00+00:00', NOV, DEC];
    let h = emptyHistory();
    starts.forEach((start, i) => (h = appendSample(h, sample(100 + i, { billing_cycle_start: start }), Date.parse(start) + DAY_MS)!));
    expect(h.series.map((s) => s.start)).toEqual(['2026-10-01T00:00:00.000Z', '2026-11-01T00:00:00.000Z', '2026-12-01T00:00:00.000Z']);
  });

  it('a server correction that lowers credits_used is kept', () => {
    const h = feed([
      [DEC_1 + HOUR_MS, sample(300)],
      [DEC_1 + 2 * HOUR_MS, sample(250)],
    ]);
    expect(h.series[0]!.points.map((p) => p.u)).toEqual([300, 250]);
  });

  it('a clock that jumps backwards never puts a point before the last one', () => {
    const h = feed([
      [DEC_1 + 5 * HOUR_MS, sample(300)],
      [DEC_1 + 2 * HOUR_MS, sample(320)],
    ]);
    expect(h.series[0]!.points).toHaveLength(1);
    expect(h.series[0]!.points[0]).toMatchObject({ t: DEC_1 + 5 * HOUR_MS, u: 320 });
  });

  it('never dates a point before its cycle began', () => {
    const h = appendSample(emptyHistory(), sample(5), DEC_1 - DAY_MS)!;
    expect(h.series[0]!.points[0]!.t).toBe(DEC_1);
  });

  it('an unreadable cycle start records nothing', () => {
    expect(appendSample(emptyHistory(), sample(5, { billing_cycle_start: 'soon' }), DEC_1)).toBeNull();
  });
});

describe('readHistory', () => {
  const good: UsagePoint = { t: DEC_1 + HOUR_MS, u: 10, c: 1000, tier: 'free', g: 0, k: [4] };

  it('nothing stored: an empty history', () => {
    expect(readHistory(undefined, DEC_1)).toEqual({ history: emptyHistory(), dropped: 0 });
  });

  it('drops invalid points and keeps the rest', () => {
    const raw = {
      keys: ['k1'],
      series: [
        {
          start: DEC,
          points: [good, { ...good, t: 'yesterday' }, { ...good, t: DEC_1 + 2 * HOUR_MS, u: -5 }, null, { ...good, t: DEC_1 + 3 * HOUR_MS, tier: 'gold' }, { ...good, t: DEC_1 + 4 * HOUR_MS, u: 12 }],
        },
        { start: 'not a date', points: [good] },
        'garbage',
      ],
    };
    const { history, dropped } = readHistory(raw, DEC_1 + DAY_MS);
    expect(history.series).toHaveLength(1);
    expect(history.series[0]!.points.map((p) => p.u)).toEqual([10, 12]);
    expect(dropped).toBe(6);
  });

  it('drops points from the future and from before their cycle', () => {
    const raw = { keys: [], series: [{ start: DEC, points: [{ ...good, k: [] }, { ...good, k: [], t: DEC_1 - HOUR_MS }, { ...good, k: [], t: DEC_1 + 10 * DAY_MS }] }] };
    const { history } = readHistory(raw, DEC_1 + 2 * HOUR_MS);
    expect(history.series[0]!.points.map((p) => p.t)).toEqual([good.t]);
  });

  it('anything that is not a history reads as empty', () => {
    for (const raw of [null, 42, 'x', [], { keys: 'k', series: [] }]) expect(readHistory(raw, DEC_1).history).toEqual(emptyHistory());
  });

  it('10,000 points left by an older version are thinned at load quickly and within bounds', () => {
    const now = DEC_1 + 29 * DAY_MS;
    const keys = Array.from({ length: 8 }, (_, i) => uuid(i));
    const points = Array.from({ length: 10_000 }, (_, i) => ({ t: DEC_1 + i * 4 * 60_000, u: i, c: 1000, tier: 'free', g: 0, k: keys.map((_, j) => i * j) }));
    const raw = { keys, series: [{ start: DEC, points }] };
    const cpuMs = cpuStopwatch();
    const { history } = readHistory(raw, now);
    const ms = cpuMs();
    expect(pointCount(history)).toBeLessThanOrEqual(MAX_POINTS);
    expect(storedBytes(history)).toBeLessThanOrEqual(MAX_BYTES);
    // 50 ms is the budget (measured by `npm run bench`); generous here for a loaded machine.
    expect(ms).toBeLessThan(500);
    // The last figure survives thinning.
    expect(history.series[0]!.points.at(-1)?.u).toBe(9_999);
  });
});

describe('thinning', () => {
  it('hourly after a day, daily after a week, everything in the last day', () => {
    const now = DEC_1 + 20 * DAY_MS;
    const points: UsagePoint[] = Array.from({ length: 20 * 24 * 12 }, (_, i) => ({ t: DEC_1 + i * 5 * 60_000, u: i, c: 1000, tier: 'free', g: 0, k: [] }));
    const thin = thinSeries(points, now);
    const lastDay = thin.filter((p) => p.t >= now - DAY_MS);
    const week = thin.filter((p) => p.t < now - DAY_MS && p.t >= now - 7 * DAY_MS);
    const older = thin.filter((p) => p.t < now - 7 * DAY_MS);
    expect(lastDay.length).toBe(12 * 24);
    expect(week.length).toBeLessThanOrEqual(6 * 24 + 1);
    expect(older.length).toBeLessThanOrEqual(14);
    // The series' first point is kept.
    expect(thin[0]!.t).toBe(DEC_1);
  });
});

describe('bounds, measured', () => {
  it('a busy account (20 keys, 3 cycles, this one every 5 minutes) stays within 2,000 points and 200 KB', () => {
    const keys = Array.from({ length: 20 }, (_, i) => ({ id: uuid(i), credits_used: 0 }));
    let h = emptyHistory();
    const starts = ['2026-10-01T00:00:00+00:00', NOV, DEC];
    for (const start of starts) {
      const t0 = Date.parse(start);
      // Earlier cycles every 2 hours (thinned to daily anyway), this one every 5 minutes.
      const step = start === DEC ? 5 * 60_000 : 2 * HOUR_MS;
      for (let i = 0; i < 3000; i += 1) {
        const t = t0 + i * step;
        if (t > DEC_1 + 2 * DAY_MS) break;
        h = appendSample(h, sample(i, { billing_cycle_start: start }, keys.map((k, j) => ({ id: k.id, credits_used: i * (j + 1) }))), t) ?? h;
      }
    }
    expect(pointCount(h)).toBeLessThanOrEqual(MAX_POINTS);
    expect(storedBytes(h)).toBeLessThanOrEqual(MAX_BYTES);
    expect(h.series).toHaveLength(3);
  });

  it('more than 2,000 points within the last day are coarsened to fit', () => {
    const now = DEC_1 + 2 * DAY_MS;
    const points = Array.from({ length: 3000 }, (_, i) => ({ t: now - DAY_MS + i * 20_000, u: i, c: 1000, tier: 'free', g: 0, k: [] }));
    const { history } = readHistory({ keys: [], series: [{ start: DEC, points }] }, now);
    expect(pointCount(history)).toBeLessThanOrEqual(MAX_POINTS);
    expect(pointCount(history)).toBeGreaterThan(1000);
    expect(history.series[0]!.points.at(-1)?.u).toBe(2999);
  });

  it('very many keys: still within 200 KB, each series keeps its last point', () => {
    const keys = Array.from({ length: 300 }, (_, i) => ({ id: uuid(i), credits_used: i }));
    let h = emptyHistory();
    for (let i = 0; i < 400; i++) h = appendSample(h, sample(i, {}, keys.map((k) => ({ ...k, credits_used: k.credits_used + i }))), DEC_1 + i * HOUR_MS) ?? h;
    expect(storedBytes(h)).toBeLessThanOrEqual(MAX_BYTES);
    expect(h.series[0]!.points.at(-1)?.u).toBe(399);
  });
});

describe('properties', () => {
  const sampleArb = fc.record({
    dt: fc.integer({ min: -3 * HOUR_MS, max: 2 * DAY_MS }),
    used: fc.integer({ min: 0, max: 5000 }),
    cycle: fc.constantFrom(NOV, DEC),
    payg: fc.boolean(),
    keys: fc.array(fc.record({ id: fc.constantFrom('a', 'b', 'c', 'd'), credits_used: fc.integer({ min: 0, max: 999 }) }), { maxLength: 4 }),
  });

  it('any sequence of samples (clock going back included) gives a valid, sorted, bounded history that reads back unchanged', () => {
    fc.assert(
      fc.property(fc.array(sampleArb, { maxLength: 60 }), (samples) => {
        let now = DEC_1;
        let h = emptyHistory();
        for (const s of samples) {
          now += s.dt;
          h = appendSample(h, sample(s.used, { billing_cycle_start: s.cycle, payg_enabled: s.payg }, s.keys), now) ?? h;
        }
        for (const series of h.series) {
          const start = Date.parse(series.start);
          for (let i = 0; i < series.points.length; i++) {
            expect(series.points[i]!.t).toBeGreaterThanOrEqual(start);
            if (i > 0) expect(series.points[i]!.t).toBeGreaterThan(series.points[i - 1]!.t);
            for (const v of series.points[i]!.k) if (v !== null) expect(v).toBeGreaterThanOrEqual(0);
          }
        }
        expect(h.series.length).toBeLessThanOrEqual(3);
        const latest = Math.max(now, ...h.series.flatMap((s) => s.points.map((p) => p.t)));
        expect(readHistory(JSON.parse(JSON.stringify(h)), latest).history).toEqual(bound(h, latest));
      }),
      { numRuns: 200 },
    );
  });
});
