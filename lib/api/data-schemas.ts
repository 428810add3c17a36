// Zod schemas of the data endpoints' 200 bodies (kalshibook-api.md §15.8–§15.15, §15.21).
// Timestamps are kept as strings: the server writes `+00:00` with optional microseconds, the
// candle `bucket` has no offset (§15.5), and playground dates are `YYYY-MM-DD`.
import { z } from 'zod';
import './zod-config';

const int = z.number().int();
const text = z.string();
const maybe = <T extends z.ZodType>(t: T) => t.nullable();
const envelope = { request_id: text, response_time: z.number() };

export const levelSchema = z.object({ price: int, quantity: int });
export type Level = z.infer<typeof levelSchema>;

export const orderbookDataSchema = z.object({
  market_ticker: text,
  timestamp: text,
  snapshot_basis: text,
  deltas_applied: int,
  yes: z.array(levelSchema),
  no: z.array(levelSchema),
});
export type OrderbookData = z.infer<typeof orderbookDataSchema>;
export const orderbookResponseSchema = orderbookDataSchema.extend(envelope);

export const deltaRecordSchema = z.object({
  market_ticker: text,
  ts: text,
  seq: int,
  price_cents: int,
  delta_amount: int,
  side: z.enum(['yes', 'no']),
});
export type DeltaRecord = z.infer<typeof deltaRecordSchema>;

export const tradeRecordSchema = z.object({
  trade_id: text,
  market_ticker: text,
  yes_price: int,
  no_price: int,
  count: int,
  taker_side: z.enum(['yes', 'no']),
  ts: text,
});
export type TradeRecord = z.infer<typeof tradeRecordSchema>;

const page = <T extends z.ZodType>(item: T) =>
  z.object({ data: z.array(item), next_cursor: maybe(text), has_more: z.boolean(), ...envelope });
export const deltasResponseSchema = page(deltaRecordSchema);
export const tradesResponseSchema = page(tradeRecordSchema);

export const candleRecordSchema = z.object({
  bucket: text,
  market_ticker: text,
  open: int,
  high: int,
  low: int,
  close: int,
  volume: int,
  trade_count: int,
});
export type CandleRecord = z.infer<typeof candleRecordSchema>;
export const candlesResponseSchema = z.object({ data: z.array(candleRecordSchema), ...envelope });

export const marketSummarySchema = z.object({
  ticker: text,
  title: maybe(text),
  event_ticker: maybe(text),
  status: text,
  category: maybe(text),
  first_data_at: maybe(text),
  last_data_at: maybe(text),
});
export type MarketSummary = z.infer<typeof marketSummarySchema>;
export const marketsResponseSchema = z.object({ data: z.array(marketSummarySchema), ...envelope });
export const marketDetailSchema = marketSummarySchema.extend({
  rules: maybe(text),
  strike_price: maybe(z.number()),
  discovered_at: text,
  metadata: maybe(z.record(z.string(), z.unknown())),
  snapshot_count: int,
  delta_count: int,
});
export const marketDetailResponseSchema = z.object({ data: marketDetailSchema, ...envelope });

export const eventSummarySchema = z.object({
  event_ticker: text,
  series_ticker: maybe(text),
  title: maybe(text),
  sub_title: maybe(text),
  category: maybe(text),
  mutually_exclusive: maybe(z.boolean()),
  status: maybe(text),
  market_count: int,
});
export const eventsResponseSchema = z.object({ data: z.array(eventSummarySchema), ...envelope });
export const eventDetailResponseSchema = z.object({
  data: eventSummarySchema.extend({ markets: z.array(marketSummarySchema) }),
  ...envelope,
});

export const settlementRecordSchema = z.object({
  market_ticker: text,
  event_ticker: maybe(text),
  result: maybe(text),
  settlement_value: maybe(int),
  determined_at: maybe(text),
  settled_at: maybe(text),
});
export const settlementsResponseSchema = z.object({ data: z.array(settlementRecordSchema), ...envelope });
export const settlementResponseSchema = z.object({ data: settlementRecordSchema, ...envelope });

// ---- v1.2 playground routes (session, free) ------------------------------------------------------

export const playgroundMarketSchema = z.object({
  ticker: text,
  title: maybe(text),
  status: maybe(text),
  event_ticker: maybe(text),
  first_date: maybe(text),
  last_date: maybe(text),
});
export type PlaygroundMarket = z.infer<typeof playgroundMarketSchema>;
export const playgroundMarketsResponseSchema = z.object({ data: z.array(playgroundMarketSchema), request_id: text });

/** `data` is a list, the orderbook object, or `{}` for an empty list on old Pydantic (§15.22.9). */
export const demoResponseSchema = z.object({
  endpoint: z.enum(['orderbook', 'trades', 'candles']),
  data: z.union([orderbookDataSchema, z.array(z.unknown()), z.object({}).strict()]),
  response_time: z.number(),
  request_id: text,
  credits_cost: int,
});
export const demoItemSchemas = { trades: tradeRecordSchema, candles: candleRecordSchema } as const;
