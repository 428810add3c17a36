/**
 * Deterministic synthetic order-book data for the markets of markets.ts: a simulated book per market
 * (seeded by its ticker, so a market's data never depends on the others), recorded the way the
 * collector records it (contract §15.16):
 *
 *   - a snapshot at the start of each window and every 4 hours, holding the book at that moment
 *     (every delta with ts <= captured_at already applied);
 *   - a delta for every change of a level (ms timestamps, seq increasing per market);
 *   - trades at the current price.
 *
 * So the book at time t is exactly the last snapshot <= t plus the deltas after it up to t
 * (§15.8), whichever snapshot one starts from. Built once per process, on first use (~25k deltas,
 * ~7k trades: a few tens of ms), and shared by every server in the process: it never changes.
 */
import { MARKETS, type MarketDef } from './markets';

export type Side = 'yes' | 'no';

export interface Snapshot {
  us: number;
  seq: number;
  yes: [number, number][];
  no: [number, number][];
}

export interface Delta {
  id: number;
  us: number;
  seq: number;
  price: number;
  amount: number;
  side: Side;
}

export interface Trade {
  id: number;
  us: number;
  trade_id: string;
  yes_price: number;
  no_price: number;
  count: number;
  taker_side: Side;
}

export interface MarketData {
  def: MarketDef;
  snapshots: Snapshot[];
  deltas: Delta[];
  trades: Trade[];
}

export interface Dataset {
  markets: MarketData[];
  byTicker: Map<string, MarketData>;
}

const SNAPSHOT_EVERY_MS = 4 * 3600_000;

/** mulberry32, seeded with FNV-1a of a string. */
export function prng(seed: string): () => number {
  let h = 0x811c9dc5;
  for (let i = 0; i < seed.length; i++) h = Math.imul(h ^ seed.charCodeAt(i), 0x01000193);
  let a = h >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) | 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

class Book {
  readonly levels: Record<Side, Map<number, number>> = { yes: new Map(), no: new Map() };

  apply(side: Side, price: number, amount: number): void {
    const book = this.levels[side];
    const quantity = (book.get(price) ?? 0) + amount;
    if (quantity <= 0) book.delete(price);
    else book.set(price, quantity);
  }

  copy(side: Side): [number, number][] {
    return [...this.levels[side].entries()].sort((a, b) => b[0] - a[0]);
  }
}

const uuidFrom = (h: string): string => `${h.slice(0, 8)}-${h.slice(8, 12)}-${h.slice(12, 16)}-${h.slice(16, 20)}-${h.slice(20, 32)}`;

/** The best yes bid is mid - 1 and the best no bid 100 - mid - 1 (cents). */
const topPrice = (side: Side, mid: number): number => (side === 'yes' ? mid - 1 : 99 - mid);

export function generateMarket(def: MarketDef): MarketData {
  const random = prng(def.ticker);
  const int = (min: number, max: number) => min + Math.floor(random() * (max - min + 1));
  const hex8 = () => Math.floor(random() * 2 ** 32).toString(16).padStart(8, '0');
  const snapshots: Snapshot[] = [];
  const deltas: Delta[] = [];
  const trades: Trade[] = [];
  let seq = 0;
  let mid = def.mid;

  for (const [startIso, endIso] of def.windows) {
    const start = Date.parse(startIso);
    const end = Date.parse(endIso);
    const book = new Book();
    for (const side of ['yes', 'no'] as const) {
      for (let step = 0; step < 18; step++) {
        const price = topPrice(side, mid) - step;
        if (price < 1) break;
        if (random() < 0.15) continue;
        book.apply(side, price, int(50, 1500) + (step < 3 ? 0 : int(0, 800)));
      }
    }
    let nextSnapshot = start + SNAPSHOT_EVERY_MS;
    const record = (ms: number, side: Side, price: number, amount: number) => {
      // A snapshot holds every delta with ts <= captured_at, and none after it.
      while (nextSnapshot < ms) {
        snapshot(nextSnapshot);
        nextSnapshot += SNAPSHOT_EVERY_MS;
      }
      book.apply(side, price, amount);
      if (!def.tradesOnly) deltas.push({ id: 0, us: ms * 1000, seq: ++seq, price, amount, side });
    };
    const snapshot = (ms: number) => {
      if (!def.tradesOnly) snapshots.push({ us: ms * 1000, seq: ++seq, yes: book.copy('yes'), no: book.copy('no') });
    };
    snapshot(start);
    let nextTrade = start + int(20_000, 400_000);
    let t = start;
    for (;;) {
      t += int(8_000, 180_000);
      if (t > end) break;
      if (random() < 0.04) {
        // The price moves a cent; levels that would now cross the other side are pulled.
        mid = Math.min(96, Math.max(4, mid + (random() < 0.5 ? -1 : 1)));
        let ms = t;
        for (const side of ['yes', 'no'] as const) {
          for (const [price, quantity] of book.copy(side)) {
            if (price > topPrice(side, mid)) record(ms++, side, price, -quantity);
          }
        }
        t = ms;
      }
      const side: Side = random() < 0.5 ? 'yes' : 'no';
      const price = Math.max(1, topPrice(side, mid) - Math.floor(random() ** 2 * 16));
      const existing = book.levels[side].get(price);
      const amount = existing !== undefined && random() < 0.45 ? -Math.min(existing, int(10, 600)) : int(5, 500);
      record(t, side, price, amount);
      while (nextTrade <= t) {
        const takerSide: Side = random() < 0.5 ? 'yes' : 'no';
        const yesPrice = Math.min(99, Math.max(1, takerSide === 'yes' ? mid : mid - 1));
        trades.push({
          id: 0,
          us: nextTrade * 1000,
          trade_id: uuidFrom(hex8() + hex8() + hex8() + hex8()),
          yes_price: yesPrice,
          no_price: 100 - yesPrice,
          count: int(1, 250),
          taker_side: takerSide,
        });
        nextTrade += int(20_000, 420_000);
      }
    }
  }
  return { def, snapshots, deltas, trades };
}

/** Identity ids in insertion order, as the collector would have inserted them: by time across markets. */
function numberRows<T extends { id: number; us: number }>(lists: T[][]): void {
  const all = lists.flatMap((list, market) => list.map((row) => ({ row, market })));
  all.sort((a, b) => a.row.us - b.row.us || a.market - b.market);
  all.forEach(({ row }, index) => {
    row.id = index + 1;
  });
}

let cached: Dataset | undefined;

export function dataset(): Dataset {
  if (cached) return cached;
  const markets = MARKETS.map(generateMarket);
  numberRows(markets.map((market) => market.deltas));
  numberRows(markets.map((market) => market.trades));
  cached = { markets, byTicker: new Map(markets.map((market) => [market.def.ticker, market])) };
  return cached;
}
