/** v1.2's free routes (contract §15.21): /playground/markets, /playground/demo, /coverage/stats, /coverage/refresh. */
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { LocalApi } from '../../local-api/server';
import { admin, call, envelopeOf, REQUEST_ID, startTestApi } from './helpers';
import { creditHeaders, creditsUsed, expectBare500, expectNotCharged, keyCredits, keyUser, validationMessage, type KeyUser } from './data-helpers';

const BTC = 'KXBTCD-26FEB1617-T97499.99';
const NYC = 'KXHIGHNY-26FEB16-B45.5';
let api: LocalApi;
let owner: KeyUser;
let token: string;

beforeAll(async () => {
  api = await startTestApi({ seedDemo: false });
  // No credits left: the free routes must not care.
  owner = await keyUser(api, { credits_used: 1000 });
  token = owner.user.accessToken;
});
afterEach(() => admin(api, '/reset-faults'));
afterAll(() => api.close());

const get = (path: string, as = token) => call(api, 'GET', path, { token: as });
const demo = (json: unknown, as = token) => call(api, 'POST', '/playground/demo', { token: as, json });

describe('auth and cost', () => {
  it('take the session (never an API key), with the three 401s of get_authenticated_user', async () => {
    for (const [method, path] of [
      ['GET', '/playground/markets'],
      ['POST', '/playground/demo'],
      ['GET', '/coverage/stats'],
      ['POST', '/coverage/refresh'],
    ] as const) {
      const json = method === 'POST' ? {} : undefined;
      expect(envelopeOf(await call(api, method, path, { json }))).toEqual({ code: 'invalid_api_key', message: 'Missing Bearer token', status: 401 });
      const withKey = envelopeOf(await call(api, method, path, { json, token: owner.key }));
      expect(withKey.code).toBe('invalid_auth_method');
      expect(withKey.message).toBe(
        'Key management endpoints require a Supabase access token, not an API key. Use POST /auth/login to get an access token.',
      );
      expect(envelopeOf(await call(api, method, path, { json, token: 'not-a-jwt' })).message).toBe('Invalid or expired access token');
    }
    // JSON syntax is checked before auth.
    const syntax = await call(api, 'POST', '/playground/demo', { body: '{"endpoint":', headers: { 'content-type': 'application/json' } });
    expect(validationMessage(syntax)).toBe('body.12: JSON decode error');
  });

  it('are free: 200 with no credits left, no X-Credits-*, no usage row; X-Request-ID and CORS as everywhere', async () => {
    const responses = [
      await get('/playground/markets'),
      await get('/coverage/stats'),
      await demo({ endpoint: 'trades', market_ticker: NYC, start_time: '2026-02-16T12:00:00Z', end_time: '2026-02-16T13:00:00Z' }),
    ];
    for (const response of responses) {
      expect(response.status).toBe(200);
      expectNotCharged(response);
      expect(response.body.request_id).toBe(response.headers.get('x-request-id'));
    }
    expect(await creditsUsed(api, owner.user)).toBe(1000);
    expect(await keyCredits(api, owner)).toBe(0);
  });
});

describe('GET /playground/markets', () => {
  it('markets with data, latest coverage first, at most limit (10); body without response_time', async () => {
    const response = await get('/playground/markets');
    expect(Object.keys(response.body)).toEqual(['data', 'request_id']);
    const rows = response.body.data;
    expect(rows).toHaveLength(10);
    expect(Object.keys(rows[0])).toEqual(['ticker', 'title', 'status', 'event_ticker', 'first_date', 'last_date']);
    const last = rows.map((r: { last_date: string }) => r.last_date);
    expect(last).toEqual([...last].sort().reverse());
    expect(rows.map((r: { ticker: string }) => r.ticker)).not.toContain('KXGDP-26Q1-T2.0');
    expect(rows.find((r: { ticker: string }) => r.ticker === BTC)).toEqual({
      ticker: BTC,
      title: 'Bitcoin price above $97,499.99 on Feb 16, 2026 at 5pm EST?',
      status: 'settled',
      event_ticker: 'KXBTCD-26FEB1617',
      first_date: '2026-02-16',
      last_date: '2026-02-16',
    });
  });

  it('q matches ticker or title case-insensitively, with % and _ as wildcards; limit 1–50', async () => {
    const tickers = async (query: string) => (await get(`/playground/markets?${query}`)).body.data.map((r: { ticker: string }) => r.ticker).sort();
    expect(await tickers('q=btc')).toEqual([BTC, 'KXBTCD-26FEB1617-T99999.99']);
    expect(await tickers('q=high%20temp')).toEqual([NYC, 'KXHIGHNY-26FEB16-B47.5']);
    expect(await tickers('q=KX_IGH')).toEqual([NYC, 'KXHIGHNY-26FEB16-B47.5']);
    expect(await tickers('q=%25&limit=50')).toHaveLength(10);
    expect(await tickers('q=zzz')).toEqual([]);
    expect(await tickers('q=btc&limit=1')).toHaveLength(1);
    const zero = await get('/playground/markets?limit=0');
    expect(validationMessage(zero)).toBe('query.limit: Input should be greater than or equal to 1');
    expect(creditHeaders(zero)).toBeNull();
    expect(validationMessage(await get('/playground/markets?limit=51'))).toBe('query.limit: Input should be less than or equal to 50');
  });
});

