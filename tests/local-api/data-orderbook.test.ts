/** POST /orderbook (contract §15.8): replay, costs, what is charged, errors, the JSONB-defect switch. */
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { LocalApi } from '../../local-api/server';
import { admin, call, envelopeOf, ORIGIN, REQUEST_ID, startTestApi, type ApiResponse } from './helpers';
import {
  applyDeltas,
  creditHeaders,
  creditsUsed,
  expectBare500,
  expectCharged,
  expectNotCharged,
  keyUser,
  validationMessage,
  type KeyUser,
} from './data-helpers';

const BTC = 'KXBTCD-26FEB1617-T97499.99';
let api: LocalApi;
let rich: KeyUser;

beforeAll(async () => {
  api = await startTestApi({ seedDemo: false });
  rich = await keyUser(api, { credits_total: 1_000_000 });
});
afterEach(() => admin(api, '/reset-faults'));
afterAll(() => api.close());

const orderbook = (json: unknown, key = rich.key) => call(api, 'POST', '/orderbook', { token: key, json });

async function allDeltas(ticker: string, start: string, end: string) {
  const rows = [];
  let cursor: string | null = null;
  do {
    const page: ApiResponse = await call(api, 'POST', '/deltas', {
      token: rich.key,
      json: { market_ticker: ticker, start_time: start, end_time: end, limit: 1000, ...(cursor ? { cursor } : {}) },
    });
    expect(page.status).toBe(200);
    rows.push(...page.body.data);
    cursor = page.body.next_cursor;
  } while (cursor);
  return rows;
}

describe('POST /orderbook 200', () => {
  it('returns the book of §15.8 for 5 credits, keys in model order', async () => {
    const owner = await keyUser(api);
    const response = await orderbook({ market_ticker: BTC, timestamp: '2026-02-16T10:30:00Z', depth: 5 }, owner.key);
    expect(response.status).toBe(200);
    expectCharged(response, 5);
    expect(creditHeaders(response)).toEqual({ cost: 5, used: 5, remaining: 995, total: 1000 });
    expect(Object.keys(response.body)).toEqual([
      'market_ticker',
      'timestamp',
      'snapshot_basis',
      'deltas_applied',
      'yes',
      'no',
      'request_id',
      'response_time',
    ]);
    expect(response.body).toMatchObject({
      market_ticker: BTC,
      timestamp: '2026-02-16T10:30:00+00:00',
      snapshot_basis: '2026-02-16T08:00:00+00:00',
      request_id: response.headers.get('x-request-id'),
    });
    expect(response.body.deltas_applied).toBeGreaterThan(0);
    for (const side of [response.body.yes, response.body.no]) {
      expect(side).toHaveLength(5);
      expect(Object.keys(side[0])).toEqual(['price', 'quantity']);
      expect(side.map((l: { price: number }) => l.price)).toEqual([...side.map((l: { price: number }) => l.price)].sort((a, b) => b - a));
    }
    expect(typeof response.body.response_time).toBe('number');
    expect(await creditsUsed(api, owner.user)).toBe(5);
  });

  it('the book at t2 is the book at t1 plus the deltas in (t1, t2], also across a snapshot', async () => {
    for (const [t1, t2] of [
      ['2026-02-16T10:30:00.000123Z', '2026-02-16T11:15:00Z'],
      ['2026-02-16T11:50:00.000123Z', '2026-02-16T12:10:00Z'],
    ] as const) {
      const before = await orderbook({ market_ticker: BTC, timestamp: t1 });
      const after = await orderbook({ market_ticker: BTC, timestamp: t2 });
      const deltas = await allDeltas(BTC, t1, t2);
      expect(deltas.length).toBeGreaterThan(5);
      expect(applyDeltas(before.body, deltas)).toEqual({ yes: after.body.yes, no: after.body.no });
    }
    // Exactly at a snapshot: that snapshot, nothing applied.
    const atSnapshot = await orderbook({ market_ticker: BTC, timestamp: '2026-02-16T12:00:00Z' });
    expect(atSnapshot.body).toMatchObject({ snapshot_basis: '2026-02-16T12:00:00+00:00', deltas_applied: 0 });
    const since = await allDeltas(BTC, '2026-02-16T12:00:00.000001Z', '2026-02-16T12:10:00Z');
    expect((await orderbook({ market_ticker: BTC, timestamp: '2026-02-16T12:10:00Z' })).body.deltas_applied).toBe(since.length);
  });

  it('is deterministic: the same request gives the same book', async () => {
    const request = { market_ticker: 'KXFEDDECISION-26MAR-H0', timestamp: '2026-02-17T09:00:00Z' };
    const [a, b] = [await orderbook(request), await orderbook(request)];
    expect({ ...a.body, request_id: 0, response_time: 0 }).toEqual({ ...b.body, request_id: 0, response_time: 0 });
  });

  it('depth is a Python slice: absent = all, 0 = none, -1 drops the lowest level', async () => {
    const timestamp = '2026-02-16T15:00:00Z';
    const all = (await orderbook({ market_ticker: BTC, timestamp })).body;
    expect(all.yes.length).toBeGreaterThan(5);
    expect((await orderbook({ market_ticker: BTC, timestamp, depth: null })).body.yes).toEqual(all.yes);
    const none = (await orderbook({ market_ticker: BTC, timestamp, depth: 0 })).body;
    expect([none.yes, none.no]).toEqual([[], []]);
    expect((await orderbook({ market_ticker: BTC, timestamp, depth: -1 })).body.yes).toEqual(all.yes.slice(0, -1));
    expect((await orderbook({ market_ticker: BTC, timestamp, depth: '3' })).body.yes).toEqual(all.yes.slice(0, 3));
  });

  it('timestamp: offsets are converted, and echoed as sent (Z → +00:00, naive stays naive, Unix → +00:00)', async () => {
    const reference = (await orderbook({ market_ticker: BTC, timestamp: '2026-02-16T10:30:00Z' })).body;
    const unix = Date.parse('2026-02-16T10:30:00Z') / 1000;
    for (const [sent, echoed] of [
      ['2026-02-16T16:00:00+05:30', '2026-02-16T16:00:00+05:30'],
      ['2026-02-16T10:30:00', '2026-02-16T10:30:00'],
      ['2026-02-16T10:30:00.500Z', '2026-02-16T10:30:00.500000+00:00'],
      [unix, '2026-02-16T10:30:00+00:00'],
      [String(unix * 1000), '2026-02-16T10:30:00+00:00'],
    ] as const) {
      const response = await orderbook({ market_ticker: BTC, timestamp: sent });
      expect(response.status).toBe(200);
      expect(response.body.timestamp).toBe(echoed);
      if (sent !== '2026-02-16T10:30:00.500Z') expect(response.body.yes).toEqual(reference.yes);
    }
  });
});

