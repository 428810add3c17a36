// Options page, Billing: "Usage this cycle", "Usage by key", "Previous cycles" — from the history
// this browser recorded — and "Recorded by this browser since {date}." under them.
import { useCallback, useMemo } from 'react';
import type { KeyUsageItem } from '@/lib/api/schemas';
import { formatBillingDate, formatNumber } from '@/lib/format';
import type { BillingStatus } from '@/lib/api/schemas';
import { formatPointTime, usageCharts, type UsageCharts as Charts } from '@/lib/usage/chart-data';
import type { Forecast } from '@/lib/usage/forecast';
import type { AccountHistory } from '@/lib/usage/history';
import { UsageChart, type ChartInput, type TableData } from './UsageChart';

export const CHART_TITLES = { cycle: 'Usage this cycle', keys: 'Usage by key', previous: 'Previous cycles' } as const;
export const HISTORY_UNAVAILABLE = 'The usage charts could not be loaded.';
export const DROPPED_NOTE = 'Some recorded points could not be read and were left out.';

/** Distinct in light and dark, and apart for the common kinds of colour blindness (Okabe–Ito). */
const KEY_COLORS = ['#0072B2', '#E69F00', '#009E73', '#CC79A7', '#56B4E9', '#94a3b8'];
const USED = '#4f46e5';
const ALLOWANCE = '#dc2626';
const PROJECTION = '#7c3aed';

const credits = (n: number | null) => (n === null ? '—' : formatNumber(n));

/** The cycle chart's x: recorded points, then now and the cycle's end for the projection. */
function cycleInput(c: Charts['cycle']): { input: ChartInput | null; x: number[]; used: (number | null)[]; projection: (number | null)[] } {
  if (c.times.length === 0 && !c.projection) return { input: null, x: [], used: [], projection: [] };
  const x = [...c.times];
  const used: (number | null)[] = [...c.used];
  const projection: (number | null)[] = x.map(() => null);
  if (c.projection) {
    for (const [t, v] of [c.projection.from, c.projection.to]) {
      const at = x.indexOf(t);
      if (at >= 0) projection[at] = v;
      else {
        let i = x.findIndex((v2) => v2 > t);
        if (i < 0) i = x.length;
        x.splice(i, 0, t);
        used.splice(i, 0, null);
        projection.splice(i, 0, v);
      }
    }
  }
  const lines = [
    { label: 'Credits used', values: used, color: USED, stepped: true },
    { label: 'Allowance', values: x.map(() => c.allowance), color: ALLOWANCE, dash: [2, 3] },
    ...(c.projection ? [{ label: 'Projection', values: projection, color: PROJECTION, dash: [6, 4], spanGaps: true }] : []),
  ];
  return { input: { x, lines, marker: { x: c.now, label: 'Today' } }, x, used, projection };
}

export interface UsageChartsProps {
  billing: BillingStatus;
  history: AccountHistory | null;
  dropped: number;
  forecast: Forecast;
  keys: KeyUsageItem[] | null;
  /** The history could not be had from the background. */
  error: string | null;
}

