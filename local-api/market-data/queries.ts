/**
 * The backend's data queries, run over the in-memory dataset: orderbook reconstruction (§15.8),
 * range selection with the (ts, id) cursor (§15.9.1), candles (§15.11) and coverage segments
 * (§15.21). Times are microseconds since the epoch (UTC).
 */
import type { Delta, MarketData, Side, Trade } from './generate';
import { isoFromMicros } from './params';

/** Index of the first row with `us >= target` (rows sorted by us). */
export function lowerBound(rows: { us: number }[], target: number): number {
  let lo = 0;
  let hi = rows.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if ((rows[mid] as { us: number }).us < target) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/** Index of the first row with `us > target`. */
export const upperBound = (rows: { us: number }[], target: number): number => lowerBound(rows, target + 1);

export interface Level {
  price: number;
  quantity: number;
}

export type Reconstruction =
  | { kind: 'market_not_found' }
  | { kind: 'no_data'; earliestUs: number }
  | { kind: 'ok'; snapshotUs: number; deltasApplied: number; yes: Level[]; no: Level[] };

/** reconstruct_orderbook: newest snapshot <= t, then the deltas in (snapshot, t] in seq order. */
export function reconstruct(market: MarketData | undefined, atUs: number, depth: number | null): Reconstruction {
  const snapshots = market?.snapshots ?? [];
  if (!market || snapshots.length === 0) return { kind: 'market_not_found' };
  const index = upperBound(snapshots, atUs) - 1;
  if (index < 0) return { kind: 'no_data', earliestUs: (snapshots[0] as { us: number }).us };
  const snapshot = snapshots[index] as MarketData['snapshots'][number];
  const book: Record<Side, Map<number, number>> = { yes: new Map(snapshot.yes), no: new Map(snapshot.no) };
  const window = market.deltas.slice(upperBound(market.deltas, snapshot.us), upperBound(market.deltas, atUs));
  window.sort((a, b) => a.seq - b.seq);
  for (const delta of window) {
    const levels = book[delta.side];
    const quantity = (levels.get(delta.price) ?? 0) + delta.amount;
    if (quantity <= 0) levels.delete(delta.price);
    else levels.set(delta.price, quantity);
  }
  // Python's levels[:depth]: None = all, 0 = none, negative drops from the low end.
  const side = (levels: Map<number, number>): Level[] => {
    const sorted = [...levels.entries()].sort((a, b) => b[0] - a[0]).map(([price, quantity]) => ({ price, quantity }));
    return depth === null ? sorted : sorted.slice(0, depth);
  };
  return { kind: 'ok', snapshotUs: snapshot.us, deltasApplied: window.length, yes: side(book.yes), no: side(book.no) };
}

export interface CursorPosition {
  us: number;
  id: number;
}

/** `base64(orjson.dumps({"ts": ts.isoformat(), "id": id}))`, standard alphabet with padding. */
export function encodeCursor(us: number, id: number): string {
  return Buffer.from(JSON.stringify({ ts: isoFromMicros(us), id }), 'utf8').toString('base64');
}

const B64 = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/';

/** binascii.a2b_base64 in non-strict mode: characters outside the alphabet are skipped. */
function pyB64Decode(text: string): Uint8Array | undefined {
  const out: number[] = [];
  let quadPos = 0;
  let leftChar = 0;
  let pads = 0;
  for (const ch of text) {
    if (ch === '=') {
      // A complete pad sequence ends the input (the rest is ignored).
      if (quadPos >= 2 && quadPos + ++pads >= 4) return Uint8Array.from(out);
      continue;
    }
    const value = B64.indexOf(ch);
    if (value < 0) continue;
    pads = 0;
    if (quadPos === 0) leftChar = value;
    else if (quadPos === 1) {
      out.push(((leftChar << 2) | (value >> 4)) & 0xff);
      leftChar = value & 0x0f;
    } else if (quadPos === 2) {
      out.push(((leftChar << 4) | (value >> 2)) & 0xff);
      leftChar = value & 0x03;
    } else out.push(((leftChar << 6) | value) & 0xff);
    quadPos = (quadPos + 1) % 4;
  }
  return quadPos === 0 ? Uint8Array.from(out) : undefined;
}

const FROMISOFORMAT =
  /^(\d{4})-(\d{2})-(\d{2})(?:[^\d](\d{2})(?::?(\d{2})(?::?(\d{2})(?:[.,](\d{1,6}))?)?)?(?:Z|([+-])(\d{2}):?(\d{2}))?)?$/;

/** _decode_cursor: lenient base64, JSON, `datetime.fromisoformat(ts)` (naive = UTC), `int(id)`. */
export function decodeCursor(cursor: string): CursorPosition | undefined {
  const bytes = pyB64Decode(cursor);
  if (!bytes) return undefined;
  let data: unknown;
  try {
    data = JSON.parse(new TextDecoder('utf-8', { fatal: true }).decode(bytes));
  } catch {
    return undefined;
  }
  if (typeof data !== 'object' || data === null || Array.isArray(data)) return undefined;
  const { ts, id } = data as { ts?: unknown; id?: unknown };
  if (typeof ts !== 'string') return undefined;
  const m = FROMISOFORMAT.exec(ts);
  if (!m) return undefined;
  const [, y, mo, d, h = '0', mi = '0', s = '0', frac = '', sign, oh, om] = m;
  const wall = Date.UTC(Number(y), Number(mo) - 1, Number(d), Number(h), Number(mi), Number(s));
  const check = new Date(wall);
  if (Number.isNaN(wall) || check.getUTCDate() !== Number(d) || check.getUTCMonth() !== Number(mo) - 1) return undefined;
  if (Number(h) > 23 || Number(mi) > 59 || Number(s) > 59) return undefined;
  const offset = sign ? (sign === '-' ? -1 : 1) * (Number(oh) * 60 + Number(om)) : 0;
  const us = (wall - offset * 60_000) * 1000 + Number(frac.padEnd(6, '0'));
  let rowId: number;
  if (typeof id === 'number' && Number.isFinite(id)) rowId = Math.trunc(id);
  else if (typeof id === 'boolean') rowId = id ? 1 : 0;
  else if (typeof id === 'string' && /^\s*[+-]?\d+(_\d+)*\s*$/.test(id)) rowId = Number(id.replace(/_/g, '').trim());
  else return undefined;
  return { us, id: rowId };
}

/**
 * `WHERE ts >= start AND ts <= end` (or `< end`) `[AND (ts, id) > cursor] ORDER BY ts, id
 * LIMIT limit + 1`, then has_more / next_cursor as the backend computes them.
 */
export function selectPage<T extends Delta | Trade>(
  rows: T[],
  range: { startUs: number; endUs: number; endInclusive: boolean },
  after: CursorPosition | undefined,
  limit: number,
): { rows: T[]; nextCursor: string | null; hasMore: boolean } {
  let from = lowerBound(rows, range.startUs);
  const to = range.endInclusive ? upperBound(rows, range.endUs) : lowerBound(rows, range.endUs);
  if (after) {
    from = Math.max(from, lowerBound(rows, after.us));
    while (from < to) {
      const row = rows[from] as T;
      if (row.us > after.us || row.id > after.id) break;
      from++;
    }
  }
  const page = from < to ? rows.slice(from, Math.min(to, from + limit + 1)) : [];
  const hasMore = page.length > limit;
  const data = hasMore ? page.slice(0, limit) : page;
  const last = data.at(-1);
  return { rows: data, hasMore, nextCursor: hasMore && last ? encodeCursor(last.us, last.id) : null };
}

export const CANDLE_UNITS = { '1m': 60_000_000, '1h': 3_600_000_000, '1d': 86_400_000_000 } as const;
export type CandleInterval = keyof typeof CANDLE_UNITS;

export interface Candle {
  bucket: string;
  market_ticker: string;
  open: number;
  high: number;
  low: number;
  close: number;
  volume: number;
  trade_count: number;
}

/** get_candles: trades with start <= ts < end, bucketed by date_trunc in UTC, empty buckets left out. */
export function candles(ticker: string, trades: Trade[], startUs: number, endUs: number, interval: CandleInterval): Candle[] {
  const unit = CANDLE_UNITS[interval];
  const result: Candle[] = [];
  let current: (Candle & { start: number }) | undefined;
  for (let i = lowerBound(trades, startUs); i < trades.length && (trades[i] as Trade).us < endUs; i++) {
    const trade = trades[i] as Trade;
    const start = Math.floor(trade.us / unit) * unit;
    if (!current || current.start !== start) {
      if (current) result.push(stripStart(current));
      current = {
        start,
        bucket: isoFromMicros(start, ''),
        market_ticker: ticker,
        open: trade.yes_price,
        high: trade.yes_price,
        low: trade.yes_price,
        close: trade.yes_price,
        volume: 0,
        trade_count: 0,
      };
    }
    current.high = Math.max(current.high, trade.yes_price);
    current.low = Math.min(current.low, trade.yes_price);
    current.close = trade.yes_price;
    current.volume += trade.count;
    current.trade_count += 1;
  }
  if (current) result.push(stripStart(current));
  return result;
}

function stripStart({ start: _start, ...candle }: Candle & { start: number }): Candle {
  return candle;
}

/** The trade rows the demo returns: TradeRecord keys, in that order. */
export function tradeRecord(ticker: string, trade: Trade) {
  return {
    trade_id: trade.trade_id,
    market_ticker: ticker,
    yes_price: trade.yes_price,
    no_price: trade.no_price,
    count: trade.count,
    taker_side: trade.taker_side,
    ts: isoFromMicros(trade.us),
  };
}

export function deltaRecord(ticker: string, delta: Delta) {
  return {
    market_ticker: ticker,
    ts: isoFromMicros(delta.us),
    seq: delta.seq,
    price_cents: delta.price,
    delta_amount: delta.amount,
    side: delta.side,
  };
}
