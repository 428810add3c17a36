// The Playground's background (lib/background/playground.ts) through the real BackgroundService on
// the fake server with data routes: the key never leaves the background, credits come from the
// headers or from a billing refresh, every error path of issue 18 item 7, cancel, timeout, history.
import { beforeEach, describe, expect, it } from 'vitest';
import { BackgroundService } from '@/lib/background/service';
import type { Outcome, PlaygroundAnswer, PlaygroundCall, SearchAnswer } from '@/lib/playground/types';
import { defaultSettings } from '@/lib/settings';
import { dataCacheItem, playgroundHistoryItem, settingsItem } from '@/lib/storage';
import { addDataRoutes, MARKET, type DataRouteOptions } from '../helpers/fake-data-routes';
import { API, ANON, AUTH, EMAIL, PASSWORD, createFakeServer, reply } from '../helpers/fake-server';

let run = 0;
const id = () => `run-${++run}`;
const ORDERBOOK = { market_ticker: MARKET.ticker, timestamp: '2026-02-16T15:00:00Z' };

async function setup(options: DataRouteOptions = {}, timeoutMs?: number) {
  await settingsItem.setValue({ ...defaultSettings({}), apiBaseUrl: API, authUrl: AUTH, anonKey: ANON });
  const server = createFakeServer();
  const key = server.addKey('research', 'dev');
  const routes = addDataRoutes(server, options);
  const service = new BackgroundService({ fetch: server.fetch, playgroundTimeoutMs: timeoutMs });
  await service.signIn(EMAIL, PASSWORD);
  const send = async (call: PlaygroundCall): Promise<PlaygroundAnswer> => service.playground.handle(call);
  const outcome = async (call: PlaygroundCall): Promise<Outcome> => {
    const answer = await send(call);
    if (answer.kind !== 'outcome') throw new Error('no outcome');
    return answer.outcome;
  };
  const keyed = (endpoint: string, values: Record<string, string>) =>
    outcome({ action: 'send', runId: id(), endpoint: endpoint as never, values, keyId: key.id, keyName: key.name });
  return { server, routes, key, service, send, outcome, keyed };
}

beforeEach(() => {
  run = 0;
});

describe('sending with a key', () => {
  it('reveals the key in the background, sends it once, and never returns or stores it', async () => {
    const { server, key, keyed } = await setup();
    const out = await keyed('orderbook', { ...ORDERBOOK, depth: '3' });
    expect(out).toMatchObject({ status: 200, via: 'key', path: '/orderbook', sentBody: { ...ORDERBOOK, depth: 3 }, requestId: 'req_0123456789ab', problem: null });
    const sent = server.requests('POST /orderbook');
    expect(sent).toHaveLength(1);
    expect(sent[0]!.headers.authorization).toBe(`Bearer ${key.key}`);
    expect(JSON.stringify(out)).not.toContain(key.key);
    const history = await playgroundHistoryItem.getValue();
    expect(history).toHaveLength(1);
    expect(history[0]).toMatchObject({ endpoint: 'orderbook', keyName: 'research', status: 200, via: 'key' });
    expect(JSON.stringify(history)).not.toContain(key.key);
    expect(JSON.stringify(history)).not.toContain('quantity');
    // Nowhere in storage, local or session.
    const { fakeBrowser } = await import('wxt/testing/fake-browser');
    const everything = JSON.stringify([await fakeBrowser.storage.local.get(null), await fakeBrowser.storage.session.get(null)]);
    expect(everything).toContain('playgroundHistory');
    expect(everything).not.toContain(key.key);
  });

  it('without host access: charged by the rules of §15.22, remaining from a billing refresh that also updates the cache', async () => {
    const { server, keyed } = await setup();
    const out = await keyed('orderbook', ORDERBOOK);
    expect(out.credits).toEqual({ charged: 5, chargedFrom: 'estimate', remaining: 745, remainingFrom: 'billing', paygEnabled: false });
    expect(server.requests('GET /billing/status').length).toBeGreaterThan(0);
    expect((await dataCacheItem.getValue())?.billing?.credits_remaining).toBe(745);
  });

  it('with host access: charged and remaining from X-Credits-*', async () => {
    const { keyed } = await setup({ hostAccess: true });
    const out = await keyed('trades', { market_ticker: MARKET.ticker, start_time: '2026-02-16T14:00:00Z', end_time: '2026-02-16T15:00:00Z' });
    expect(out.credits).toMatchObject({ charged: 2, chargedFrom: 'header', remaining: 748, remainingFrom: 'header' });
  });

  it('refuses invalid fields before sending: nothing goes out', async () => {
    const { server, send } = await setup();
    await expect(send({ action: 'send', runId: id(), endpoint: 'deltas', values: { market_ticker: 'KX', start_time: 'soon', end_time: '', limit: '0' }, keyId: 'x', keyName: 'x' })).rejects.toMatchObject({
      kind: 'validation',
      fields: { start_time: 'Start time must be a date and time.', end_time: 'End time is required.', limit: 'Limit must be from 1 to 1000.' },
    });
    expect(server.requests('POST /deltas')).toHaveLength(0);
  });
});

