// The data endpoints' descriptions (kalshibook-api.md §15): the inventory and costs of §15.1, the
// response schemas against the bodies §15 quotes, the checks made before sending, and the
// requests built from them.
import { describe, expect, it } from 'vitest';
import { DATA_ENDPOINTS, endpointById, tickerField } from '@/lib/api/data-endpoints';
import { buildDemoBody, buildRequest, checkParams, earliestFromMessage } from '@/lib/api/data-request';
import { demoResponseSchema, playgroundMarketsResponseSchema } from '@/lib/api/data-schemas';

const spec = (id: string) => endpointById(id)!;

describe('inventory (§15.1)', () => {
  it('describes the ten data routes once, with their costs', () => {
    expect(DATA_ENDPOINTS.map((e) => [e.method, e.path, e.cost])).toEqual([
      ['POST', '/orderbook', 5],
      ['POST', '/deltas', 2],
      ['POST', '/trades', 2],
      ['GET', '/candles/{ticker}', 3],
      ['GET', '/markets', 1],
      ['GET', '/markets/{ticker}', 1],
      ['GET', '/events', 1],
      ['GET', '/events/{event_ticker}', 1],
      ['GET', '/settlements', 1],
      ['GET', '/settlements/{ticker}', 1],
    ]);
    expect(new Set(DATA_ENDPOINTS.map((e) => e.id)).size).toBe(10);
    for (const e of DATA_ENDPOINTS) {
      expect(e.label).toBe(`${e.method} ${e.path}`);
      for (const f of e.fields.filter((f) => f.in === 'path')) expect(e.path).toContain(`{${f.name}}`);
    }
  });

  it('names the SDK methods of §15.18 and the demo endpoints of §15.21.2', () => {
    expect(DATA_ENDPOINTS.map((e) => e.sdk.method)).toEqual([
      'get_orderbook', 'list_deltas', 'list_trades', 'get_candles', 'list_markets', 'get_market', 'list_events', 'get_event', 'list_settlements', 'get_settlement',
    ]);
    expect(DATA_ENDPOINTS.filter((e) => e.demo).map((e) => e.demo!.endpoint)).toEqual(['orderbook', 'trades', 'candles']);
    expect(tickerField(spec('candles'))?.name).toBe('ticker');
    expect(tickerField(spec('markets'))).toBeUndefined();
  });

  it('has the limits and defaults of §15.9–§15.11', () => {
    const limit = spec('deltas').fields.find((f) => f.name === 'limit')!;
    expect([limit.min, limit.max, limit.default]).toEqual([1, 1000, 100]);
    expect(spec('candles').fields.find((f) => f.name === 'interval')).toMatchObject({ default: '1h', options: ['1m', '1h', '1d'] });
    expect(spec('orderbook').demo?.limits.depth).toEqual({ min: 1, max: 50 });
  });
});

describe('response schemas accept the bodies of §15', () => {
  const env = { request_id: 'req_5c1d0e9a7b3f', response_time: 0.0042 };
  it.each([
    ['orderbook', { market_ticker: 'KX', timestamp: '2026-02-16T14:10:00+00:00', snapshot_basis: '2026-02-16T14:00:00+00:00', deltas_applied: 3, yes: [{ price: 44, quantity: 525 }], no: [], ...env }],
    ['deltas', { data: [{ market_ticker: 'KX', ts: '2026-02-16T14:02:30.137000+00:00', seq: 2, price_cents: 44, delta_amount: -225, side: 'yes' }], next_cursor: 'eyJ0cyI6IiJ9', has_more: true, ...env }],
    ['trades', { data: [{ trade_id: '2c5b', market_ticker: 'KX', yes_price: 13, no_price: 87, count: 46, taker_side: 'no', ts: '2026-02-16T12:14:00+00:00' }], next_cursor: null, has_more: false, ...env }],
    ['candles', { data: [{ bucket: '2026-02-16T14:00:00', market_ticker: 'KX', open: 47, high: 47, low: 41, close: 41, volume: 294, trade_count: 4 }], ...env }],
    ['markets', { data: [{ ticker: 'KX', title: null, event_ticker: null, status: 'active', category: null, first_data_at: null, last_data_at: null }], ...env }],
    ['market', { data: { ticker: 'KX', title: 'T', event_ticker: 'E', status: 'settled', category: 'C', first_data_at: null, last_data_at: null, rules: null, strike_price: 45.5, discovered_at: '2026-02-15T12:00:00+00:00', metadata: null, snapshot_count: 1, delta_count: 100 }, ...env }],
    ['events', { data: [{ event_ticker: 'E', series_ticker: null, title: null, sub_title: null, category: null, mutually_exclusive: null, status: null, market_count: 0 }], ...env }],
    ['event', { data: { event_ticker: 'E', series_ticker: 'S', title: 'T', sub_title: 'x', category: 'C', mutually_exclusive: true, status: 'settled', market_count: 1, markets: [] }, ...env }],
    ['settlements', { data: [{ market_ticker: 'KX', event_ticker: null, result: 'no', settlement_value: 0, determined_at: null, settled_at: null }], ...env }],
    ['settlement', { data: { market_ticker: 'KX', event_ticker: 'E', result: 'no', settlement_value: 0, determined_at: '2026-02-17T14:05:00+00:00', settled_at: null }, ...env }],
  ])('%s', (id, body) => {
    expect(spec(id).schema.safeParse(body).success).toBe(true);
    expect(spec(id).schema.safeParse({ ...body, request_id: undefined }).success).toBe(false);
  });

  it('rejects a side outside yes/no and a non-integer price', () => {
    const bad = { data: [{ market_ticker: 'KX', ts: 't', seq: 2, price_cents: 44.5, delta_amount: 1, side: 'yes' }], next_cursor: null, has_more: false, request_id: 'r', response_time: 0 };
    expect(spec('deltas').schema.safeParse(bad).success).toBe(false);
  });

  it('accepts the demo body as a list or {} (§15.22.9) and the playground market list', () => {
    const demo = { endpoint: 'trades', data: {}, response_time: 0.001, request_id: 'r', credits_cost: 0 };
    expect(demoResponseSchema.safeParse(demo).success).toBe(true);
    expect(demoResponseSchema.safeParse({ ...demo, data: [] }).success).toBe(true);
    expect(demoResponseSchema.safeParse({ ...demo, endpoint: 'deltas' }).success).toBe(false);
    expect(playgroundMarketsResponseSchema.safeParse({ data: [{ ticker: 'KX', title: 'B', status: 'active', event_ticker: 'E', first_date: '2026-02-16', last_date: '2026-02-17' }], request_id: 'r' }).success).toBe(true);
  });
});