export function UsageCharts({ billing, history, dropped, forecast, keys, error }: UsageChartsProps) {
  const names = useMemo(() => new Map((keys ?? []).map((k) => [k.id, k.name])), [keys]);
  // "Now" is when the data changed, so the charts are not redrawn on every render.
  const charts = useMemo(() => usageCharts(billing, history, forecast, names, Date.now()), [billing, history, forecast, names]);

  const cycle = useMemo(() => cycleInput(charts.cycle), [charts]);
  const cycleTable = useCallback((): TableData => {
    const table: TableData = {
      head: ['Recorded (UTC)', 'Credits used', 'Allowance'],
      rows: charts.cycle.times.map((t, i) => [formatPointTime(t), credits(charts.cycle.used[i] ?? null), credits(charts.cycle.allowance)]),
    };
    if (charts.cycle.projection && forecast.projectedShown !== null && forecast.cycleEnd) {
      table.rows.push([`${formatBillingDate(forecast.cycleEnd)} (projected)`, `≈ ${formatNumber(forecast.projectedShown)}`, credits(charts.cycle.allowance)]);
    }
    return table;
  }, [charts, forecast]);

  const keysInput = useMemo<ChartInput | null>(
    () =>
      charts.keys.series.length === 0
        ? null
        : { x: charts.keys.times, lines: charts.keys.series.map((s, i) => ({ label: s.name, values: s.values, color: KEY_COLORS[s.id === null ? 5 : i] ?? '#64748b', stepped: true })) },
    [charts],
  );
  const keysTable = useCallback(
    (): TableData => ({
      head: ['Recorded (UTC)', ...charts.keys.series.map((s) => s.name)],
      rows: charts.keys.times.map((t, i) => [formatPointTime(t), ...charts.keys.series.map((s) => credits(s.values[i] ?? null))]),
    }),
    [charts],
  );

  const previousInput = useMemo<ChartInput | null>(
    () =>
      charts.previous.cycles.length === 0
        ? null
        : {
            x: charts.previous.cycles.map((_, i) => i),
            xLabels: charts.previous.cycles.map((c) => formatBillingDate(new Date(c.start))),
            lines: [
              { label: 'Credits used', values: charts.previous.cycles.map((c) => c.used), color: USED, bars: true },
              { label: 'Allowance', values: charts.previous.cycles.map((c) => c.total), color: ALLOWANCE, dash: [2, 3] },
            ],
          },
    [charts],
  );
  const previousTable = useCallback(
    (): TableData => ({
      head: ['Cycle from', 'Credits used', 'Allowance', 'Last recorded (UTC)'],
      rows: charts.previous.cycles.map((c) => [formatBillingDate(new Date(c.start)), credits(c.used), credits(c.total), formatPointTime(c.recordedAt)]),
    }),
    [charts],
  );

  if (error) return <p className="text-xs text-slate-500 dark:text-slate-400">{`${HISTORY_UNAVAILABLE} ${error}`}</p>;
  return (
    <div className="flex flex-col gap-6" data-testid="usage-charts">
      <UsageChart
        title={CHART_TITLES.cycle}
        summary={charts.cycle.summary}
        chart={cycle.input}
        table={cycleTable}
        describe={(i) => {
          const t = cycle.x[i]!;
          const used = cycle.used[i] ?? cycle.projection[i] ?? 0;
          if (i === cycle.x.length - 1 && cycle.used[i] == null && forecast.projectedShown !== null) return `${formatPointTime(t)}: ≈ ${formatNumber(forecast.projectedShown)} credits projected`;
          return `${formatPointTime(t)}: ${formatNumber(used)} credits used`;
        }}
      />
      <UsageChart
        title={CHART_TITLES.keys}
        summary={charts.keys.summary}
        chart={keysInput}
        table={keysTable}
        describe={(i) => `${formatPointTime(charts.keys.times[i]!)}: ${charts.keys.series.map((s) => `${s.name} ${credits(s.values[i] ?? null)}`).join(', ')}`}
      />
      <UsageChart
        title={CHART_TITLES.previous}
        summary={charts.previous.summary}
        chart={previousInput}
        table={previousTable}
        height={180}
        describe={(i) => {
          const c = charts.previous.cycles[i]!;
          return `Cycle from ${formatBillingDate(new Date(c.start))}: ${formatNumber(c.used)} of ${formatNumber(c.total)} credits`;
        }}
      />
      <p className="text-xs text-slate-500 dark:text-slate-400">
        {charts.since ?? 'Nothing recorded by this browser yet: the charts fill in as the extension refreshes your billing.'}
        {dropped > 0 && ` ${DROPPED_NOTE}`}
      </p>
    </div>
  );
}
