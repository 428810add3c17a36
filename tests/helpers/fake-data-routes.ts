// Data routes (kalshibook-api.md §15) on top of the fake server, for the Playground's background
// tests: API-key auth (§15.2), charging before validation (§15.3, §15.4), 429 credits_exhausted,
// the X-Credits-* headers only when `hostAccess` (the browser hides them cross-origin, §15.7), a 500
// that reaches fetch as a network error without host access, and the v1.2 playground routes.
import { reply, REQUEST_ID, type Call, type FakeServer } from './fake-server';

export const MARKET = {
  ticker: 'KXBTCD-26FEB1617-T97499.99',
  title: 'Bitcoin price above $97,499.99 on Feb 16, 2026 at 5pm EST?',
  event_ticker: 'KXBTCD-26FEB1617',
  status: 'active',
  category: 'Crypto',
  first_data_at: '2026-02-16T14:00:00+00:00',
  last_data_at: '2026-02-17T18:00:00+00:00',
};

export interface DataRouteOptions {
  /** The extension has host access to the API: X-Credits-* readable, 500 bodies readable. */
  hostAccess?: boolean;
  /** v1.2's /playground/* routes exist (default true). */
  playground?: boolean;
  /** POST /orderbook answers 500 at or after the first snapshot, like the stock backend (default false). */
  orderbook500?: boolean;
}

const COST: Record<string, number> = { orderbook: 5, deltas: 2, trades: 2, candles: 3, markets: 1 };

type Responder = Parameters<FakeServer['fault']>[1];

/**
 * Adds the routes; `override(route, respond, times)` answers matching requests first (the fake
 * server takes the first matching fault, and these routes are faults too).
 */
export function addDataRoutes(server: FakeServer, options: DataRouteOptions = {}) {
  const overrides: [string | ((call: Call) => boolean), Responder, number][] = [];
  const install = () => {
    server.clearFaults();
    for (const [route, respond, times] of overrides) server.fault(route, respond, times);
    installRoutes(server, options);
  };
  install();
  return {
    override(route: string | ((call: Call) => boolean), respond: Responder, times = Number.POSITIVE_INFINITY) {
      overrides.push([route, respond, times]);
      install();
    },
  };
}