describe('POST /playground/demo', () => {
  it('orderbook: the /orderbook body without request_id/response_time, 10 levels by default', async () => {
    const rich = await keyUser(api, { credits_total: 100_000 });
    const request = { market_ticker: BTC, timestamp: '2026-02-16T10:30:00Z' };
    const response = await demo({ endpoint: 'orderbook', ...request });
    expect(Object.keys(response.body)).toEqual(['endpoint', 'data', 'response_time', 'request_id', 'credits_cost']);
    expect(response.body).toMatchObject({ endpoint: 'orderbook', credits_cost: 0 });
    const paid = await call(api, 'POST', '/orderbook', { token: rich.key, json: { ...request, depth: 10 } });
    const { request_id: requestId, response_time: responseTime, ...book } = paid.body;
    expect([requestId, typeof responseTime]).toEqual([expect.stringMatching(REQUEST_ID), 'number']);
    expect(response.body.data).toEqual(book);
    expect(response.body.data.yes).toHaveLength(10);
    expect((await demo({ endpoint: 'orderbook', ...request, depth: 3 })).body.data.no).toHaveLength(3);
  });

  it('trades (end exclusive, limit, no cursor) and candles (an unknown interval means 1h)', async () => {
    const window = { market_ticker: NYC, start_time: '2026-02-16T12:00:00Z', end_time: '2026-02-16T18:00:00Z' };
    const trades = await demo({ endpoint: 'trades', ...window, limit: 3 });
    expect(trades.body.data).toHaveLength(3);
    expect(Object.keys(trades.body.data[0])).toEqual(['trade_id', 'market_ticker', 'yes_price', 'no_price', 'count', 'taker_side', 'ts']);
    const endAt = await demo({ endpoint: 'trades', ...window, end_time: trades.body.data[2].ts });
    expect(endAt.body.data).toEqual(trades.body.data.slice(0, 2));
    expect(Object.keys(trades.body)).not.toContain('next_cursor');

    const hourly = await demo({ endpoint: 'candles', ...window, interval: '1h' });
    expect(hourly.body.data.length).toBeGreaterThan(3);
    expect(hourly.body.data[0].bucket).toBe('2026-02-16T12:00:00');
    expect((await demo({ endpoint: 'candles', ...window, interval: '5m' })).body.data).toEqual(hourly.body.data);
    expect((await demo({ endpoint: 'candles', ...window })).body.data).toEqual(hourly.body.data);
    expect((await demo({ endpoint: 'candles', ...window, interval: '1m' })).body.data.length).toBeGreaterThan(hourly.body.data.length);
    expect((await demo({ endpoint: 'trades', ...window, market_ticker: 'KXNOPE' })).body.data).toEqual([]);
  });

  it('errors: handler 422s, field 422s, 404s with the demo wording, 500 with the JSONB defect', async () => {
    expect(validationMessage(await demo({ endpoint: 'deltas', market_ticker: BTC }))).toBe(
      'Invalid endpoint. Must be one of: orderbook, trades, candles',
    );
    expect(validationMessage(await demo({ endpoint: 'orderbook', market_ticker: BTC }))).toBe('timestamp is required for orderbook demo');
    expect(validationMessage(await demo({ endpoint: 'trades', market_ticker: BTC, start_time: '2026-02-16T12:00:00Z' }))).toBe(
      'start_time and end_time are required for trades demo',
    );
    expect(validationMessage(await demo({ endpoint: 'candles', market_ticker: BTC }))).toBe('start_time and end_time are required for candles demo');
    expect(validationMessage(await demo({ market_ticker: BTC }))).toBe('body.endpoint: Field required');
    expect(validationMessage(await demo({ endpoint: 'orderbook', market_ticker: BTC, timestamp: '2026-02-16T10:00:00Z', depth: 51 }))).toBe(
      'body.depth: Input should be less than or equal to 50',
    );
    expect(validationMessage(await demo({ endpoint: 'trades', market_ticker: BTC, limit: 101 }))).toBe(
      'body.limit: Input should be less than or equal to 100',
    );
    expect(envelopeOf(await demo({ endpoint: 'orderbook', market_ticker: 'KXNOPE', timestamp: '2026-02-16T10:00:00Z' }))).toEqual({
      code: 'market_not_found',
      message: "Market 'KXNOPE' not found.",
      status: 404,
    });
    expect(envelopeOf(await demo({ endpoint: 'orderbook', market_ticker: BTC, timestamp: '2026-02-15T13:00:00Z' }))).toEqual({
      code: 'no_data_available',
      message: `No orderbook data available for ${BTC} at 2026-02-15T13:00:00+00:00`,
      status: 404,
    });
    await admin(api, '/data-faults', { jsonb_defect: true });
    expectBare500(await demo({ endpoint: 'orderbook', market_ticker: BTC, timestamp: '2026-02-16T10:00:00Z' }));
  });
});

