/** GET /markets*, /events*, /settlements* (contract §15.12–§15.15): bodies, filters, 404s, headers, CORS. */
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { LocalApi } from '../../local-api/server';
import { admin, call, envelopeOf, ISO_TIMESTAMP, startTestApi } from './helpers';
import { creditHeaders, creditsUsed, expectBare500, expectCharged, keyCredits, keyUser, type KeyUser } from './data-helpers';

let api: LocalApi;
let rich: KeyUser;

beforeAll(async () => {
  api = await startTestApi({ seedDemo: false });
  rich = await keyUser(api, { credits_total: 1_000_000 });
});
afterEach(() => admin(api, '/reset-faults'));
afterAll(() => api.close());

const get = (path: string, key = rich.key) => call(api, 'GET', path, { token: key });
const SUMMARY_KEYS = ['ticker', 'title', 'event_ticker', 'status', 'category', 'first_data_at', 'last_data_at'];

describe('GET /markets and /markets/{ticker}', () => {
  it('lists every market, newest discovered first, with first/last data times; query parameters are ignored', async () => {
    const response = await get('/markets?status=settled&limit=1');
    expectCharged(response, 1);
    const markets = response.body.data;
    expect(markets.length).toBeGreaterThanOrEqual(10);
    for (const market of markets) expect(Object.keys(market)).toEqual(SUMMARY_KEYS);
    expect(new Set(markets.map((m: { category: string | null }) => m.category))).toEqual(
      new Set(['Crypto', 'Economics', 'Climate and Weather', 'Sports', null]),
    );
    const byTicker = Object.fromEntries(markets.map((m: { ticker: string }) => [m.ticker, m]));
    expect(byTicker['KXBTCD-26FEB1617-T97499.99'].first_data_at).toBe('2026-02-16T00:00:00+00:00');
    expect(byTicker['KXBTCD-26FEB1617-T97499.99'].last_data_at).toMatch(ISO_TIMESTAMP);
    // No snapshots / no deltas → null dates (trades are not counted).
    expect(byTicker['KXGDP-26Q1-T2.0']).toMatchObject({ first_data_at: null, last_data_at: null });
    expect(byTicker['KXNBAGAME-26FEB19LALBOS-BOS']).toMatchObject({ first_data_at: null, last_data_at: null });
    expect(byTicker['KXCPI-26JAN-T0.3']).toMatchObject({ event_ticker: null, category: null });

    const details = await Promise.all(markets.map((m: { ticker: string }) => get(`/markets/${m.ticker}`)));
    const discovered = details.map((d) => Date.parse(d.body.data.discovered_at));
    expect(discovered).toEqual([...discovered].sort((a, b) => b - a));
  });

  it('detail: the summary fields then rules, strike_price, discovered_at, metadata and counts', async () => {
    const response = await get('/markets/KXHIGHNY-26FEB16-B45.5');
    expectCharged(response, 1);
    expect(Object.keys(response.body)).toEqual(['data', 'request_id', 'response_time']);
    const detail = response.body.data;
    expect(Object.keys(detail)).toEqual([...SUMMARY_KEYS, 'rules', 'strike_price', 'discovered_at', 'metadata', 'snapshot_count', 'delta_count']);
    expect(detail).toMatchObject({
      title: 'Will the high temp in NYC be 45-46° on Feb 16, 2026?',
      status: 'settled',
      strike_price: 45.5,
      metadata: null,
      first_data_at: '2026-02-15T12:00:00+00:00',
    });
    expect(detail.snapshot_count).toBeGreaterThan(5);
    expect(detail.delta_count).toBeGreaterThan(1000);
    expect(detail.discovered_at).toMatch(ISO_TIMESTAMP);
    const withMetadata = (await get('/markets/KXBTCD-26FEB1617-T97499.99')).body.data;
    expect(withMetadata.metadata).toMatchObject({ series_ticker: 'KXBTCD' });
    expect((await get('/markets/KXGDP-26Q1-T2.0')).body.data).toMatchObject({ snapshot_count: 0, delta_count: 0, first_data_at: null });
  });

  it('404 market_not_found is charged; tickers are case-sensitive; metadata makes a charged 500 with the JSONB defect on', async () => {
    const owner = await keyUser(api);
    const missing = await get('/markets/kxhighny-26feb16-b45.5', owner.key);
    expect(envelopeOf(missing)).toEqual({ code: 'market_not_found', message: "Market 'kxhighny-26feb16-b45.5' not found.", status: 404 });
    expectCharged(missing, 1);
    await admin(api, '/data-faults', { jsonb_defect: true });
    expectBare500(await get('/markets/KXBTCD-26FEB1617-T97499.99', owner.key));
    expect((await get('/markets/KXHIGHNY-26FEB16-B45.5', owner.key)).status).toBe(200);
    expect((await get('/markets', owner.key)).status).toBe(200);
    expect(await creditsUsed(api, owner.user)).toBe(4);
    expect(await keyCredits(api, owner)).toBe(4); // one usage row per charged call, the 500 included
  });
});

