// The usage history the background records for one account: a series of points per billing cycle
// (this one and the two before), thinned as points age and bounded in count and bytes. Pure: every
// function takes `now`. Stored data is validated when read (validate.ts, zod: background only, so
// no page loads zod for it). Only non-secret figures and key ids, never key material.
import type { Tier } from '../api/schemas';

export const HOUR_MS = 60 * 60 * 1000;
export const DAY_MS = 24 * HOUR_MS;
/** Cycles kept: this one and the two before. */
export const MAX_CYCLES = 3;
export const MAX_POINTS = 2000;
export const MAX_BYTES = 200 * 1024;
/** A sample equal to the last point is recorded again only after this long. */
export const UNCHANGED_INTERVAL_MS = HOUR_MS;
/** How far in the future (the clock jumped back after it was recorded) a stored point may be. */
export const FUTURE_SLACK_MS = 5 * 60 * 1000;

/** One recorded billing status. Short field names: 2,000 of them must fit in 200 KB. */
export interface UsagePoint {
  /** Unix ms when it was recorded. */
  t: number;
  /** `credits_used` as the server reported it (a correction may lower it). */
  u: number;
  /** `credits_total` */
  c: number;
  tier: Tier;
  /** Pay-As-You-Go on (1) or off (0). */
  g: 0 | 1;
  /** Each key's credits this cycle, by position in `AccountHistory.keys`; missing = not known. */
  k: (number | null)[];
}

export interface UsageSeries {
  /** The cycle's start as a normalised ISO string (`billing_cycle_start`). */
  start: string;
  points: UsagePoint[];
}

export interface AccountHistory {
  /** Key ids, indexed by the points' `k`. Ids only: names come from the key list. */
  keys: string[];
  /** Oldest cycle first. */
  series: UsageSeries[];
}

/** storage.local `usageHistory`: one history per account (user id). Validated when read. */
export type UsageHistoryStore = Record<string, unknown>;

export interface UsageSample {
  billing: { tier: Tier; credits_total: number; credits_used: number; payg_enabled: boolean; billing_cycle_start: string };
  /** Each key's credits in the same cycle, or null when not known. */
  keys: { id: string; credits_used: number }[] | null;
}

export const emptyHistory = (): AccountHistory => ({ keys: [], series: [] });

/** The normalised cycle key of a `billing_cycle_start`, or null when it is not a date. */
export function cycleStartKey(iso: string): string | null {
  const d = new Date(iso);
  return Number.isNaN(d.getTime()) ? null : d.toISOString();
}

/** Two points at the same millisecond: the later one written wins. */
export function dedupe(points: UsagePoint[]): UsagePoint[] {
  const out: UsagePoint[] = [];
  for (const p of points) {
    if (out.length > 0 && out[out.length - 1]!.t === p.t) out[out.length - 1] = p;
    else out.push(p);
  }
  return out;
}

// ---- Recording ----------------------------------------------------------------------------------

function samePoint(a: UsagePoint, b: UsagePoint): boolean {
  if (a.u !== b.u || a.c !== b.c || a.tier !== b.tier || a.g !== b.g) return false;
  const n = Math.max(a.k.length, b.k.length);
  for (let i = 0; i < n; i++) if ((a.k[i] ?? null) !== (b.k[i] ?? null)) return false;
  return true;
}

/**
 * Adds a sample taken at `now`. Returns null when nothing needs writing (the same figures as the
 * last point, less than an hour later; or a sample that cannot be read). A new cycle start begins a
 * new series; a clock that went back never puts a point before the last one: the sample then
 * replaces the last point's figures at the last point's time.
 */
export function appendSample(history: AccountHistory, sample: UsageSample, now: number): AccountHistory | null {
  const start = cycleStartKey(sample.billing.billing_cycle_start);
  if (!start || !Number.isFinite(now)) return null;
  const keys = [...history.keys];
  const k: (number | null)[] = keys.map(() => null);
  for (const key of sample.keys ?? []) {
    let index = keys.indexOf(key.id);
    if (index < 0) {
      index = keys.push(key.id) - 1;
      k.push(null);
    }
    k[index] = Math.max(0, Math.floor(key.credits_used));
  }
  while (k.length > 0 && k[k.length - 1] === null) k.pop();
  const point: UsagePoint = {
    t: Math.max(Math.floor(now), Date.parse(start)),
    u: Math.max(0, Math.floor(sample.billing.credits_used)),
    c: Math.max(0, Math.floor(sample.billing.credits_total)),
    tier: sample.billing.tier,
    g: sample.billing.payg_enabled ? 1 : 0,
    k,
  };
  const series = history.series.map((s) => ({ ...s }));
  let target = series.find((s) => s.start === start);
  if (!target) {
    target = { start, points: [] };
    series.push(target);
    series.sort((a, b) => a.start.localeCompare(b.start));
  }
  const last = target.points[target.points.length - 1];
  if (last) {
    if (point.t <= last.t) {
      // The clock went back (or two samples in one millisecond): no point before the last one.
      if (samePoint(last, point)) return null;
      target.points = [...target.points.slice(0, -1), { ...point, t: last.t }];
    } else if (samePoint(last, point) && point.t - last.t < UNCHANGED_INTERVAL_MS) {
      return null;
    } else {
      target.points = [...target.points, point];
    }
  } else {
    target.points = [point];
  }
  return bound({ keys, series }, now);
}

