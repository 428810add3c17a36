/**
 * The `market_coverage_stats` view of v1.2 (contract §15.21) over the synthetic data: per market,
 * its distinct UTC data dates (snapshots, deltas and trades) split into runs of consecutive days.
 * The data never changes, so the "view" is computed once and is always fresh.
 */
import { dataset, type MarketData } from './generate';

export interface CoverageSegment {
  segment_id: number;
  segment_start: string;
  segment_end: string;
  days_covered: number;
  snapshot_count: number;
  delta_count: number;
  trade_count: number;
}

export interface MarketCoverageRow {
  market: MarketData;
  segments: CoverageSegment[];
}

const DAY_US = 86_400_000_000;
const dayOf = (us: number): number => Math.floor(us / DAY_US);
const dateText = (day: number): string => new Date(day * 86_400_000).toISOString().slice(0, 10);

function countByDay(rows: { us: number }[]): Map<number, number> {
  const counts = new Map<number, number>();
  for (const row of rows) counts.set(dayOf(row.us), (counts.get(dayOf(row.us)) ?? 0) + 1);
  return counts;
}

function segmentsOf(market: MarketData): CoverageSegment[] {
  const snapshots = countByDay(market.snapshots);
  const deltas = countByDay(market.deltas);
  const trades = countByDay(market.trades);
  const days = [...new Set([...snapshots.keys(), ...deltas.keys(), ...trades.keys()])].sort((a, b) => a - b);
  const segments: CoverageSegment[] = [];
  let current: CoverageSegment | undefined;
  let previous = Number.NaN;
  for (const day of days) {
    if (!current || day !== previous + 1) {
      current = {
        segment_id: segments.length,
        segment_start: dateText(day),
        segment_end: dateText(day),
        days_covered: 0,
        snapshot_count: 0,
        delta_count: 0,
        trade_count: 0,
      };
      segments.push(current);
    }
    current.segment_end = dateText(day);
    current.days_covered += 1;
    current.snapshot_count += snapshots.get(day) ?? 0;
    current.delta_count += deltas.get(day) ?? 0;
    current.trade_count += trades.get(day) ?? 0;
    previous = day;
  }
  return segments;
}

let cached: MarketCoverageRow[] | undefined;

/** Markets with at least one coverage segment (the view joined with `markets`). */
export function coverageRows(): MarketCoverageRow[] {
  cached ??= dataset()
    .markets.map((market) => ({ market, segments: segmentsOf(market) }))
    .filter((row) => row.segments.length > 0);
  return cached;
}

/**
 * Postgres `ILIKE '%<text>%'` with the text unescaped (as the backend builds it): `%` and `_`
 * are wildcards, a backslash escapes the next character.
 */
export function ilikeContains(text: string): (value: string | null) => boolean {
  const pattern = `%${text}%`;
  let source = '';
  for (let i = 0; i < pattern.length; i++) {
    const ch = pattern[i] as string;
    if (ch === '\\' && i + 1 < pattern.length) source += escapeRegExp(pattern[++i] as string);
    else if (ch === '%') source += '[\\s\\S]*';
    else if (ch === '_') source += '[\\s\\S]';
    else source += escapeRegExp(ch);
  }
  const regex = new RegExp(`^${source}$`, 'iu');
  return (value) => value !== null && regex.test(value);
}

const escapeRegExp = (ch: string): string => ch.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&');
