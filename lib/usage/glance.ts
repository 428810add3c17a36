// The popup's glance at the usage history: the forecast line and this cycle's sparkline, worked out
// by the background from the history it holds, so the popup receives a few hundred bytes instead of
// every recorded point (with 2,000 points the full history costs the popup ~20 ms to receive). The
// options page's charts still ask for the whole history (getUsageHistory).
import type { BillingStatus } from '../api/schemas';
import { currentPoints } from './chart-data';
import { forecast, type Forecast } from './forecast';
import type { AccountHistory, UsagePoint } from './history';

/** The sparkline is 120 px wide: one point per pixel is all it can show. */
export const SPARK_POINTS = 120;

/** A Forecast as it crosses the protocol: dates as Unix ms (Chrome's messaging sends JSON). */
export type ForecastWire = Omit<Forecast, 'cycleStart' | 'cycleEnd' | 'runOutAt'> & {
  cycleStart: number | null;
  cycleEnd: number | null;
  runOutAt: number | null;
};

export interface UsageGlance {
  forecast: ForecastWire;
  /** This cycle's recorded points (time, credits used), at most SPARK_POINTS, empty after the cycle ended. */
  spark: { t: number[]; u: number[] };
}

const ms = (d: Date | null) => (d ? d.getTime() : null);
const date = (t: number | null) => (t === null ? null : new Date(t));

export function usageGlance(billing: BillingStatus, history: AccountHistory | null, now: number): UsageGlance {
  const f = forecast(billing, history, now);
  const points = sparkPoints(currentPoints(billing, history, now), SPARK_POINTS);
  return {
    forecast: { ...f, cycleStart: ms(f.cycleStart), cycleEnd: ms(f.cycleEnd), runOutAt: ms(f.runOutAt) },
    spark: { t: points.map((p) => p.t), u: points.map((p) => p.u) },
  };
}

export function reviveForecast(wire: ForecastWire): Forecast {
  return { ...wire, cycleStart: date(wire.cycleStart), cycleEnd: date(wire.cycleEnd), runOutAt: date(wire.runOutAt) };
}

/**
 * At most `max` points spread over the series' time span: the first point, then the last point of
 * each of max - 1 equal time slots (credits used only grow within a cycle, so the last point of a
 * slot is its highest but for a server correction). The series' last point is always kept.
 */
export function sparkPoints(points: UsagePoint[], max: number): UsagePoint[] {
  if (points.length <= max) return points;
  const first = points[0]!;
  const span = Math.max(1, points[points.length - 1]!.t - first.t);
  const slots = max - 1;
  const out: UsagePoint[] = [first];
  for (let i = 1; i < points.length; i++) {
    const p = points[i]!;
    const next = points[i + 1];
    const slot = Math.min(slots - 1, Math.floor(((p.t - first.t) / span) * slots));
    const nextSlot = next ? Math.min(slots - 1, Math.floor(((next.t - first.t) / span) * slots)) : -1;
    if (slot !== nextSlot) out.push(p);
  }
  return out;
}