describe('errors a user understands', () => {
  it('a revoked key: refused, nothing charged, next step API Keys', async () => {
    const { routes, key, keyed } = await setup();
    // Revealed before the revoke reached the data route: the server refuses the key.
    routes.override('GET /keys/*/reveal', () => reply.json(200, { data: { key: 'kb-revokedRevokedRevoked' }, request_id: 'r' }), 1);
    const out = await keyed('markets', {});
    expect(out.status).toBe(401);
    expect(out.problem).toMatchObject({ code: 'invalid_key', next: ['keys'] });
    expect(out.problem!.title).toContain('research');
    expect(out.credits.charged).toBe(0);
    // A key the server no longer reveals: said before any data request.
    key.revoked = true;
    const again = await keyed('markets', {});
    expect(again).toMatchObject({ status: null, problem: { code: 'invalid_key', next: ['keys'] } });
  });

  it('market not found, and no data before the earliest time (one click uses it)', async () => {
    const { keyed } = await setup();
    expect((await keyed('orderbook', { ...ORDERBOOK, market_ticker: 'KXNOPE' })).problem).toMatchObject({ code: 'market_not_found' });
    const early = await keyed('orderbook', { ...ORDERBOOK, timestamp: '2026-02-16T13:00:00Z' });
    expect(early.problem).toMatchObject({ code: 'no_data', earliest: '2026-02-16T14:00:00Z', next: ['use-earliest'] });
    expect(early.credits.charged).toBe(5);
  });

  it('a field error from the server lands on its field', async () => {
    const { routes, keyed } = await setup();
    routes.override('POST /trades', () => reply.envelope(422, 'validation_error', 'body.limit: Input should be less than or equal to 1000'), 1);
    const out = await keyed('trades', { market_ticker: MARKET.ticker, start_time: '2026-02-16T14:00:00Z', end_time: '2026-02-16T15:00:00Z' });
    expect(out.problem).toMatchObject({ code: 'fields', fields: { limit: 'Limit: Input should be less than or equal to 1000' } });
  });

  it('out of credits: 429, nothing charged, Pay-As-You-Go and Upgrade offered', async () => {
    const { server, keyed } = await setup();
    server.billing.credits_used = 997;
    const out = await keyed('orderbook', ORDERBOOK);
    expect(out).toMatchObject({ status: 429, problem: { code: 'credits_exhausted', next: ['payg', 'upgrade', 'demo'] } });
    expect(out.credits).toMatchObject({ charged: 0, remaining: 3 });
    expect(server.billing.credits_used).toBe(997);
  });

  it('orderbook 500 with host access: said plainly with its request id, not retried, demo and /deltas offered', async () => {
    const { server, keyed } = await setup({ hostAccess: true, orderbook500: true });
    const out = await keyed('orderbook', ORDERBOOK);
    expect(out).toMatchObject({ status: 500, requestId: 'req_5000000000aa', problem: { code: 'server_error', next: ['demo', 'deltas'] } });
    expect(out.problem!.detail).toContain('req_5000000000aa');
    expect(out.credits).toMatchObject({ charged: 5, chargedFrom: 'estimate' });
    expect(server.requests('POST /orderbook')).toHaveLength(1);
  });

  it('orderbook 500 without host access arrives as a network error: still called a server error, and counted', async () => {
    const { server, keyed } = await setup({ orderbook500: true });
    const out = await keyed('orderbook', ORDERBOOK);
    expect(out).toMatchObject({ status: null, problem: { code: 'server_error_hidden', next: ['demo', 'deltas'] }, credits: { charged: 5, remaining: 745 } });
    expect(server.requests('POST /orderbook')).toHaveLength(1);
  });

  it('network down: billing unreachable too, so it is a network problem', async () => {
    const { routes, keyed } = await setup();
    routes.override('POST /orderbook', reply.networkError, 1);
    routes.override('GET /billing/status', reply.networkError, 1);
    const down = await keyed('orderbook', ORDERBOOK);
    expect(down.problem).toMatchObject({ code: 'network' });
  });

  it('timeout after the set time, and cancel while running', async () => {
    const { server, routes, send } = await setup({}, 50);
    routes.override('GET /markets', reply.hang);
    const timedOut = await send({ action: 'send', runId: 'slow', endpoint: 'markets', values: {}, keyId: [...server.keys.values()][0]!.id, keyName: 'research' });
    expect(timedOut).toMatchObject({ kind: 'outcome', outcome: { status: null, problem: { code: 'timeout' } } });
    const running = send({ action: 'send', runId: 'c1', endpoint: 'markets', values: {}, keyId: [...server.keys.values()][0]!.id, keyName: 'research' });
    await new Promise((r) => setTimeout(r, 10));
    expect(await send({ action: 'cancel', runId: 'c1' })).toEqual({ kind: 'done' });
    expect(await running).toMatchObject({ outcome: { problem: { code: 'cancelled' } } });
  });
});

