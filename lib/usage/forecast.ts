// Pace and forecast from the billing status and the recorded history of this cycle. Pure: every
// function takes `now`, all date arithmetic and every date shown is in UTC (the same answer in any
// time zone). The texts are PRODUCT.md's ("Usage: where the credits are going").
import { cycleUsage } from '../billing-cycle';
import { formatNumber } from '../format';
import { formatCents, paygEstimateCents } from '../payg';
import type { BillingStatus } from '../api/schemas';
import { cycleStartKey, DAY_MS, HOUR_MS, type AccountHistory, type UsagePoint } from './history';

export const TOO_EARLY = 'Too early to forecast.';
/** A cycle younger than this, or fewer credits used, is too early to forecast. */
export const MIN_CYCLE_AGE_MS = 24 * HOUR_MS;
export const MIN_CREDITS = 10;
/** With at least this much recorded this cycle, the recent pace is used. */
export const RECENT_MIN_SPAN_MS = 48 * HOUR_MS;
export const RECENT_WINDOW_MS = 7 * DAY_MS;

export type ForecastKind = 'too-early' | 'ran-out' | 'runs-out' | 'on-pace' | 'payg';

export interface Pace {
  /** Credits a day, never negative. */
  perDay: number;
  /** true: the last 7 days (or what is recorded of them, at least 48 h); false: since the cycle began. */
  recent: boolean;
  /** "Recent pace (last 7 days): ≈ 95 credits a day." */
  text: string;
}

export interface Forecast {
  kind: ForecastKind;
  /** The one line shown in popup and options. */
  text: string;
  pace: Pace | null;
  /** Credits used this cycle (the server's figure, 0 once its cycle has ended). */
  used: number;
  total: number;
  cycleStart: Date | null;
  /** The cycle's end (the next billing date). */
  cycleEnd: Date | null;
  /** Projected credits used at the cycle's end, exact and as shown. */
  projected: number | null;
  projectedShown: number | null;
  /** Free/Project: when the allowance runs out at this pace (always before the cycle's end). */
  runOutAt: Date | null;
  /** PAYG: projected credits over the allowance (as shown) and their cost in cents. */
  overShown: number | null;
  costCents: number | null;
}

const dayMonth = new Intl.DateTimeFormat('en-US', { month: 'long', day: 'numeric', timeZone: 'UTC' });
/** "December 11" (UTC). */
export function formatDayMonth(date: Date): string {
  return dayMonth.format(date);
}

/**
 * Rounds to what a forecast supports: two significant figures (3,097.4 → 3,100; 618 → 620; 47 → 47),
 * one more while rounding would make a projection over the allowance look equal to it.
 */
export function roundForecast(value: number, allowance: number | null = null): number {
  const v = Math.max(0, value);
  if (v < 100) return Math.round(v);
  for (let figures = 2; figures < 16; figures++) {
    const step = 10 ** Math.max(0, Math.floor(Math.log10(v)) + 1 - figures);
    const rounded = Math.round(v / step) * step;
    if (allowance === null || v <= allowance || rounded > allowance) return rounded;
  }
  return Math.round(v);
}

/** The points of this cycle's series, in time order (empty when none was recorded). */
export function cycleSeries(history: AccountHistory | null, billing: BillingStatus): UsagePoint[] {
  const start = cycleStartKey(billing.billing_cycle_start);
  return history?.series.find((s) => s.start === start)?.points ?? [];
}

/** Credits spent between two figures: a correction that lowers the count is no negative spend. */
function spentBetween(points: { u: number }[]): number {
  let spent = 0;
  for (let i = 1; i < points.length; i++) spent += Math.max(0, points[i]!.u - points[i - 1]!.u);
  return spent;
}

/**
 * Average credits a day since the cycle began; with at least 48 h recorded this cycle, the recent
 * pace: what the last 7 days recorded (or all of it when less than 7 days), per day.
 */
export function pace(points: UsagePoint[], used: number, cycleStart: number, now: number): Pace {
  const elapsed = Math.max(now - cycleStart, HOUR_MS);
  const recorded = points.filter((p) => p.t <= now);
  const first = recorded[0];
  if (first && now - first.t >= RECENT_MIN_SPAN_MS) {
    const from = now - RECENT_WINDOW_MS;
    // The window starts at the last point at or before `from` (or the first point recorded).
    let startIndex = 0;
    for (let i = 0; i < recorded.length; i++) if (recorded[i]!.t <= from) startIndex = i;
    const window = [...recorded.slice(startIndex), { t: now, u: used }];
    const span = Math.max(now - window[0]!.t, HOUR_MS);
    const perDay = (spentBetween(window) / span) * DAY_MS;
    const days = Math.min(7, Math.round(span / DAY_MS));
    return { perDay, recent: true, text: `Recent pace (last ${days} ${days === 1 ? 'day' : 'days'}): ≈ ${paceNumber(perDay)} credits a day.` };
  }
  const perDay = (Math.max(0, used) / elapsed) * DAY_MS;
  return { perDay, recent: false, text: `Average since the cycle began: ≈ ${paceNumber(perDay)} credits a day.` };
}

