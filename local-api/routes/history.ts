/**
 * The order-book history routes (src/api/routes/{orderbook,deltas,trades,candles}.py), over the
 * synthetic dataset. Processing order as on the real server (contract §15.4): JSON syntax (POST)
 * → API key → credits → field validation → handler; everything after the credit step is charged.
 */
import { requireCredits } from '../deps';
import { errors, jsonResponse, UnhandledServerError } from '../errors';
import type { RequestContext } from '../fastapi';
import { dataset } from '../market-data/generate';
import { CandlesQuery, isoFromMicros, OrderbookRequest, RangeRequest, validateDataBody, validateQuery, type PyDateTime } from '../market-data/params';
import { CANDLE_UNITS, candles, decodeCursor, deltaRecord, reconstruct, selectPage, tradeRecord, type CandleInterval } from '../market-data/queries';

/** round(time.monotonic() - t0, 4), timed from the start of the handler body. */
export const elapsedSince = (started: number): number => Math.round((performance.now() - started) * 10) / 10000;

/** What the stock backend's reconstruction raises on every snapshot (asyncpg returns JSONB as str). */
const jsonbDefectError = (): UnhandledServerError =>
  new UnhandledServerError("ValueError: invalid literal for int() with base 10: '['");

export type OrderbookResult =
  | { kind: 'market_not_found' }
  | { kind: 'no_data'; earliestUs: number }
  | {
      kind: 'ok';
      body: { market_ticker: string; timestamp: string; snapshot_basis: string; deltas_applied: number; yes: unknown[]; no: unknown[] };
    };

/** reconstruct_orderbook as the handlers call it, with the JSONB defect when the switch is on. */
export function orderbookAt(ctx: RequestContext, ticker: string, at: PyDateTime, depth: number | null): OrderbookResult {
  const result = reconstruct(dataset().byTicker.get(ticker), at.us, depth);
  if (result.kind !== 'ok') return result;
  if (ctx.app.settings.jsonbDefect) throw jsonbDefectError();
  return {
    kind: 'ok',
    body: {
      market_ticker: ticker,
      timestamp: at.iso,
      snapshot_basis: isoFromMicros(result.snapshotUs),
      deltas_applied: result.deltasApplied,
      yes: result.yes,
      no: result.no,
    },
  };
}

export async function orderbook(ctx: RequestContext): Promise<Response> {
  const raw = await ctx.readBody();
  await requireCredits(ctx, 5);
  const body = validateDataBody(OrderbookRequest, raw);
  const started = performance.now();
  const result = orderbookAt(ctx, body.market_ticker, body.timestamp, body.depth);
  if (result.kind === 'market_not_found') throw errors.marketNotFound(body.market_ticker);
  if (result.kind === 'no_data') {
    throw errors.noDataAvailable(
      `No data available for '${body.market_ticker}' at the requested timestamp. Earliest available data: ${isoFromMicros(result.earliestUs)}`,
    );
  }
  return jsonResponse({ ...result.body, request_id: ctx.requestId, response_time: elapsedSince(started) });
}

async function rangeRoute(ctx: RequestContext, kind: 'deltas' | 'trades'): Promise<Response> {
  const raw = await ctx.readBody();
  await requireCredits(ctx, 2);
  const body = validateDataBody(RangeRequest, raw);
  const started = performance.now();
  let after;
  if (body.cursor !== null) {
    after = decodeCursor(body.cursor);
    if (!after) throw errors.validation('Invalid pagination cursor.');
  }
  const market = dataset().byTicker.get(body.market_ticker);
  // /deltas includes end_time, /trades excludes it (§15.9, §15.10).
  const range = { startUs: body.start_time.us, endUs: body.end_time.us, endInclusive: kind === 'deltas' };
  let data: unknown[];
  let page: { nextCursor: string | null; hasMore: boolean };
  if (kind === 'deltas') {
    const selected = selectPage(market?.deltas ?? [], range, after, body.limit);
    data = selected.rows.map((row) => deltaRecord(body.market_ticker, row));
    page = selected;
  } else {
    const selected = selectPage(market?.trades ?? [], range, after, body.limit);
    data = selected.rows.map((row) => tradeRecord(body.market_ticker, row));
    page = selected;
  }
  return jsonResponse({
    data,
    next_cursor: page.nextCursor,
    has_more: page.hasMore,
    request_id: ctx.requestId,
    response_time: elapsedSince(started),
  });
}

export const deltas = (ctx: RequestContext): Promise<Response> => rangeRoute(ctx, 'deltas');
export const trades = (ctx: RequestContext): Promise<Response> => rangeRoute(ctx, 'trades');

const INTERVAL_NAMES = Object.keys(CANDLE_UNITS).sort().join(', ');

export async function candlesRoute(ctx: RequestContext): Promise<Response> {
  await requireCredits(ctx, 3);
  const query = validateQuery(CandlesQuery, ctx.url);
  const started = performance.now();
  if (!Object.prototype.hasOwnProperty.call(CANDLE_UNITS, query.interval)) {
    throw errors.validation(`Invalid interval '${query.interval}'. Must be one of: ${INTERVAL_NAMES}`);
  }
  const ticker = ctx.params.ticker as string;
  const market = dataset().byTicker.get(ticker);
  const data = candles(ticker, market?.trades ?? [], query.start_time.us, query.end_time.us, query.interval as CandleInterval);
  return jsonResponse({ data, request_id: ctx.requestId, response_time: elapsedSince(started) });
}
