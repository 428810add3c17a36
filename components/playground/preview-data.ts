// What the Preview tab draws for an answer: the order book, rows (trades, deltas, markets, events,
// settlements), candles, or one record. The demo wraps its result in `data` (a list, the book, or
// `{}` for an empty list on old servers, §15.22.9); a keyed answer is the endpoint's own body.
import { endpointById } from '@/lib/api/data-endpoints';
import { candleRecordSchema, orderbookDataSchema, type CandleRecord, type OrderbookData } from '@/lib/api/data-schemas';
import type { Outcome } from '@/lib/playground/types';

export type Row = Record<string, unknown>;

export type PreviewModel =
  | { kind: 'orderbook'; book: OrderbookData }
  | { kind: 'rows'; rows: Row[]; columns: string[]; paged: boolean }
  | { kind: 'candles'; candles: CandleRecord[] }
  | { kind: 'record'; record: Row; nested: Row[] | null };

const isRow = (v: unknown): v is Row => !!v && typeof v === 'object' && !Array.isArray(v);

export function columnsOf(rows: Row[]): string[] {
  const seen = new Set<string>();
  for (const row of rows.slice(0, 50)) for (const k of Object.keys(row)) seen.add(k);
  return [...seen];
}

export function previewOf(outcome: Outcome, moreRows: unknown[]): PreviewModel | null {
  if (outcome.status !== 200 || outcome.problem) return null;
  const spec = endpointById(outcome.endpoint);
  if (!spec || !isRow(outcome.body)) return null;
  const body = outcome.body;
  const data = outcome.via === 'demo' ? body.data : spec.preview === 'orderbook' ? body : body.data;
  if (spec.preview === 'orderbook') {
    const book = orderbookDataSchema.safeParse(data);
    return book.success ? { kind: 'orderbook', book: book.data } : null;
  }
  const list = Array.isArray(data) ? data : isRow(data) && Object.keys(data).length === 0 && outcome.via === 'demo' ? [] : null;
  if (spec.preview === 'candles') {
    if (!list) return null;
    const candles = list.map((c) => candleRecordSchema.safeParse(c)).filter((r) => r.success).map((r) => r.data!);
    return { kind: 'candles', candles };
  }
  if (spec.preview === 'record') {
    if (!isRow(data)) return null;
    const { markets, ...rest } = data;
    return { kind: 'record', record: rest, nested: Array.isArray(markets) ? markets.filter(isRow) : null };
  }
  if (!list) return null;
  const rows = [...list, ...moreRows].filter(isRow);
  return { kind: 'rows', rows, columns: columnsOf(rows), paged: !!spec.paged && outcome.via === 'key' };
}
