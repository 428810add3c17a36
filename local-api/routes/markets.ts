/**
 * The catalog routes (src/api/routes/{markets,events,settlements}.py), 1 credit each, over the
 * synthetic dataset (local-api/data). No pagination; filters are exact and case-sensitive.
 */
import { requireCredits } from '../deps';
import { errors, jsonResponse, UnhandledServerError } from '../errors';
import type { RequestContext } from '../fastapi';
import { EVENTS, SETTLEMENTS, type EventDef, type SettlementDef } from '../market-data/catalog';
import { MARKETS, type MarketDef } from '../market-data/markets';
import { dataset } from '../market-data/generate';
import { isoFromMicros } from '../market-data/params';
import { elapsedSince } from './history';

/** A catalog time (`…Z`, ms precision) as Python prints a timestamptz. */
export const catalogIso = (text: string): string => isoFromMicros(Date.parse(text) * 1000);

/** MarketSummary: first_data_at = MIN(snapshots.captured_at), last_data_at = MAX(deltas.ts). */
function summary(market: MarketDef, withDates = true) {
  const data = dataset().byTicker.get(market.ticker);
  const first = withDates ? data?.snapshots[0] : undefined;
  const last = withDates ? data?.deltas.at(-1) : undefined;
  return {
    ticker: market.ticker,
    title: market.title,
    event_ticker: market.event_ticker,
    status: market.status,
    category: market.category,
    first_data_at: first ? isoFromMicros(first.us) : null,
    last_data_at: last ? isoFromMicros(last.us) : null,
  };
}

/** The query parameter as FastAPI's `str | None = Query(None)` sees it: the last value, or undefined. */
const queryValue = (ctx: RequestContext, name: string): string | undefined => ctx.url.searchParams.getAll(name).at(-1);

export async function listMarkets(ctx: RequestContext): Promise<Response> {
  await requireCredits(ctx, 1);
  const started = performance.now();
  // Every row, newest discovered_at first; query parameters are ignored.
  const data = [...MARKETS].sort((a, b) => Date.parse(b.discovered_at) - Date.parse(a.discovered_at)).map((m) => summary(m));
  return jsonResponse({ data, request_id: ctx.requestId, response_time: elapsedSince(started) });
}

export async function marketDetail(ctx: RequestContext): Promise<Response> {
  await requireCredits(ctx, 1);
  const started = performance.now();
  const ticker = ctx.params.ticker as string;
  const market = MARKETS.find((candidate) => candidate.ticker === ticker);
  // Charged even when the market does not exist: credits are deducted before the handler runs.
  if (!market) throw errors.marketNotFound(ticker);
  if (market.metadata !== null && ctx.app.settings.jsonbDefect) {
    // asyncpg hands JSONB over as a string, which MarketDetail(metadata: dict | None) rejects (§15.13).
    throw new UnhandledServerError('1 validation error for MarketDetail metadata: Input should be a valid dictionary');
  }
  const data = dataset().byTicker.get(ticker);
  return jsonResponse({
    data: {
      ...summary(market),
      rules: market.rules,
      strike_price: market.strike_price,
      discovered_at: catalogIso(market.discovered_at),
      metadata: market.metadata,
      snapshot_count: data?.snapshots.length ?? 0,
      delta_count: data?.deltas.length ?? 0,
    },
    request_id: ctx.requestId,
    response_time: elapsedSince(started),
  });
}

function eventSummary(event: EventDef, marketCount: number) {
  return {
    event_ticker: event.event_ticker,
    series_ticker: event.series_ticker,
    title: event.title,
    sub_title: event.sub_title,
    category: event.category,
    mutually_exclusive: event.mutually_exclusive,
    status: event.status,
    market_count: marketCount,
  };
}

const marketsOf = (eventTicker: string): MarketDef[] =>
  MARKETS.filter((market) => market.event_ticker === eventTicker).sort((a, b) => (a.ticker < b.ticker ? -1 : a.ticker > b.ticker ? 1 : 0));

export async function listEvents(ctx: RequestContext): Promise<Response> {
  await requireCredits(ctx, 1);
  const started = performance.now();
  // `if category is not None`: an empty value filters on the empty string.
  const filters = (['category', 'series_ticker', 'status'] as const).map((name) => [name, queryValue(ctx, name)] as const);
  const data = EVENTS.filter((event) => filters.every(([name, value]) => value === undefined || event[name] === value))
    .sort((a, b) => (a.event_ticker < b.event_ticker ? -1 : 1))
    .map((event) => eventSummary(event, marketsOf(event.event_ticker).length));
  return jsonResponse({ data, request_id: ctx.requestId, response_time: elapsedSince(started) });
}

export async function eventDetail(ctx: RequestContext): Promise<Response> {
  await requireCredits(ctx, 1);
  const started = performance.now();
  const eventTicker = ctx.params.event_ticker as string;
  const event = EVENTS.find((candidate) => candidate.event_ticker === eventTicker);
  if (!event) throw errors.eventNotFound(eventTicker);
  // The nested summaries never get their data dates (§15.14): the keys are there, always null.
  const markets = marketsOf(eventTicker).map((market) => summary(market, false));
  return jsonResponse({
    data: { ...eventSummary(event, markets.length), markets },
    request_id: ctx.requestId,
    response_time: elapsedSince(started),
  });
}

function settlementRecord(settlement: SettlementDef) {
  return {
    market_ticker: settlement.market_ticker,
    event_ticker: settlement.event_ticker,
    result: settlement.result,
    settlement_value: settlement.settlement_value,
    determined_at: settlement.determined_at === null ? null : catalogIso(settlement.determined_at),
    settled_at: settlement.settled_at === null ? null : catalogIso(settlement.settled_at),
  };
}

export async function listSettlements(ctx: RequestContext): Promise<Response> {
  await requireCredits(ctx, 1);
  const started = performance.now();
  const eventTicker = queryValue(ctx, 'event_ticker');
  const result = queryValue(ctx, 'result');
  const time = (s: SettlementDef) => (s.determined_at === null ? -Infinity : Date.parse(s.determined_at));
  const data = SETTLEMENTS.filter(
    (s) => (eventTicker === undefined || s.event_ticker === eventTicker) && (result === undefined || s.result === result),
  )
    // determined_at DESC NULLS LAST; ties (ambiguous on the real server) by ticker.
    .sort((a, b) => time(b) - time(a) || (a.market_ticker < b.market_ticker ? -1 : 1))
    .map(settlementRecord);
  return jsonResponse({ data, request_id: ctx.requestId, response_time: elapsedSince(started) });
}

export async function settlementDetail(ctx: RequestContext): Promise<Response> {
  await requireCredits(ctx, 1);
  const started = performance.now();
  const ticker = ctx.params.ticker as string;
  const settlement = SETTLEMENTS.find((candidate) => candidate.market_ticker === ticker);
  if (!settlement) throw errors.settlementNotFound(ticker);
  return jsonResponse({ data: settlementRecord(settlement), request_id: ctx.requestId, response_time: elapsedSince(started) });
}