describe('POST /orderbook errors', () => {
  it('404s are charged 5: unknown ticker, empty ticker, a market without snapshots, before the first snapshot', async () => {
    const owner = await keyUser(api);
    const cases: [unknown, string, string][] = [
      [{ market_ticker: 'KXNOPE-26FEB16', timestamp: '2026-02-16T14:00:00Z' }, 'market_not_found', "Market 'KXNOPE-26FEB16' not found."],
      [{ market_ticker: '', timestamp: '2026-02-16T14:00:00Z' }, 'market_not_found', 'Market not found.'],
      [{ market_ticker: 'KXGDP-26Q1-T2.0', timestamp: '2026-02-18T14:00:00Z' }, 'market_not_found', "Market 'KXGDP-26Q1-T2.0' not found."],
      [
        { market_ticker: 'KXNBAGAME-26FEB19LALBOS-BOS', timestamp: '2026-02-19T14:00:00Z' },
        'market_not_found',
        "Market 'KXNBAGAME-26FEB19LALBOS-BOS' not found.",
      ],
      [{ market_ticker: BTC.toLowerCase(), timestamp: '2026-02-16T14:00:00Z' }, 'market_not_found', `Market '${BTC.toLowerCase()}' not found.`],
      [
        { market_ticker: BTC, timestamp: '2026-02-15T23:59:00Z' },
        'no_data_available',
        `No data available for '${BTC}' at the requested timestamp. Earliest available data: 2026-02-16T00:00:00+00:00`,
      ],
    ];
    for (const [index, [json, code, message]] of cases.entries()) {
      const response = await orderbook(json, owner.key);
      expect(envelopeOf(response)).toEqual({ code, message, status: 404 });
      expectCharged(response, 5);
      expect(creditHeaders(response)?.used).toBe(5 * (index + 1));
    }
    expect(await creditsUsed(api, owner.user)).toBe(5 * cases.length);
  });

  it('field-level 422s are charged 5; a JSON syntax error is not (and comes before auth)', async () => {
    const owner = await keyUser(api);
    const post = (options: Parameters<typeof call>[3]) => call(api, 'POST', '/orderbook', { token: owner.key, ...options });
    const missing = await post({ json: { market_ticker: BTC } });
    expect(validationMessage(missing)).toBe('body.timestamp: Field required');
    expectCharged(missing, 5);
    expect(validationMessage(await post({ json: { market_ticker: BTC, timestamp: '2026-02-16T10:00:00Z', depth: 'abc' } }))).toBe(
      'body.depth: Input should be a valid integer, unable to parse string as an integer',
    );
    expect(validationMessage(await post({ json: { market_ticker: 5, timestamp: 'soon' } }))).toMatch(
      /^body\.market_ticker: Input should be a valid string; body\.timestamp: Input should be a valid datetime or date, /,
    );
    expect(validationMessage(await post({}))).toBe('body: Field required');
    expect(validationMessage(await post({ body: '{"market_ticker":"x"}', headers: { 'content-type': 'text/plain' } }))).toBe(
      'body: Input should be a valid dictionary or object to extract fields from',
    );
    expect(await creditsUsed(api, owner.user)).toBe(25);

    const syntax = await call(api, 'POST', '/orderbook', { body: '{bad', headers: { 'content-type': 'application/json' } });
    expect(validationMessage(syntax)).toBe('body.1: JSON decode error');
    expectNotCharged(syntax);
  });

  it('401 and 429 are not charged; credits are checked before the fields', async () => {
    const unauthenticated = await call(api, 'POST', '/orderbook', { json: { market_ticker: BTC, timestamp: '2026-02-16T10:00:00Z' } });
    expect(envelopeOf(unauthenticated).code).toBe('invalid_api_key');
    expectNotCharged(unauthenticated);

    const owner = await keyUser(api, { credits_used: 997 });
    const refused = await orderbook({ market_ticker: BTC, timestamp: '2026-02-16T10:00:00Z' }, owner.key);
    expect(envelopeOf(refused).code).toBe('credits_exhausted');
    expectNotCharged(refused);
    const cheaper = await call(api, 'GET', '/markets', { token: owner.key });
    expect(creditHeaders(cheaper)).toEqual({ cost: 1, used: 998, remaining: 2, total: 1000 });
    await admin(api, '/billing', { email: owner.user.email, credits_used: 1000 });
    expect((await orderbook({ market_ticker: BTC }, owner.key)).status).toBe(429);
    expect(await creditsUsed(api, owner.user)).toBe(1000);
  });

  it('PAYG: past the allowance every call goes through and the whole cost is metered', async () => {
    const owner = await keyUser(api, { credits_used: 998 });
    await call(api, 'POST', '/billing/payg', { token: owner.user.accessToken, json: { enable: true } });
    const crossing = await orderbook({ market_ticker: BTC, timestamp: '2026-02-16T10:00:00Z' }, owner.key);
    expect(crossing.status).toBe(200);
    expect(creditHeaders(crossing)).toEqual({ cost: 5, used: 1003, remaining: 0, total: 1000 });
    const missing = await orderbook({ market_ticker: 'KXNOPE', timestamp: '2026-02-16T10:00:00Z' }, owner.key);
    expect(creditHeaders(missing)?.used).toBe(1008);
    const events = await call(api, 'GET', `/__admin/meter-events?email=${encodeURIComponent(owner.user.email)}`, { origin: false });
    expect(events.body.events.map((e: { value: number }) => e.value)).toEqual([5, 5]);
  });

  it('a preflight is answered for any origin, without exposing the credit headers', async () => {
    const response = await call(api, 'OPTIONS', '/orderbook', {
      headers: { 'access-control-request-method': 'POST', 'access-control-request-headers': 'authorization,content-type' },
    });
    expect(response.status).toBe(200);
    expect(response.text).toBe('OK');
    expect(response.headers.get('access-control-allow-origin')).toBe('*');
    expect(response.headers.get('access-control-allow-headers')).toBe('authorization,content-type');
    expect(response.headers.get('access-control-max-age')).toBe('600');
    expect(response.headers.get('access-control-expose-headers')).toBeNull();
    expect(response.headers.get('x-request-id')).toMatch(REQUEST_ID);
    expect(ORIGIN).toMatch(/^chrome-extension:/);
  });
});