// ---- Thinning and bounds ------------------------------------------------------------------------

/** Keeps the last point of each `bucketMs` slot among points older than `olderThan` (all others kept), and each series' first point. */
function thinOlder(points: UsagePoint[], olderThan: number, bucketMs: number): UsagePoint[] {
  const out: UsagePoint[] = [];
  for (let i = 0; i < points.length; i++) {
    const p = points[i]!;
    const next = points[i + 1];
    const old = p.t < olderThan;
    const sameSlotAsNext = next !== undefined && next.t < olderThan && Math.floor(next.t / bucketMs) === Math.floor(p.t / bucketMs);
    if (i === 0 || !old || !sameSlotAsNext) out.push(p);
  }
  return out;
}

/** Hourly after a day, daily after a week (UTC slots). */
export function thinSeries(points: UsagePoint[], now: number): UsagePoint[] {
  return thinOlder(thinOlder(points, now - DAY_MS, HOUR_MS), now - 7 * DAY_MS, DAY_MS);
}

export function pointCount(history: AccountHistory): number {
  return history.series.reduce((n, s) => n + s.points.length, 0);
}

const encoder = new TextEncoder();
/** What the history takes in storage.local (UTF-8 JSON). */
export function storedBytes(history: AccountHistory): number {
  return encoder.encode(JSON.stringify(history)).length;
}

/** Key columns no remaining point has a figure for are dropped (indices renumbered). */
function compactKeys(history: AccountHistory): AccountHistory {
  const used = history.keys.map(() => false);
  for (const s of history.series) for (const p of s.points) p.k.forEach((v, i) => v !== null && (used[i] = true));
  if (used.every(Boolean)) return history;
  const map = used.map((u, i) => (u ? i : -1)).filter((i) => i >= 0);
  const keys = map.map((i) => history.keys[i]!);
  const series = history.series.map((s) => ({
    start: s.start,
    points: s.points.map((p) => {
      const k = map.map((i) => p.k[i] ?? null);
      while (k.length > 0 && k[k.length - 1] === null) k.pop();
      return { ...p, k };
    }),
  }));
  return { keys, series };
}

/** Coarser slots for the newest day when thinning by age is not enough. */
const RECENT_BUCKETS = [60 * 1000, 5 * 60 * 1000, 15 * 60 * 1000, HOUR_MS, 6 * HOUR_MS, DAY_MS];

/**
 * This cycle and the two before, thinned by age, then — while over 2,000 points or 200 KB — the
 * newest day coarsened, and as a last resort the oldest points dropped (each series keeps its last).
 */
export function bound(history: AccountHistory, now: number): AccountHistory {
  const series = history.series.slice(-MAX_CYCLES).map((s) => ({ start: s.start, points: thinSeries(s.points, now) }));
  let result = compactKeys({ keys: history.keys, series });
  const fits = (h: AccountHistory) => pointCount(h) <= MAX_POINTS && storedBytes(h) <= MAX_BYTES;
  for (const bucket of RECENT_BUCKETS) {
    if (fits(result)) return result;
    result = { keys: result.keys, series: result.series.map((s) => ({ start: s.start, points: thinOlder(s.points, Infinity, bucket) })) };
  }
  // Still too big (very many keys): drop oldest points, never a series' last one.
  while (!fits(result)) {
    const victim = result.series.find((s) => s.points.length > 1) ?? result.series[0];
    if (!victim) break;
    if (victim.points.length > 1) victim.points = victim.points.slice(Math.max(1, Math.min(victim.points.length - 1, Math.ceil(pointCount(result) / 10))));
    else result.series = result.series.filter((s) => s !== victim);
    result = compactKeys(result);
  }
  return result;
}
