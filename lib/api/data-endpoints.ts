// Every KalshiBook data endpoint (kalshibook-api.md §15), described once: method, path, fields with
// their types, limits and defaults, the credit cost, the response schema, the Python SDK method
// (§15.18) and what the free demo covers (§15.21.2). The Playground's form, its checks, the request
// it sends and the code it shows are all built from these descriptions.
import type { z } from 'zod';
import {
  candlesResponseSchema,
  deltasResponseSchema,
  eventDetailResponseSchema,
  eventsResponseSchema,
  marketDetailResponseSchema,
  marketsResponseSchema,
  orderbookResponseSchema,
  settlementResponseSchema,
  settlementsResponseSchema,
  tradesResponseSchema,
} from './data-schemas';

export type EndpointId =
  | 'orderbook'
  | 'deltas'
  | 'trades'
  | 'candles'
  | 'markets'
  | 'market'
  | 'events'
  | 'event'
  | 'settlements'
  | 'settlement';

export type FieldKind = 'ticker' | 'string' | 'datetime' | 'integer' | 'enum' | 'cursor';

export interface FieldSpec {
  /** The API's own name (body key, query parameter or path segment). */
  name: string;
  /** The form's label: the API name in words ("Market ticker"). */
  label: string;
  kind: FieldKind;
  in: 'path' | 'query' | 'body';
  required: boolean;
  /** What the server uses when the field is left out. */
  default?: string | number;
  min?: number;
  max?: number;
  options?: readonly string[];
  /** One line under the field. */
  help: string;
}

export type PreviewKind = 'orderbook' | 'deltas' | 'trades' | 'candles' | 'table' | 'record';

export interface EndpointSpec {
  id: EndpointId;
  method: 'GET' | 'POST';
  /** With `{name}` for path fields. */
  path: string;
  /** The select's text, as the API reads: `POST /orderbook`. */
  label: string;
  /** Credits per call, charged also for 404s, 500s and field-level 422s (§15.3, §15.4). */
  cost: number;
  summary: string;
  fields: readonly FieldSpec[];
  schema: z.ZodType;
  preview: PreviewKind;
  /** Pages through `cursor` / `next_cursor` (§15.9.1). */
  paged?: boolean;
  /** The free demo runs this endpoint (§15.21.2), with its own limits. */
  demo?: { endpoint: 'orderbook' | 'trades' | 'candles'; limits: Record<string, { min: number; max: number }> };
  /** Python SDK (§15.18): positional fields, then keyword fields. */
  sdk: { method: string; positional: readonly string[]; keyword: readonly string[] };
}

const ticker = (name: string, label: string, where: FieldSpec['in']): FieldSpec => ({
  name,
  label,
  kind: 'ticker',
  in: where,
  required: true,
  help: 'Exact and case-sensitive, e.g. from the market search.',
});
const time = (name: string, label: string, help: string, where: FieldSpec['in'] = 'body'): FieldSpec => ({ name, label, kind: 'datetime', in: where, required: true, help });
const optional = (name: string, label: string, where: FieldSpec['in'], help: string): FieldSpec => ({ name, label, kind: 'string', in: where, required: false, help });

const pageFields = (endInclusive: boolean): FieldSpec[] => [
  ticker('market_ticker', 'Market ticker', 'body'),
  time('start_time', 'Start time', 'Inclusive.'),
  time('end_time', 'End time', endInclusive ? 'Inclusive (deltas at exactly this time are returned).' : 'Exclusive.'),
  { name: 'limit', label: 'Limit', kind: 'integer', in: 'body', required: false, default: 100, min: 1, max: 1000, help: 'Rows per page, 1–1000.' },
  { name: 'cursor', label: 'Cursor', kind: 'cursor', in: 'body', required: false, help: 'Filled by "Load more" from the previous page.' },
];

