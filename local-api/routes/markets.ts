/**
 * GET /markets and GET /markets/{ticker} (src/api/routes/markets.py): data endpoints, paid for
 * with an API key at 1 credit each. The market data itself is a small fixed sample; what matters
 * locally is the metering (last_used_at, credits, usage rows, X-Credits-* headers, 429).
 */
import { performance } from 'node:perf_hooks';
import { requireCredits } from '../deps';
import { errors, jsonResponse } from '../errors';
import type { RequestContext } from '../fastapi';

interface SampleMarket {
  ticker: string;
  title: string;
  event_ticker: string;
  status: string;
  category: string;
  first_data_at: string;
  last_data_at: string;
  rules: string;
  strike_price: number | null;
  discovered_at: string;
  snapshot_count: number;
  delta_count: number;
}

const SAMPLE_MARKETS: SampleMarket[] = [
  {
    ticker: 'KXFEDDECISION-26MAR-H0',
    title: 'Will the Fed hold rates at its March 2026 meeting?',
    event_ticker: 'KXFEDDECISION-26MAR',
    status: 'active',
    category: 'Economics',
    first_data_at: '2026-02-13T18:04:11.203518+00:00',
    last_data_at: '2026-02-17T09:41:52.774120+00:00',
    rules: 'Resolves Yes if the FOMC leaves the target range unchanged at the March 2026 meeting.',
    strike_price: null,
    discovered_at: '2026-02-13T18:00:02.118734+00:00',
    snapshot_count: 412,
    delta_count: 98213,
  },
  {
    ticker: 'KXBTC-26FEB28-B100000',
    title: 'Bitcoin price on Feb 28, 2026 — $100,000 to $102,499.99',
    event_ticker: 'KXBTC-26FEB28',
    status: 'active',
    category: 'Crypto',
    first_data_at: '2026-02-14T00:00:03.551902+00:00',
    last_data_at: '2026-02-17T09:41:50.100233+00:00',
    rules: 'Resolves Yes if the CF Benchmarks BRTI is within the range at 5 pm ET on Feb 28, 2026.',
    strike_price: 100000,
    discovered_at: '2026-02-14T00:00:01.900441+00:00',
    snapshot_count: 377,
    delta_count: 241877,
  },
  {
    ticker: 'KXHIGHNY-26FEB16-B45.5',
    title: 'Highest temperature in NYC on Feb 16, 2026 — 45° to 46°',
    event_ticker: 'KXHIGHNY-26FEB16',
    status: 'finalized',
    category: 'Climate and Weather',
    first_data_at: '2026-02-15T14:00:00+00:00',
    last_data_at: '2026-02-16T23:59:58.410067+00:00',
    rules: 'Resolves Yes if the NWS Central Park high for Feb 16, 2026 is 45° or 46°.',
    strike_price: 45.5,
    discovered_at: '2026-02-15T13:58:40.026519+00:00',
    snapshot_count: 96,
    delta_count: 15390,
  },
  {
    ticker: 'KXNBAGAME-26FEB19LALBOS-LAL',
    title: 'Lakers vs Celtics (Feb 19, 2026) — Lakers win',
    event_ticker: 'KXNBAGAME-26FEB19LALBOS',
    status: 'active',
    category: 'Sports',
    first_data_at: '2026-02-16T16:20:31.735001+00:00',
    last_data_at: '2026-02-17T09:40:12.006318+00:00',
    rules: 'Resolves Yes if the Los Angeles Lakers win the game.',
    strike_price: null,
    discovered_at: '2026-02-16T16:19:55.481170+00:00',
    snapshot_count: 41,
    delta_count: 6022,
  },
];

const summary = (market: SampleMarket) => ({
  ticker: market.ticker,
  title: market.title,
  event_ticker: market.event_ticker,
  status: market.status,
  category: market.category,
  first_data_at: market.first_data_at,
  last_data_at: market.last_data_at,
});

export async function listMarkets(ctx: RequestContext): Promise<Response> {
  await requireCredits(ctx, 1);
  const started = performance.now();
  const data = SAMPLE_MARKETS.map(summary);
  return jsonResponse({
    data,
    request_id: ctx.requestId,
    response_time: Math.round((performance.now() - started) * 10) / 10000,
  });
}

export async function marketDetail(ctx: RequestContext): Promise<Response> {
  await requireCredits(ctx, 1);
  const started = performance.now();
  const ticker = ctx.params.ticker as string;
  const market = SAMPLE_MARKETS.find((candidate) => candidate.ticker === ticker);
  // Charged even when the market does not exist: credits are deducted before the handler runs.
  if (!market) throw errors.marketNotFound(ticker);
  return jsonResponse({
    data: {
      ...summary(market),
      rules: market.rules,
      strike_price: market.strike_price,
      discovered_at: market.discovered_at,
      metadata: null,
      snapshot_count: market.snapshot_count,
      delta_count: market.delta_count,
    },
    request_id: ctx.requestId,
    response_time: Math.round((performance.now() - started) * 10) / 10000,
  });
}