describe('GET /coverage/stats and POST /coverage/refresh', () => {
  it('groups markets by event (ticker order, Ungrouped last), with segments of consecutive days and a summary of all', async () => {
    const response = await get('/coverage/stats');
    expect(Object.keys(response.body)).toEqual(['summary', 'events', 'total_events', 'request_id', 'response_time']);
    const { summary, events, total_events: totalEvents } = response.body;
    const names = events.map((e: { event_ticker: string }) => e.event_ticker);
    expect(names.at(-1)).toBe('Ungrouped');
    expect(names.slice(0, -1)).toEqual([...names.slice(0, -1)].sort());
    expect(totalEvents).toBe(events.length);
    expect(names).not.toContain('KXGDP-26Q1'); // its only market has no data
    const ungrouped = events.at(-1);
    expect(ungrouped).toMatchObject({ event_title: 'Ungrouped Markets', market_count: 1 });
    const cpi = ungrouped.markets[0];
    expect(Object.keys(cpi)).toEqual([
      'ticker',
      'title',
      'status',
      'segment_count',
      'total_snapshots',
      'total_deltas',
      'total_trades',
      'first_date',
      'last_date',
      'segments',
    ]);
    expect(cpi.segments.map((s: { segment_id: number; segment_start: string; segment_end: string; days_covered: number }) => [s.segment_id, s.segment_start, s.segment_end, s.days_covered])).toEqual([
      [0, '2026-02-16', '2026-02-17', 2],
      [1, '2026-02-19', '2026-02-19', 1],
    ]);
    expect(cpi.total_deltas).toBe(cpi.segments.reduce((sum: number, s: { delta_count: number }) => sum + s.delta_count, 0));
    const markets = events.flatMap((e: { markets: unknown[] }) => e.markets);
    expect(summary).toEqual({
      total_markets: markets.length,
      total_snapshots: markets.reduce((sum: number, m: { total_snapshots: number }) => sum + m.total_snapshots, 0),
      total_deltas: markets.reduce((sum: number, m: { total_deltas: number }) => sum + m.total_deltas, 0),
      date_range_start: '2026-02-15',
      date_range_end: '2026-02-20',
    });
    // The same counts as the paid market detail.
    const rich = await keyUser(api, { credits_total: 100_000 });
    const detail = (await call(api, 'GET', `/markets/${cpi.ticker}`, { token: rich.key })).body.data;
    expect([detail.snapshot_count, detail.delta_count]).toEqual([cpi.total_snapshots, cpi.total_deltas]);
  });

  it('filters (empty values ignored), pages of event groups, and 422s for page/page_size', async () => {
    const nyc = (await get('/coverage/stats?search=nyc')).body;
    expect(nyc.events.map((e: { event_ticker: string }) => e.event_ticker)).toEqual(['KXHIGHNY-26FEB16']);
    expect(nyc.events[0]).toMatchObject({ event_title: 'Highest temperature in NYC on Feb 16, 2026?', market_count: 2 });
    expect(nyc.summary).toMatchObject({ total_markets: 2, date_range_start: '2026-02-15', date_range_end: '2026-02-17' });
    expect((await get('/coverage/stats?status=active&event_ticker=KXFEDDECISION-26MAR')).body.summary.total_markets).toBe(2);
    const all = (await get('/coverage/stats?status=&search=&event_ticker=')).body;
    expect(all.total_events).toBe((await get('/coverage/stats')).body.total_events);
    const page2 = (await get('/coverage/stats?page=2&page_size=2')).body;
    expect(page2.events.map((e: { event_ticker: string }) => e.event_ticker)).toEqual(
      all.events.slice(2, 4).map((e: { event_ticker: string }) => e.event_ticker),
    );
    expect(page2.summary).toEqual(all.summary);
    expect((await get('/coverage/stats?page=99')).body.events).toEqual([]);
    expect(validationMessage(await get('/coverage/stats?page=0'))).toBe('query.page: Input should be greater than or equal to 1');
    expect(validationMessage(await get('/coverage/stats?page_size=101'))).toBe('query.page_size: Input should be less than or equal to 100');
    const empty = (await get('/coverage/stats?search=zzz')).body;
    expect(empty).toMatchObject({ events: [], total_events: 0, summary: { total_markets: 0, date_range_start: null, date_range_end: null } });
  });

  it('refresh answers its message; GET is 405', async () => {
    const response = await call(api, 'POST', '/coverage/refresh', { token });
    expect(Object.keys(response.body)).toEqual(['message', 'request_id']);
    expect(response.body.message).toBe('Coverage stats refreshed');
    expect((await get('/coverage/refresh')).status).toBe(405);
  });
});