function installRoutes(server: FakeServer, options: DataRouteOptions) {
  const playground = options.playground ?? true;
  const headers = (cost: number): Record<string, string> =>
    options.hostAccess
      ? {
          'x-credits-cost': String(cost),
          'x-credits-remaining': String(Math.max(0, server.billing.credits_total - server.billing.credits_used)),
          'x-credits-used': String(server.billing.credits_used),
          'x-credits-total': String(server.billing.credits_total),
        }
      : {};
  const internal = () => {
    if (!options.hostAccess) return reply.networkError();
    return reply.json(500, { error: { code: 'internal_error', message: 'An unexpected error occurred. Please try again later.', status: 500 }, request_id: 'req_5000000000aa' });
  };

  const dataRoute = (call: Call) => /^\/(orderbook|deltas|trades|markets|candles\/[^/?]+)(\?|$)/.test(call.path);
  server.fault(dataRoute, (call) => {
    const auth = call.headers.authorization ?? '';
    if (!auth.startsWith('Bearer ')) return reply.envelope(401, 'invalid_api_key', 'Missing or malformed Authorization header. Expected: Bearer kb-...');
    const key = [...server.keys.values()].find((k) => k.key === auth.slice(7).trim() && !k.revoked);
    if (!key) return reply.envelope(401, 'invalid_api_key', 'The provided API key is invalid or has been revoked.');
    const route = call.path.slice(1).split(/[/?]/)[0]!;
    const cost = COST[route]!;
    const b = server.billing;
    if (b.credits_used + cost > b.credits_total && !b.payg_enabled) {
      return reply.envelope(429, 'credits_exhausted', 'Monthly credit limit reached. Enable Pay-As-You-Go for continued access or upgrade to the Project plan at /billing/checkout.');
    }
    b.credits_used += cost;
    key.credits_used += cost;
    const body = (call.json ?? {}) as Record<string, unknown>;
    const env = { request_id: REQUEST_ID, response_time: 0.001 };
    if (route === 'markets') return reply.json(200, { data: [MARKET, { ...MARKET, ticker: 'KXNODATA', first_data_at: null, last_data_at: null }], ...env }, headers(cost));
    if (route === 'orderbook') {
      if (typeof body.timestamp !== 'string') return reply.envelope(422, 'validation_error', 'body.timestamp: Field required', headers(cost));
      if (body.market_ticker !== MARKET.ticker) return reply.envelope(404, 'market_not_found', `Market '${String(body.market_ticker)}' not found.`, headers(cost));
      if (Date.parse(body.timestamp) < Date.parse(MARKET.first_data_at)) {
        return reply.envelope(404, 'no_data_available', `No data available for '${MARKET.ticker}' at the requested timestamp. Earliest available data: ${MARKET.first_data_at}`, headers(cost));
      }
      if (options.orderbook500) return internal();
      return reply.json(200, { market_ticker: MARKET.ticker, timestamp: body.timestamp.replace('Z', '+00:00'), snapshot_basis: MARKET.first_data_at, deltas_applied: 1, yes: [{ price: 44, quantity: 525 }], no: [{ price: 54, quantity: 200 }], ...env }, headers(cost));
    }
    if (route === 'trades' || route === 'deltas') {
      const limit = Number(body.limit ?? 100);
      if (!(limit >= 1 && limit <= 1000)) return reply.envelope(422, 'validation_error', `body.limit: Input should be ${limit < 1 ? 'greater than or equal to 1' : 'less than or equal to 1000'}`, headers(cost));
      const rows = Array.from({ length: Math.min(limit, 3) }, (_, i) => ({ trade_id: `t${i}`, market_ticker: MARKET.ticker, yes_price: 40 + i, no_price: 60 - i, count: 10, taker_side: 'yes', ts: `2026-02-16T14:0${i}:00+00:00` }));
      return reply.json(200, { data: rows, next_cursor: limit < 3 ? 'eyJ0cyI6IjIwMjYtMDItMTZUMTQ6MDA6MDArMDA6MDAiLCJpZCI6MX0=' : null, has_more: limit < 3, ...env }, headers(cost));
    }
    return reply.json(200, { data: [], ...env }, headers(cost));
  });

  const sessionRoute = (call: Call) => call.path.startsWith('/playground/');
  server.fault(sessionRoute, (call) => {
    if (!playground) return reply.json(404, { detail: 'Not Found' });
    const auth = call.headers.authorization ?? '';
    if (!auth.startsWith('Bearer ') || auth.startsWith('Bearer kb-')) return reply.envelope(401, 'invalid_api_key', 'Missing Bearer token');
    if (call.path.startsWith('/playground/markets')) {
      const q = new URL(call.url).searchParams.get('q') ?? '';
      const hit = !q || MARKET.ticker.toLowerCase().includes(q.toLowerCase()) || MARKET.title.toLowerCase().includes(q.toLowerCase());
      return reply.json(200, { data: hit ? [{ ticker: MARKET.ticker, title: MARKET.title, status: 'active', event_ticker: MARKET.event_ticker, first_date: '2026-02-16', last_date: '2026-02-17' }] : [], request_id: REQUEST_ID });
    }
    const body = (call.json ?? {}) as Record<string, unknown>;
    if (body.endpoint === 'orderbook' && options.orderbook500) return internal();
    const data = body.endpoint === 'orderbook' ? { market_ticker: MARKET.ticker, timestamp: String(body.timestamp), snapshot_basis: MARKET.first_data_at, deltas_applied: 0, yes: [], no: [] } : {};
    return reply.json(200, { endpoint: body.endpoint, data, response_time: 0.001, request_id: REQUEST_ID, credits_cost: 0 });
  });
}
