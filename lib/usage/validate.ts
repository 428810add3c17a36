// Reading the stored usage history (lib/usage/history.ts) back: validated with zod point by point,
// what is invalid dropped and the rest kept, then thinned and bounded. Used by the background only
// (the pages get the validated history through the protocol), so zod stays out of page bundles.
import { z } from 'zod';
import { bound, cycleStartKey, DAY_MS, dedupe, emptyHistory, FUTURE_SLACK_MS, HOUR_MS, type AccountHistory, type UsagePoint } from './history';

// ---- Validation ---------------------------------------------------------------------------------

const count = z.number().int().min(0).max(Number.MAX_SAFE_INTEGER);
const pointSchema = z.object({
  t: z.number().int().positive(),
  u: z.number().int().min(0),
  c: count,
  tier: z.enum(['free', 'payg', 'project']),
  g: z.union([z.literal(0), z.literal(1)]),
  k: z.array(count.nullable()),
});
const seriesShape = z.object({ start: z.iso.datetime({ offset: true }), points: z.array(z.unknown()) });
const historyShape = z.object({ keys: z.array(z.string().min(1)), series: z.array(z.unknown()) });

/**
 * Reads what storage holds for one account: every point kept is checked with zod on its own, and
 * the invalid ones are dropped (as are points before their cycle began or from the future); the
 * result is sorted, thinned and bounded. Never throws. `dropped` counts the invalid points seen.
 */
export function readHistory(raw: unknown, now: number): { history: AccountHistory; dropped: number } {
  const shape = historyShape.safeParse(raw);
  if (!shape.success) return { history: emptyHistory(), dropped: raw == null ? 0 : 1 };
  let dropped = 0;
  const byStart = new Map<string, UsagePoint[]>();
  for (const rawSeries of shape.data.series) {
    const s = seriesShape.safeParse(rawSeries);
    const start = s.success ? cycleStartKey(s.data.start) : null;
    if (!s.success || !start) {
      dropped += 1;
      continue;
    }
    const points = byStart.get(start) ?? [];
    const read = readPoints(s.data.points, Date.parse(start), now, shape.data.keys.length);
    points.push(...read.points);
    dropped += read.dropped;
    byStart.set(start, points);
  }
  const series = [...byStart.entries()]
    .filter(([, points]) => points.length > 0)
    .map(([start, points]) => ({ start, points: dedupe(points.sort((a, b) => a.t - b.t)) }))
    .sort((a, b) => a.start.localeCompare(b.start));
  return { history: bound({ keys: shape.data.keys, series }, now), dropped };
}

/** The thinning slot of a point recorded at `t` (null: too recent to thin, kept as it is). */
function slotOf(t: number, now: number): number | null {
  if (t < now - 7 * DAY_MS) return -1 - Math.floor(t / DAY_MS);
  if (t < now - DAY_MS) return Math.floor(t / HOUR_MS);
  return null;
}

/**
 * The valid points of one stored series. Thinning comes first, so a long history left by an older
 * version costs a validation per slot rather than per point: within each slot the newest point that
 * passes validation is kept (and the series' first valid point). Points outside the cycle or from
 * the future are dropped.
 */
function readPoints(raw: unknown[], startMs: number, now: number, keyCount: number): { points: UsagePoint[]; dropped: number } {
  let dropped = 0;
  const entries: { t: number; i: number }[] = [];
  raw.forEach((p, i) => {
    const t = p !== null && typeof p === 'object' ? (p as { t?: unknown }).t : undefined;
    if (typeof t === 'number' && Number.isFinite(t) && t >= startMs && t <= now + FUTURE_SLACK_MS) entries.push({ t, i });
    else dropped += 1;
  });
  entries.sort((a, b) => a.t - b.t || a.i - b.i);
  const valid = (i: number): UsagePoint | null => {
    const p = pointSchema.safeParse(raw[i]);
    if (!p.success) {
      dropped += 1;
      return null;
    }
    return { ...p.data, k: p.data.k.slice(0, keyCount) };
  };
  const kept: UsagePoint[] = [];
  let first = 0;
  for (; first < entries.length; first++) {
    const p = valid(entries[first]!.i);
    if (p) {
      kept.push(p);
      break;
    }
  }
  let end = entries.length;
  while (end > first + 1) {
    const slot = slotOf(entries[end - 1]!.t, now);
    let begin = end - 1;
    if (slot !== null) while (begin > first + 1 && slotOf(entries[begin - 1]!.t, now) === slot) begin -= 1;
    for (let j = end - 1; j >= begin; j--) {
      const p = valid(entries[j]!.i);
      if (p) {
        kept.push(p);
        break;
      }
    }
    end = begin;
  }
  return { points: kept, dropped };
}