describe('GET /events and /events/{event_ticker}', () => {
  it('every event in ticker order with market_count; filters are exact, ANDed, and an empty value matches nothing', async () => {
    const all = await get('/events');
    expectCharged(all, 1);
    const tickers = all.body.data.map((e: { event_ticker: string }) => e.event_ticker);
    expect(tickers).toEqual([...tickers].sort());
    expect(Object.keys(all.body.data[0])).toEqual([
      'event_ticker',
      'series_ticker',
      'title',
      'sub_title',
      'category',
      'mutually_exclusive',
      'status',
      'market_count',
    ]);
    const fed = all.body.data.find((e: { event_ticker: string }) => e.event_ticker === 'KXFEDDECISION-26MAR');
    expect(fed).toMatchObject({ category: 'Economics', mutually_exclusive: true, market_count: 2 });
    const crypto = (await get('/events?category=Crypto')).body.data.map((e: { event_ticker: string }) => e.event_ticker);
    expect(crypto).toEqual(['KXBTCD-26FEB1617', 'KXETHD-26FEB1817']);
    expect((await get('/events?series_ticker=KXHIGHNY&status=settled')).body.data).toHaveLength(1);
    expect((await get('/events?series_ticker=KXHIGHNY&status=active')).body.data).toEqual([]);
    expect((await get('/events?category=crypto')).body.data).toEqual([]);
    expect((await get('/events?status=')).body.data).toEqual([]);
  });

  it('detail lists its markets by ticker with null data times; 404 event_not_found is charged', async () => {
    const response = await get('/events/KXHIGHNY-26FEB16');
    expectCharged(response, 1);
    const event = response.body.data;
    expect(Object.keys(event).slice(-2)).toEqual(['market_count', 'markets']);
    expect(event.market_count).toBe(2);
    expect(event.markets.map((m: { ticker: string }) => m.ticker)).toEqual(['KXHIGHNY-26FEB16-B45.5', 'KXHIGHNY-26FEB16-B47.5']);
    for (const market of event.markets) {
      expect(Object.keys(market)).toEqual(SUMMARY_KEYS);
      expect(market).toMatchObject({ first_data_at: null, last_data_at: null });
    }
    const missing = await get('/events/KXNOPE');
    expect(envelopeOf(missing)).toEqual({ code: 'event_not_found', message: "Event 'KXNOPE' not found.", status: 404 });
    expectCharged(missing, 1);
  });
});

describe('GET /settlements and /settlements/{ticker}', () => {
  it('newest determined first; filters by event_ticker and result; unknown values give []', async () => {
    const all = await get('/settlements');
    expectCharged(all, 1);
    expect(Object.keys(all.body.data[0])).toEqual(['market_ticker', 'event_ticker', 'result', 'settlement_value', 'determined_at', 'settled_at']);
    const determined = all.body.data.map((s: { determined_at: string }) => Date.parse(s.determined_at));
    expect(determined).toEqual([...determined].sort((a, b) => b - a));
    const nyc = (await get('/settlements?event_ticker=KXHIGHNY-26FEB16&result=no')).body.data;
    expect(nyc).toEqual([
      {
        market_ticker: 'KXHIGHNY-26FEB16-B45.5',
        event_ticker: 'KXHIGHNY-26FEB16',
        result: 'no',
        settlement_value: 0,
        determined_at: '2026-02-17T14:05:00+00:00',
        settled_at: '2026-02-17T16:00:00+00:00',
      },
    ]);
    expect((await get('/settlements?result=foo')).body.data).toEqual([]);
  });

  it('detail; 404 settlement_not_found (charged) for a market that has not settled', async () => {
    const owner = await keyUser(api);
    const one = await get('/settlements/KXNBAGAME-26FEB19LALBOS-BOS', owner.key);
    expect(one.body.data).toMatchObject({ result: 'yes', settlement_value: 100, settled_at: null });
    const missing = await get('/settlements/KXETHD-26FEB1817-T2799.99', owner.key);
    expect(envelopeOf(missing)).toEqual({
      code: 'settlement_not_found',
      message: "No settlement data found for market 'KXETHD-26FEB1817-T2799.99'.",
      status: 404,
    });
    expect(creditHeaders(missing)).toEqual({ cost: 1, used: 2, remaining: 998, total: 1000 });
  });
});

describe('routing on the data paths (FastAPI defaults, not charged)', () => {
  it('405 for the wrong method, 307 for a trailing slash, 404 for unknown paths, all with X-Request-ID', async () => {
    const wrong = await get('/orderbook');
    expect([wrong.status, wrong.body]).toEqual([405, { detail: 'Method Not Allowed' }]);
    expect(creditHeaders(wrong)).toBeNull();
    const slash = await get('/events/');
    expect(slash.status).toBe(307);
    expect(slash.headers.get('location')).toBe(`${api.url}/events`);
    expect((await get('/candles')).status).toBe(404);
    expect(wrong.headers.get('x-request-id')).not.toBeNull();
  });
});