function paceNumber(perDay: number): string {
  return perDay > 0 && perDay < 1 ? '< 1' : formatNumber(roundForecast(perDay));
}

/** When the allowance ran out: the first recorded point at or over it. `exact`: the last point below is the same UTC day. */
function ranOut(points: UsagePoint[], total: number): { at: Date; exact: boolean } | null {
  const index = points.findIndex((p) => p.u >= total);
  if (index < 0) return null;
  const at = new Date(points[index]!.t);
  const before = points[index - 1];
  const exact = before !== undefined && Math.floor(before.t / DAY_MS) === Math.floor(at.getTime() / DAY_MS);
  return { at, exact };
}

/** The forecast line for this billing status and history at `now` (see PRODUCT.md for the texts). */
export function forecast(billing: BillingStatus, history: AccountHistory | null, now: number): Forecast {
  const cycle = cycleUsage(billing, now);
  const start = cycle.ended ? cycle.began : cycle.start;
  const base: Forecast = {
    kind: 'too-early',
    text: TOO_EARLY,
    pace: null,
    used: cycle.used,
    total: cycle.total,
    cycleStart: start,
    cycleEnd: cycle.next,
    projected: null,
    projectedShown: null,
    runOutAt: null,
    overShown: null,
    costCents: null,
  };
  // A cycle that has ended never forecasts from last month's figures: the new one starts at 0.
  if (cycle.ended || !start || !cycle.next) return base;
  const { used, total } = cycle;
  const paygOn = billing.payg_enabled;
  const points = cycleSeries(history, billing);

  if (!paygOn && used >= total && (total > 0 || used > 0)) {
    const when = ranOut(points, total);
    const date = formatDayMonth(when?.at ?? new Date(now));
    return { ...base, kind: 'ran-out', text: when?.exact ? `Credits ran out on ${date}.` : `Credits ran out before ${date}.` };
  }
  const startMs = start.getTime();
  const endMs = cycle.next.getTime();
  if (now - startMs < MIN_CYCLE_AGE_MS || used < MIN_CREDITS || now >= endMs) return base;

  const p = pace(points, used, startMs, now);
  const projected = used + (p.perDay * (endMs - now)) / DAY_MS;
  const by = formatDayMonth(cycle.next);
  const withPace = { ...base, pace: p, projected };

  if (paygOn && projected > total) {
    const over = roundForecast(projected - total);
    const costCents = paygEstimateCents(over);
    return {
      ...withPace,
      kind: 'payg',
      projectedShown: roundForecast(projected),
      overShown: over,
      costCents,
      text: `At this pace: ≈ ${formatNumber(over)} ${over === 1 ? 'credit' : 'credits'} over · ≈ ${formatCents(costCents)} this cycle (estimate).`,
    };
  }
  const shown = roundForecast(projected, total);
  if (!paygOn && projected > total && p.perDay > 0) {
    // Crosses the allowance before the cycle's end (projected > total), clamped to be sure.
    const runOutAt = new Date(Math.min(Math.max(now, now + ((total - used) / p.perDay) * DAY_MS), endMs - 1));
    return {
      ...withPace,
      kind: 'runs-out',
      projectedShown: shown,
      runOutAt,
      text: `At this pace: ≈ ${formatNumber(shown)} / ${formatNumber(total)} by ${by} — credits run out around ${formatDayMonth(runOutAt)}.`,
    };
  }
  return { ...withPace, kind: 'on-pace', projectedShown: shown, text: `At this pace: ≈ ${formatNumber(shown)} / ${formatNumber(total)} by ${by}.` };
}

/** The alert's condition: credits run out at least 3 days before the cycle ends (never with PAYG). */
export function runsOutEarly(f: Forecast, marginMs = 3 * DAY_MS): boolean {
  return f.kind === 'runs-out' && f.runOutAt !== null && f.cycleEnd !== null && f.cycleEnd.getTime() - f.runOutAt.getTime() >= marginMs;
}