describe('the JSONB-defect switch (off by default)', () => {
  it('on: 500 whenever a snapshot exists, charged, without CORS or X-Request-ID; 404s unchanged', async () => {
    const owner = await keyUser(api);
    expect((await call(api, 'GET', '/__admin/data-faults', { origin: false })).body).toEqual({ jsonb_defect: false });
    expect((await admin(api, '/data-faults', { jsonb_defect: 'yes' })).status).toBe(400);
    expect((await admin(api, '/data-faults', { jsonb_defect: true })).body).toEqual({ jsonb_defect: true });

    expectBare500(await orderbook({ market_ticker: BTC, timestamp: '2026-02-16T10:00:00Z' }, owner.key));
    expectBare500(await orderbook({ market_ticker: BTC, timestamp: '2030-01-01T00:00:00Z' }, owner.key));
    expect(await creditsUsed(api, owner.user)).toBe(10);
    const early = await orderbook({ market_ticker: BTC, timestamp: '2026-02-15T00:00:00Z' }, owner.key);
    expect(envelopeOf(early).code).toBe('no_data_available');
    expect(envelopeOf(await orderbook({ market_ticker: 'KXNOPE', timestamp: '2026-02-16T10:00:00Z' }, owner.key)).code).toBe(
      'market_not_found',
    );

    await admin(api, '/reset-faults');
    expect((await orderbook({ market_ticker: BTC, timestamp: '2026-02-16T10:00:00Z' }, owner.key)).status).toBe(200);
  });

  it('can be on from the start (startLocalApi({ jsonbDefect: true }), npm run api -- --jsonb-defect)', async () => {
    const broken = await startTestApi({ seedDemo: false, jsonbDefect: true });
    try {
      const owner = await keyUser(broken);
      const response = await call(broken, 'POST', '/orderbook', {
        token: owner.key,
        json: { market_ticker: BTC, timestamp: '2026-02-16T10:00:00Z' },
      });
      expectBare500(response);
    } finally {
      await broken.close();
    }
  });
});