describe('checks before sending (§15.22.5)', () => {
  it('requires the required fields and names them', () => {
    expect(checkParams(spec('orderbook'), {})).toEqual({ ok: false, errors: { market_ticker: 'Market ticker is required.', timestamp: 'Timestamp is required.' } });
  });

  it('takes only UTC times with Z, and an end after the start', () => {
    const base = { market_ticker: 'KX', start_time: '2026-02-16T14:00:00Z' };
    expect(checkParams(spec('trades'), { ...base, end_time: '2026-02-16T14:00:00+01:00' })).toMatchObject({ ok: false, errors: { end_time: 'End time must be a date and time.' } });
    expect(checkParams(spec('trades'), { ...base, end_time: '2026-02-16' })).toMatchObject({ ok: false });
    expect(checkParams(spec('trades'), { ...base, end_time: '2026-02-16T13:00:00Z' })).toEqual({ ok: false, errors: { end_time: 'End time must be after the start time.' } });
    expect(checkParams(spec('trades'), { ...base, end_time: '2026-02-16T15:00:00Z' })).toEqual({ ok: true, params: { ...base, end_time: '2026-02-16T15:00:00Z' } });
  });

  it('checks integer bounds, the demo’s tighter ones, and enums', () => {
    const ok = { market_ticker: 'KX', start_time: '2026-02-16T14:00:00Z', end_time: '2026-02-16T15:00:00Z' };
    expect(checkParams(spec('deltas'), { ...ok, limit: '0' })).toMatchObject({ errors: { limit: 'Limit must be from 1 to 1000.' } });
    expect(checkParams(spec('deltas'), { ...ok, limit: '2.5' })).toMatchObject({ errors: { limit: 'Limit must be a whole number.' } });
    expect(checkParams(spec('trades'), { ...ok, limit: '500' })).toMatchObject({ ok: true, params: { limit: 500 } });
    expect(checkParams(spec('trades'), { ...ok, limit: '500' }, true)).toMatchObject({ errors: { limit: 'Limit must be from 1 to 100.' } });
    expect(checkParams(spec('orderbook'), { market_ticker: 'KX', timestamp: ok.start_time, depth: '0' })).toMatchObject({ errors: { depth: 'Depth must be at least 1.' } });
    expect(checkParams(spec('candles'), { ticker: 'KX', start_time: ok.start_time, end_time: ok.end_time, interval: '5m' })).toMatchObject({ errors: { interval: 'Interval must be one of 1m, 1h, 1d.' } });
  });

  it('leaves empty optional fields out, so the server’s defaults apply', () => {
    expect(checkParams(spec('events'), { category: '', status: ' settled ' })).toEqual({ ok: true, params: { status: 'settled' } });
  });
});

describe('building requests', () => {
  it('POST: the body in field order; GET: encoded path segments and query', () => {
    expect(buildRequest(spec('orderbook'), { market_ticker: 'KX', timestamp: '2026-02-16T14:00:00Z', depth: 3 })).toEqual({
      method: 'POST',
      path: '/orderbook',
      body: { market_ticker: 'KX', timestamp: '2026-02-16T14:00:00Z', depth: 3 },
    });
    expect(buildRequest(spec('candles'), { ticker: 'KX/B 1+', start_time: '2026-02-16T14:00:00Z', end_time: '2026-02-16T15:00:00Z', interval: '1m' })).toEqual({
      method: 'GET',
      path: '/candles/KX%2FB%201%2B?start_time=2026-02-16T14%3A00%3A00Z&end_time=2026-02-16T15%3A00%3A00Z&interval=1m',
    });
    expect(buildRequest(spec('markets'), {})).toEqual({ method: 'GET', path: '/markets' });
  });

  it('the demo body renames the path ticker and drops the cursor', () => {
    expect(buildDemoBody(spec('candles'), { ticker: 'KX', start_time: 'a', end_time: 'b' })).toEqual({ endpoint: 'candles', market_ticker: 'KX', start_time: 'a', end_time: 'b' });
    expect(buildDemoBody(spec('trades'), { market_ticker: 'KX', cursor: 'c', limit: 5 })).toEqual({ endpoint: 'trades', market_ticker: 'KX', limit: 5 });
    expect(() => buildDemoBody(spec('deltas'), {})).toThrow();
  });

  it('reads the earliest time from a no_data_available message', () => {
    expect(earliestFromMessage("No data available for 'KX' at the requested timestamp. Earliest available data: 2026-02-16T14:00:00+00:00")).toBe('2026-02-16T14:00:00Z');
    expect(earliestFromMessage('Earliest available data: 2026-02-16T14:00:00.250000+00:00')).toBe('2026-02-16T14:00:00.250Z');
    expect(earliestFromMessage('No orderbook data available for KX at 2026-02-16T13:00:00+00:00')).toBeNull();
  });
});
