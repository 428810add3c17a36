/** POST /deltas, POST /trades and GET /candles/{ticker} (contract §15.9–§15.11): bounds, cursors, costs, errors. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { LocalApi } from '../../local-api/server';
import { call, startTestApi } from './helpers';
import { creditHeaders, creditsUsed, expectCharged, keyUser, validationMessage, type KeyUser } from './data-helpers';

const FED = 'KXFEDDECISION-26MAR-H0';
const NYC = 'KXHIGHNY-26FEB16-B45.5';
let api: LocalApi;
let rich: KeyUser;

beforeAll(async () => {
  api = await startTestApi({ seedDemo: false });
  rich = await keyUser(api, { credits_total: 1_000_000 });
});
afterAll(() => api.close());

const post = (path: '/deltas' | '/trades', json: Record<string, unknown>, key = rich.key) => call(api, 'POST', path, { token: key, json });
const range = (start: string, end: string, extra: Record<string, unknown> = {}) => ({ market_ticker: FED, start_time: start, end_time: end, ...extra });

async function walk(path: '/deltas' | '/trades', body: Record<string, unknown>) {
  const rows = [];
  let cursor: string | null = null;
  let pages = 0;
  do {
    const page = await post(path, { ...body, ...(cursor ? { cursor } : {}) });
    expect(page.status).toBe(200);
    expect(page.body.has_more).toBe(page.body.next_cursor !== null);
    rows.push(...page.body.data);
    cursor = page.body.next_cursor;
    pages++;
  } while (cursor);
  return { rows, pages };
}

describe('POST /deltas', () => {
  it('2 credits; DeltaRecord keys; both ends inclusive; ordered by ts', async () => {
    const owner = await keyUser(api);
    const first = await post('/deltas', range('2026-02-17T09:00:00Z', '2026-02-17T10:00:00Z', { limit: 5 }), owner.key);
    expect(first.status).toBe(200);
    expectCharged(first, 2);
    expect(Object.keys(first.body)).toEqual(['data', 'next_cursor', 'has_more', 'request_id', 'response_time']);
    expect(first.body.data).toHaveLength(5);
    expect(first.body.has_more).toBe(true);
    expect(Object.keys(first.body.data[0])).toEqual(['market_ticker', 'ts', 'seq', 'price_cents', 'delta_amount', 'side']);
    expect(first.body.data[0].ts).toMatch(/^2026-02-17T09:\d{2}:\d{2}\.\d{6}\+00:00$/);
    const times = first.body.data.map((d: { ts: string }) => Date.parse(d.ts));
    expect(times).toEqual([...times].sort((a, b) => a - b));

    const ts = first.body.data[2].ts as string;
    const exact = await post('/deltas', range(ts, ts), owner.key);
    expect(exact.body.data).toEqual([first.body.data[2]]);
    expect(await creditsUsed(api, owner.user)).toBe(4);
  });

  it('the cursor is standard base64 of {"ts","id"}; paging returns exactly the rows of one big page', async () => {
    const body = range('2026-02-17T09:00:00Z', '2026-02-17T11:00:00Z');
    const whole = await post('/deltas', { ...body, limit: 1000 });
    expect(whole.body).toMatchObject({ has_more: false, next_cursor: null });
    const paged = await walk('/deltas', { ...body, limit: 7 });
    expect(paged.pages).toBe(Math.ceil(whole.body.data.length / 7));
    expect(paged.rows).toEqual(whole.body.data);

    const page = await post('/deltas', { ...body, limit: 2 });
    const decoded = JSON.parse(Buffer.from(page.body.next_cursor, 'base64').toString('utf8'));
    expect(Object.keys(decoded)).toEqual(['ts', 'id']);
    expect(decoded.ts).toBe(page.body.data[1].ts);
    expect(Number.isInteger(decoded.id)).toBe(true);
    expect(Buffer.from(JSON.stringify(decoded)).toString('base64')).toBe(page.body.next_cursor);
  });

  it('decoding is lenient: a hand-built cursor with a naive ts and a string id works; a /deltas cursor works on /trades', async () => {
    const body = range('2026-02-17T09:00:00Z', '2026-02-17T10:00:00Z', { limit: 1000 });
    const all = (await post('/deltas', body)).body.data;
    const pivot = all[10].ts.replace('+00:00', '');
    const cursor = Buffer.from(JSON.stringify({ ts: pivot, id: '0' })).toString('base64');
    const after = await post('/deltas', { ...body, cursor });
    expect(after.status).toBe(200);
    expect(after.body.data[0]).toEqual(all[10]); // (ts, id) > (pivot, 0) keeps the pivot row itself
    const noisy = `${cursor.slice(0, 8)}!-_${cursor.slice(8)}`;
    expect((await post('/deltas', { ...body, cursor: noisy })).body.data).toEqual(after.body.data);
    expect((await post('/trades', { ...body, cursor })).status).toBe(200);
  });

  it('bad cursors and limits are charged 422s; start after end and unknown tickers are charged empty pages', async () => {
    const owner = await keyUser(api);
    const body = range('2026-02-17T09:00:00Z', '2026-02-17T10:00:00Z');
    for (const cursor of ['abc', '', '!!!', Buffer.from('{"ts":"x","id":1}').toString('base64')]) {
      const response = await post('/deltas', { ...body, cursor }, owner.key);
      expect(validationMessage(response)).toBe('Invalid pagination cursor.');
      expectCharged(response, 2);
    }
    expect(validationMessage(await post('/deltas', { ...body, limit: 0 }, owner.key))).toBe('body.limit: Input should be greater than or equal to 1');
    expect(validationMessage(await post('/trades', { ...body, limit: 1001 }, owner.key))).toBe('body.limit: Input should be less than or equal to 1000');
    expect(validationMessage(await post('/trades', { ...body, limit: 2.5 }, owner.key))).toBe(
      'body.limit: Input should be a valid integer, got a number with a fractional part',
    );
    expect((await post('/trades', { ...body, limit: '3' }, owner.key)).body.data).toHaveLength(3);
    const reversed = await post('/deltas', range('2026-02-17T10:00:00Z', '2026-02-17T09:00:00Z'), owner.key);
    expect(reversed.body).toMatchObject({ data: [], next_cursor: null, has_more: false });
    const unknown = await post('/trades', { ...body, market_ticker: 'KXNOPE' }, owner.key);
    expect(unknown.body).toMatchObject({ data: [], next_cursor: null, has_more: false });
    expectCharged(unknown, 2);
    expect(await creditsUsed(api, owner.user)).toBe(2 * 10);
  });
});

describe('POST /trades', () => {
  it('2 credits; TradeRecord keys; the end is exclusive; paging like /deltas', async () => {
    const first = await post('/trades', { market_ticker: NYC, start_time: '2026-02-16T12:00:00Z', end_time: '2026-02-16T14:00:00Z' });
    expectCharged(first, 2);
    const trade = first.body.data[3];
    expect(Object.keys(trade)).toEqual(['trade_id', 'market_ticker', 'yes_price', 'no_price', 'count', 'taker_side', 'ts']);
    expect(trade.trade_id).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/);
    expect(trade.yes_price + trade.no_price).toBe(100);
    expect(['yes', 'no']).toContain(trade.taker_side);
    const endingAt = await post('/trades', { market_ticker: NYC, start_time: '2026-02-16T12:00:00Z', end_time: trade.ts });
    expect(endingAt.body.data).toEqual(first.body.data.slice(0, 3));
    const startingAt = await post('/trades', { market_ticker: NYC, start_time: trade.ts, end_time: '2026-02-16T14:00:00Z', limit: 1 });
    expect(startingAt.body.data).toEqual([trade]);
    const paged = await walk('/trades', { market_ticker: NYC, start_time: '2026-02-16T12:00:00Z', end_time: '2026-02-16T14:00:00Z', limit: 4 });
    expect(paged.rows).toEqual(first.body.data);
  });
});

describe('GET /candles/{ticker}', () => {
  const candles = (query: string, key = rich.key, ticker = NYC) => call(api, 'GET', `/candles/${ticker}?${query}`, { token: key });

  it('3 credits; OHLCV from the trades; buckets without an offset; 1m, 1h (default) and 1d agree', async () => {
    const owner = await keyUser(api);
    const window = 'start_time=2026-02-16T00:00:00Z&end_time=2026-02-17T00:00:00Z';
    const hourly = await candles(window, owner.key);
    expect(hourly.status).toBe(200);
    expectCharged(hourly, 3);
    expect(Object.keys(hourly.body)).toEqual(['data', 'request_id', 'response_time']);
    expect(Object.keys(hourly.body.data[0])).toEqual(['bucket', 'market_ticker', 'open', 'high', 'low', 'close', 'volume', 'trade_count']);
    expect(hourly.body.data.map((c: { bucket: string }) => c.bucket).slice(0, 2)).toEqual(['2026-02-16T00:00:00', '2026-02-16T01:00:00']);

    const trades = (await walk('/trades', { market_ticker: NYC, start_time: '2026-02-16T00:00:00Z', end_time: '2026-02-17T00:00:00Z', limit: 1000 })).rows;
    const sum = (list: { volume: number; trade_count: number }[]) => [
      list.reduce((s, c) => s + c.volume, 0),
      list.reduce((s, c) => s + c.trade_count, 0),
    ];
    const expected = [trades.reduce((s: number, t: { count: number }) => s + t.count, 0), trades.length];
    expect(sum(hourly.body.data)).toEqual(expected);
    expect(sum((await candles(`${window}&interval=1m`)).body.data)).toEqual(expected);
    const daily = (await candles(`${window}&interval=1d`)).body.data;
    expect(daily).toHaveLength(1);
    expect(daily[0]).toMatchObject({
      bucket: '2026-02-16T00:00:00',
      open: trades[0].yes_price,
      close: trades.at(-1).yes_price,
      high: Math.max(...trades.map((t: { yes_price: number }) => t.yes_price)),
      low: Math.min(...trades.map((t: { yes_price: number }) => t.yes_price)),
    });
    // The end is exclusive: ending at a trade's own time leaves it out.
    const endAt = encodeURIComponent(trades[1].ts);
    const upTo = await candles(`start_time=2026-02-16T00:00:00Z&end_time=${endAt}&interval=1d`);
    expect(upTo.body.data[0].trade_count).toBe(1);
    expect(await creditsUsed(api, owner.user)).toBe(3);
  });

  it('charged 422s: bad interval (after charging), missing times, a raw "+" in the offset; unknown tickers give []', async () => {
    const owner = await keyUser(api);
    const window = 'start_time=2026-02-16T00:00:00Z&end_time=2026-02-17T00:00:00Z';
    const bad = await candles(`${window}&interval=5m`, owner.key);
    expect(validationMessage(bad)).toBe("Invalid interval '5m'. Must be one of: 1d, 1h, 1m");
    expectCharged(bad, 3);
    expect(validationMessage(await candles(`${window}&interval=`, owner.key))).toBe("Invalid interval ''. Must be one of: 1d, 1h, 1m");
    expect(validationMessage(await candles('', owner.key))).toBe('query.start_time: Field required; query.end_time: Field required');
    const plus = await candles('start_time=2026-02-16T00:00:00+00:00&end_time=2026-02-17T00:00:00%2B00:00', owner.key);
    expect(validationMessage(plus)).toMatch(/^query\.start_time: Input should be a valid datetime or date, /);
    expect((await candles('start_time=2026-02-16T00:00:00%2B00:00&end_time=2026-02-17T00:00:00%2B00:00', owner.key)).status).toBe(200);
    const unknown = await candles(window, owner.key, 'KXNOPE');
    expect(unknown.body.data).toEqual([]);
    expect(creditHeaders(unknown)).toEqual({ cost: 3, used: 18, remaining: 982, total: 1000 });
  });
});
