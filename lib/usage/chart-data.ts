// What Billing's usage charts draw and their tables list, from the recorded history: pure, the same
// numbers for the chart, its one-sentence summary and "Show as table". Dates are UTC.
import { billingCycle } from '../billing-cycle';
import { formatBillingDate, formatNumber } from '../format';
import type { BillingStatus } from '../api/schemas';
import { cycleSeries, formatDayMonth, type Forecast } from './forecast';
import { cycleStartKey, type AccountHistory, type UsagePoint } from './history';

export const TOP_KEY_SERIES = 5;
export const OTHER_KEYS = 'Other';

const utcDateTime = new Intl.DateTimeFormat('en-US', { month: 'short', day: 'numeric', hour: '2-digit', minute: '2-digit', hourCycle: 'h23', timeZone: 'UTC' });
/** "Dec 5, 14:00 UTC" */
export function formatPointTime(t: number): string {
  return `${utcDateTime.format(new Date(t))} UTC`;
}

export interface CycleChart {
  /** Recorded points of this cycle (time order): unix ms and credits used as recorded. */
  times: number[];
  used: number[];
  allowance: number;
  start: number;
  end: number;
  now: number;
  /** The dashed projection from now to the cycle's end (null when there is no forecast). */
  projection: { from: [number, number]; to: [number, number] } | null;
  summary: string;
}

export interface KeySeries {
  /** Key id, or null for "Other". */
  id: string | null;
  name: string;
  /** Credits this cycle at each point (null: not known at that point). */
  values: (number | null)[];
  latest: number;
}

export interface KeysChart {
  times: number[];
  series: KeySeries[];
  summary: string;
}

export interface CycleTotal {
  start: string;
  /** Last recorded credits used of that cycle, and its allowance. */
  used: number;
  total: number;
  /** When that figure was recorded. */
  recordedAt: number;
}

export interface PreviousChart {
  cycles: CycleTotal[];
  summary: string;
}

export interface UsageCharts {
  cycle: CycleChart;
  keys: KeysChart;
  previous: PreviousChart;
  /** "Recorded by this browser since {date}." (null with nothing recorded). */
  since: string | null;
}

const points = (n: number) => `${formatNumber(n)} ${n === 1 ? 'point' : 'points'}`;

/** This cycle's recorded points: none once the server's cycle has ended (those are last cycle's). */
export function currentPoints(billing: BillingStatus, history: AccountHistory | null, now: number): UsagePoint[] {
  return billingCycle(billing.billing_cycle_start, now).ended ? [] : cycleSeries(history, billing);
}

export function cycleChart(series: UsagePoint[], f: Forecast, now: number): CycleChart {
  const start = f.cycleStart?.getTime() ?? now;
  const end = f.cycleEnd?.getTime() ?? now;
  const projection = f.projected !== null && f.pace ? { from: [now, f.used] as [number, number], to: [end, f.projected] as [number, number] } : null;
  const times = series.map((p) => p.t);
  const used = series.map((p) => p.u);
  let summary: string;
  if (series.length === 0) summary = 'No usage recorded in this cycle yet.';
  else {
    const last = series[series.length - 1]!;
    summary =
      `${formatNumber(last.u)} of ${formatNumber(f.total)} credits used by ${formatPointTime(last.t)}, from ${points(series.length)} recorded since ${formatDayMonth(new Date(series[0]!.t))}` +
      (f.projectedShown !== null && f.cycleEnd ? `; ≈ ${formatNumber(f.projectedShown)} projected by ${formatDayMonth(f.cycleEnd)}.` : '.');
  }
  return { times, used, allowance: f.total, start, end, now, projection, summary };
}

/** The top keys by their latest credits this cycle (at most 5) and the rest as "Other". */
export function keysChart(series: UsagePoint[], history: AccountHistory | null, names: Map<string, string>): KeysChart {
  const keyIds = history?.keys ?? [];
  const latest = keyIds.map((_, i) => {
    for (let j = series.length - 1; j >= 0; j--) {
      const v = series[j]!.k[i];
      if (v !== null && v !== undefined) return v;
    }
    return null;
  });
  const ranked = keyIds
    .map((id, i) => ({ id, i, latest: latest[i] ?? null }))
    .filter((k): k is { id: string; i: number; latest: number } => k.latest !== null && k.latest > 0)
    .sort((a, b) => b.latest - a.latest || a.id.localeCompare(b.id));
  const top = ranked.slice(0, TOP_KEY_SERIES);
  const rest = ranked.slice(TOP_KEY_SERIES);
  const valueAt = (p: UsagePoint, i: number) => p.k[i] ?? null;
  const out: KeySeries[] = top.map((k) => ({
    id: k.id,
    name: names.get(k.id) ?? 'Deleted key',
    values: series.map((p) => valueAt(p, k.i)),
    latest: k.latest,
  }));
  if (rest.length > 0) {
    out.push({
      id: null,
      name: OTHER_KEYS,
      values: series.map((p) => {
        const known = rest.map((k) => valueAt(p, k.i)).filter((v): v is number => v !== null);
        return known.length > 0 ? known.reduce((a, b) => a + b, 0) : null;
      }),
      latest: rest.reduce((a, k) => a + k.latest, 0),
    });
  }
  const summary =
    out.length === 0
      ? 'No key has recorded credits in this cycle yet.'
      : `${out[0]!.name} used the most credits this cycle (${formatNumber(out[0]!.latest)})` +
        (out.length > 1 ? `, then ${out.slice(1).map((s) => `${s.name} (${formatNumber(s.latest)})`).join(', ')}.` : '.');
  return { times: series.map((p) => p.t), series: out, summary };
}

/**
 * The last recorded total of each cycle before this one (oldest first). `before`: the start of the
 * cycle the server's numbers describe, which counts too once it has ended.
 */
export function previousChart(before: { start: string | null; ended: boolean }, history: AccountHistory | null): PreviousChart {
  const { start, ended } = before;
  const cycles: CycleTotal[] = (history?.series ?? [])
    .filter((s) => s.points.length > 0 && start !== null && (ended ? s.start <= start : s.start < start))
    .map((s) => {
      const last = s.points[s.points.length - 1]!;
      return { start: s.start, used: last.u, total: last.c, recordedAt: last.t };
    });
  const summary =
    cycles.length === 0
      ? 'No earlier cycle recorded yet.'
      : `${cycles.map((c) => `from ${formatBillingDate(new Date(c.start))}: ${formatNumber(c.used)} of ${formatNumber(c.total)} credits`).join('; ')}.`.replace(/^f/, 'F');
  return { cycles, summary };
}

export function sinceText(history: AccountHistory | null): string | null {
  const first = history?.series.flatMap((s) => s.points.slice(0, 1)).reduce<number | null>((min, p) => (min === null || p.t < min ? p.t : min), null) ?? null;
  return first === null ? null : `Recorded by this browser since ${formatBillingDate(new Date(first))}.`;
}

export function usageCharts(billing: BillingStatus, history: AccountHistory | null, f: Forecast, names: Map<string, string>, now: number): UsageCharts {
  const current = currentPoints(billing, history, now);
  return {
    cycle: cycleChart(current, f, now),
    keys: keysChart(current, history, names),
    previous: previousChart({ start: cycleStartKey(billing.billing_cycle_start), ended: billingCycle(billing.billing_cycle_start, now).ended }, history),
    since: sinceText(history),
  };
}
