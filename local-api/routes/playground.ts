/**
 * v1.2's free routes (src/api/routes/{playground,coverage}.py, contract §15.21): they take the
 * GoTrue access token like /keys, never an API key, and charge nothing (no credit check, no
 * X-Credits-*, no usage row).
 */
import { requireUser } from '../deps';
import { errors, jsonResponse } from '../errors';
import type { RequestContext } from '../fastapi';
import { coverageRows, ilikeContains, type MarketCoverageRow } from '../market-data/coverage';
import { EVENTS } from '../market-data/catalog';
import { dataset } from '../market-data/generate';
import { DemoRequest, validateDataBody, validateQuery } from '../market-data/params';
import { candles, lowerBound, tradeRecord, type CandleInterval } from '../market-data/queries';
import { elapsedSince, orderbookAt } from './history';

const PlaygroundMarketsQuery = {
  q: { type: 'str', default: '' },
  limit: { type: 'int', default: 10, ge: 1, le: 50 },
} as const;

const CoverageQuery = {
  search: { type: 'str', default: null, nullable: true },
  status: { type: 'str', default: null, nullable: true },
  event_ticker: { type: 'str', default: null, nullable: true },
  page: { type: 'int', default: 1, ge: 1 },
  page_size: { type: 'int', default: 20, ge: 1, le: 100 },
} as const;

const firstDate = (row: MarketCoverageRow): string => (row.segments[0] as { segment_start: string }).segment_start;
const lastDate = (row: MarketCoverageRow): string => (row.segments.at(-1) as { segment_end: string }).segment_end;
const byText = (a: string, b: string): number => (a < b ? -1 : a > b ? 1 : 0);

function matching(search: string | null): MarketCoverageRow[] {
  if (!search) return [...coverageRows()];
  const like = ilikeContains(search);
  return coverageRows().filter((row) => like(row.market.def.ticker) || like(row.market.def.title));
}

export async function playgroundMarkets(ctx: RequestContext): Promise<Response> {
  await requireUser(ctx);
  const query = validateQuery(PlaygroundMarketsQuery, ctx.url);
  // ORDER BY MAX(segment_end) DESC; ties (ambiguous on the real server) by ticker.
  const data = matching(query.q)
    .sort((a, b) => byText(lastDate(b), lastDate(a)) || byText(a.market.def.ticker, b.market.def.ticker))
    .slice(0, query.limit)
    .map((row) => ({
      ticker: row.market.def.ticker,
      title: row.market.def.title,
      status: row.market.def.status,
      event_ticker: row.market.def.event_ticker,
      first_date: firstDate(row),
      last_date: lastDate(row),
    }));
  return jsonResponse({ data, request_id: ctx.requestId });
}

export async function playgroundDemo(ctx: RequestContext): Promise<Response> {
  const raw = await ctx.readBody();
  await requireUser(ctx);
  const body = validateDataBody(DemoRequest, raw);
  const started = performance.now();
  const respond = (endpoint: string, data: unknown) =>
    jsonResponse({ endpoint, data, response_time: elapsedSince(started), request_id: ctx.requestId, credits_cost: 0 });
  const market = dataset().byTicker.get(body.market_ticker);

  if (body.endpoint === 'orderbook') {
    if (body.timestamp === null) throw errors.validation('timestamp is required for orderbook demo');
    const result = orderbookAt(ctx, body.market_ticker, body.timestamp, body.depth ?? 10);
    if (result.kind === 'market_not_found') throw errors.marketNotFound(body.market_ticker);
    if (result.kind === 'no_data') {
      throw errors.noDataAvailable(`No orderbook data available for ${body.market_ticker} at ${body.timestamp.iso}`);
    }
    return respond('orderbook', result.body);
  }
  if (body.endpoint === 'trades' || body.endpoint === 'candles') {
    if (body.start_time === null || body.end_time === null) {
      throw errors.validation(`start_time and end_time are required for ${body.endpoint} demo`);
    }
    const rows = market?.trades ?? [];
    if (body.endpoint === 'trades') {
      // ts >= start AND ts < end ORDER BY ts LIMIT limit: no cursor, no has_more.
      const data = [];
      for (let i = lowerBound(rows, body.start_time.us); i < rows.length && data.length < body.limit; i++) {
        const trade = rows[i] as (typeof rows)[number];
        if (trade.us >= body.end_time.us) break;
        data.push(tradeRecord(body.market_ticker, trade));
      }
      return respond('trades', data);
    }
    // An unknown interval silently falls back to hourly candles (not validated here).
    const interval = (['1m', '1h', '1d'] as const).find((name) => name === (body.interval || '1h')) ?? '1h';
    return respond('candles', candles(body.market_ticker, rows, body.start_time.us, body.end_time.us, interval as CandleInterval));
  }
  throw errors.validation('Invalid endpoint. Must be one of: orderbook, trades, candles');
}

