// Which billing cycle the server's numbers describe. The server moves `billing_cycle_start`
// forward (and zeroes `credits_used`) lazily, at the user's first data request of a new month, so
// early in a month /billing/status and /keys/usage can still describe last month (contract §7.4).
// Pure: every function takes `now`, and all date arithmetic is in UTC (correct in any time zone).
import { addUtcMonths, nextBillingDate } from './format';
import type { BillingStatus } from './api/schemas';

export interface Cycle {
  /** The cycle that began at `billing_cycle_start` is over (its + 1 month is not in the future). */
  ended: boolean;
  /** When it ended: the day the current cycle began (the latest `start + k months` not after now). */
  began: Date | null;
  /** The next billing date: in the future whenever the start could be read. */
  next: Date | null;
}

export function billingCycle(cycleStartIso: string, now: number): Cycle {
  const first = nextBillingDate(cycleStartIso);
  if (!first) return { ended: false, began: null, next: null };
  if (first.getTime() > now) return { ended: false, began: null, next: first };
  const start = new Date(cycleStartIso);
  const today = new Date(now);
  // Whole months between the two, then step back if that lands after now (day of month, clamping).
  let months = (today.getUTCFullYear() - start.getUTCFullYear()) * 12 + (today.getUTCMonth() - start.getUTCMonth());
  if (addUtcMonths(start, months).getTime() > now) months -= 1;
  months = Math.max(1, months);
  return { ended: true, began: addUtcMonths(start, months), next: addUtcMonths(start, months + 1) };
}

export interface CycleUsage extends Cycle {
  /** Credits used in the current cycle: 0 when the server's cycle has ended. */
  used: number;
  total: number;
  /** What is left of the current cycle's allowance. */
  remaining: number;
  /** The server's `credits_used` of the cycle that ended (null while the cycle is current). */
  previousUsed: number | null;
  /** The `billing_cycle_start` the server reports. */
  start: Date | null;
}

/**
 * The numbers to show and to count from: the server's, or — once its cycle has ended — the fresh
 * allowance (0 used), with last cycle's usage kept apart.
 */
export function cycleUsage(billing: BillingStatus, now: number): CycleUsage {
  const cycle = billingCycle(billing.billing_cycle_start, now);
  const total = Math.max(0, billing.credits_total);
  const serverUsed = Math.max(0, billing.credits_used);
  const start = new Date(billing.billing_cycle_start);
  const base = { ...cycle, total, start: Number.isNaN(start.getTime()) ? null : start };
  if (cycle.ended) return { ...base, used: 0, remaining: total, previousUsed: serverUsed };
  // credits_remaining is the server's max(0, total − used); recomputed so the two always agree.
  const remaining = Math.max(0, Math.min(billing.credits_remaining, total - serverUsed));
  return { ...base, used: serverUsed, remaining, previousUsed: null };
}

/**
 * The start of the cycle the numbers count for, as a normalised ISO string: the key of "once per
 * cycle". The same before and after the server's lazy reset (`…-12-01T00:00:00+00:00` from the
 * server and December 1 computed here give one key).
 */
export function currentCycleKey(billing: BillingStatus, now: number): string {
  const cycle = billingCycle(billing.billing_cycle_start, now);
  const start = cycle.ended && cycle.began ? cycle.began : new Date(billing.billing_cycle_start);
  return Number.isNaN(start.getTime()) ? billing.billing_cycle_start : start.toISOString();
}

/**
 * /keys/usage counts from the server's `billing_cycle_start`: once that cycle has ended (until the
 * next data request moves it), the per-key numbers are last cycle's, not this one's.
 */
export function keyUsageIsLastCycle(billing: BillingStatus | null, now: number): boolean {
  return billing ? billingCycle(billing.billing_cycle_start, now).ended : false;
}