export const DATA_ENDPOINTS: readonly EndpointSpec[] = [
  {
    id: 'orderbook',
    method: 'POST',
    path: '/orderbook',
    label: 'POST /orderbook',
    cost: 5,
    summary: 'The order book at a moment: the newest snapshot at or before it plus the deltas since.',
    fields: [
      ticker('market_ticker', 'Market ticker', 'body'),
      time('timestamp', 'Timestamp', 'The moment to rebuild the book at.'),
      { name: 'depth', label: 'Depth', kind: 'integer', in: 'body', required: false, min: 1, help: 'Price levels per side; empty for all.' },
    ],
    schema: orderbookResponseSchema,
    preview: 'orderbook',
    demo: { endpoint: 'orderbook', limits: { depth: { min: 1, max: 50 } } },
    sdk: { method: 'get_orderbook', positional: ['market_ticker', 'timestamp'], keyword: ['depth'] },
  },
  {
    id: 'deltas',
    method: 'POST',
    path: '/deltas',
    label: 'POST /deltas',
    cost: 2,
    summary: 'Order book changes in a time range, oldest first, a page at a time.',
    fields: pageFields(true),
    schema: deltasResponseSchema,
    preview: 'deltas',
    paged: true,
    sdk: { method: 'list_deltas', positional: ['market_ticker', 'start_time', 'end_time'], keyword: ['limit'] },
  },
  {
    id: 'trades',
    method: 'POST',
    path: '/trades',
    label: 'POST /trades',
    cost: 2,
    summary: 'Trades in a time range, oldest first, a page at a time.',
    fields: pageFields(false),
    schema: tradesResponseSchema,
    preview: 'trades',
    paged: true,
    demo: { endpoint: 'trades', limits: { limit: { min: 1, max: 100 } } },
    sdk: { method: 'list_trades', positional: ['market_ticker', 'start_time', 'end_time'], keyword: ['limit'] },
  },
  {
    id: 'candles',
    method: 'GET',
    path: '/candles/{ticker}',
    label: 'GET /candles/{ticker}',
    cost: 3,
    summary: 'Price candles (open, high, low, close, volume) built from trades.',
    fields: [
      ticker('ticker', 'Ticker', 'path'),
      time('start_time', 'Start time', 'Inclusive.', 'query'),
      time('end_time', 'End time', 'Exclusive.', 'query'),
      { name: 'interval', label: 'Interval', kind: 'enum', in: 'query', required: false, default: '1h', options: ['1m', '1h', '1d'], help: 'One minute, hour or day (UTC days).' },
    ],
    schema: candlesResponseSchema,
    preview: 'candles',
    demo: { endpoint: 'candles', limits: {} },
    sdk: { method: 'get_candles', positional: ['ticker'], keyword: ['start_time', 'end_time', 'interval'] },
  },
  {
    id: 'markets',
    method: 'GET',
    path: '/markets',
    label: 'GET /markets',
    cost: 1,
    summary: 'Every market, newest first, with the range of its data.',
    fields: [],
    schema: marketsResponseSchema,
    preview: 'table',
    sdk: { method: 'list_markets', positional: [], keyword: [] },
  },
  {
    id: 'market',
    method: 'GET',
    path: '/markets/{ticker}',
    label: 'GET /markets/{ticker}',
    cost: 1,
    summary: 'One market with its rules, strike and data counts.',
    fields: [ticker('ticker', 'Ticker', 'path')],
    schema: marketDetailResponseSchema,
    preview: 'record',
    sdk: { method: 'get_market', positional: ['ticker'], keyword: [] },
  },
  {
    id: 'events',
    method: 'GET',
    path: '/events',
    label: 'GET /events',
    cost: 1,
    summary: 'Events, filtered by exact category, series or status.',
    fields: [
      optional('category', 'Category', 'query', 'Exact match, e.g. Crypto.'),
      optional('series_ticker', 'Series ticker', 'query', 'Exact match.'),
      optional('status', 'Status', 'query', 'Exact match.'),
    ],
    schema: eventsResponseSchema,
    preview: 'table',
    sdk: { method: 'list_events', positional: [], keyword: ['category', 'series_ticker', 'status'] },
  },
  {
    id: 'event',
    method: 'GET',
    path: '/events/{event_ticker}',
    label: 'GET /events/{event_ticker}',
    cost: 1,
    summary: 'One event and its markets.',
    fields: [{ ...ticker('event_ticker', 'Event ticker', 'path'), help: 'Exact and case-sensitive.' }],
    schema: eventDetailResponseSchema,
    preview: 'record',
    sdk: { method: 'get_event', positional: ['event_ticker'], keyword: [] },
  },
  {
    id: 'settlements',
    method: 'GET',
    path: '/settlements',
    label: 'GET /settlements',
    cost: 1,
    summary: 'Settled markets, newest first, filtered by event or result.',
    fields: [
      optional('event_ticker', 'Event ticker', 'query', 'Exact match.'),
      { name: 'result', label: 'Result', kind: 'enum', in: 'query', required: false, options: ['yes', 'no', 'all_no', 'all_yes', 'void'], help: 'Any result when empty.' },
    ],
    schema: settlementsResponseSchema,
    preview: 'table',
    sdk: { method: 'list_settlements', positional: [], keyword: ['event_ticker', 'result'] },
  },
  {
    id: 'settlement',
    method: 'GET',
    path: '/settlements/{ticker}',
    label: 'GET /settlements/{ticker}',
    cost: 1,
    summary: 'The settlement of one market.',
    fields: [ticker('ticker', 'Ticker', 'path')],
    schema: settlementResponseSchema,
    preview: 'record',
    sdk: { method: 'get_settlement', positional: ['ticker'], keyword: [] },
  },
];

export function endpointById(id: string): EndpointSpec | undefined {
  return DATA_ENDPOINTS.find((e) => e.id === id);
}

/** The first ticker field of an endpoint (the one the market search fills). */
export function tickerField(spec: EndpointSpec): FieldSpec | undefined {
  return spec.fields.find((f) => f.kind === 'ticker');
}