export async function coverageStats(ctx: RequestContext): Promise<Response> {
  await requireUser(ctx);
  const query = validateQuery(CoverageQuery, ctx.url);
  const started = performance.now();
  // Empty values are ignored (`if status:`), unlike /events.
  const rows = matching(query.search).filter(
    (row) => (!query.status || row.market.def.status === query.status) && (!query.event_ticker || row.market.def.event_ticker === query.event_ticker),
  );
  const markets = rows
    .sort((a, b) => byText(a.market.def.ticker, b.market.def.ticker))
    .map((row) => ({
      event_ticker: row.market.def.event_ticker,
      coverage: {
        ticker: row.market.def.ticker,
        title: row.market.def.title,
        status: row.market.def.status,
        segment_count: row.segments.length,
        total_snapshots: row.segments.reduce((sum, s) => sum + s.snapshot_count, 0),
        total_deltas: row.segments.reduce((sum, s) => sum + s.delta_count, 0),
        total_trades: row.segments.reduce((sum, s) => sum + s.trade_count, 0),
        first_date: firstDate(row),
        last_date: lastDate(row),
        segments: row.segments,
      },
    }));
  const groups = new Map<string, (typeof markets)[number]['coverage'][]>();
  for (const { event_ticker, coverage } of markets) {
    const key = event_ticker ?? '';
    groups.set(key, [...(groups.get(key) ?? []), coverage]);
  }
  const events = [...groups.entries()]
    .filter(([key]) => key !== '')
    .sort(([a], [b]) => byText(a, b))
    .map(([eventTicker, list]) => ({
      event_ticker: eventTicker,
      event_title: EVENTS.find((event) => event.event_ticker === eventTicker)?.title ?? null,
      market_count: list.length,
      markets: list,
    }));
  const ungrouped = groups.get('');
  if (ungrouped) events.push({ event_ticker: 'Ungrouped', event_title: 'Ungrouped Markets', market_count: ungrouped.length, markets: ungrouped });
  const dates = markets.flatMap(({ coverage }) => [coverage.first_date, coverage.last_date]).sort(byText);
  const start = (query.page - 1) * query.page_size;
  return jsonResponse({
    summary: {
      total_markets: markets.length,
      total_snapshots: markets.reduce((sum, m) => sum + m.coverage.total_snapshots, 0),
      total_deltas: markets.reduce((sum, m) => sum + m.coverage.total_deltas, 0),
      date_range_start: dates[0] ?? null,
      date_range_end: dates.at(-1) ?? null,
    },
    events: events.slice(start, start + query.page_size),
    total_events: events.length,
    request_id: ctx.requestId,
    response_time: elapsedSince(started),
  });
}

/** The data never changes, so there is nothing to refresh; the answer is the real one. */
export async function coverageRefresh(ctx: RequestContext): Promise<Response> {
  await requireUser(ctx);
  return jsonResponse({ message: 'Coverage stats refreshed', request_id: ctx.requestId });
}