describe('demo and search with the session', () => {
  it('the demo is free and uses the session, not a key', async () => {
    const { server, outcome } = await setup();
    const out = await outcome({ action: 'demo', runId: id(), endpoint: 'trades', values: { market_ticker: MARKET.ticker, start_time: '2026-02-16T14:00:00Z', end_time: '2026-02-16T15:00:00Z' } });
    expect(out).toMatchObject({ via: 'demo', status: 200, credits: { charged: 0 }, problem: null, body: { endpoint: 'trades', data: {} } });
    expect(server.requests('POST /playground/demo')[0]!.headers.authorization).not.toMatch(/^Bearer kb-/);
    expect(server.requests('GET /keys/*/reveal')).toHaveLength(0);
    expect(server.billing.credits_used).toBe(250);
  });

  it('refuses a demo of an endpoint it does not cover, and demo limits', async () => {
    const { send } = await setup();
    await expect(send({ action: 'demo', runId: id(), endpoint: 'deltas', values: {} })).rejects.toMatchObject({ kind: 'validation' });
    await expect(send({ action: 'demo', runId: id(), endpoint: 'orderbook', values: { ...ORDERBOOK, depth: '80' } })).rejects.toMatchObject({ fields: { depth: 'Depth must be from 1 to 50.' } });
  });

  it('search: free on /playground/markets; without it, says a key is needed, then GET /markets costs 1 credit', async () => {
    const withRoutes = await setup();
    const free = (await withRoutes.send({ action: 'search', runId: id(), q: 'btc' })) as { kind: 'search'; search: SearchAnswer };
    expect(free.search).toMatchObject({ source: 'playground', charged: 0, hits: [{ ticker: MARKET.ticker, first: '2026-02-16', last: '2026-02-17' }] });

    const without = await setup({ playground: false });
    const needs = (await without.send({ action: 'search', runId: id(), q: 'btc' })) as { search: SearchAnswer };
    expect(needs.search).toMatchObject({ source: 'needs-key', hits: [] });
    const paid = (await without.send({ action: 'search', runId: id(), q: '', keyId: without.key.id })) as { search: SearchAnswer };
    expect(paid.search).toMatchObject({ source: 'markets', charged: 1, hits: [{ ticker: MARKET.ticker, first: MARKET.first_data_at }] });
    expect(paid.search.hits).toHaveLength(1); // the market without data is left out
    expect(without.server.billing.credits_used).toBe(251);
  });

  it('a demo on a server without it says so', async () => {
    const { outcome } = await setup({ playground: false });
    const out = await outcome({ action: 'demo', runId: id(), endpoint: 'trades', values: { market_ticker: MARKET.ticker, start_time: '2026-02-16T14:00:00Z', end_time: '2026-02-16T15:00:00Z' } });
    expect(out.problem).toMatchObject({ code: 'no_route', title: 'This server has no free demo.' });
  });
});

describe('history', () => {
  it('keeps the last 20, newest first, and clears', async () => {
    const { send, keyed } = await setup();
    for (let i = 0; i < 22; i++) await keyed('markets', {});
    const history = await playgroundHistoryItem.getValue();
    expect(history).toHaveLength(20);
    expect(history[0]!.id).toBe('run-22');
    await send({ action: 'clear-history' });
    expect(await playgroundHistoryItem.getValue()).toEqual([]);
  });
});
