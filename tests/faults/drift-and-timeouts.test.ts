// What the server answers that is not a plain fault, through the whole background: a 200 body
// with missing fields or wrong types (schema drift), no answer or a stalled body (the 15 s
// timeout), the auth server failing during a token refresh, and an API base URL with a trailing
// slash or a path. The cases and the signed-in setup are network-cases.ts.
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { fakeBrowser } from 'wxt/testing/fake-browser';
import { INVALID_RESPONSE_MESSAGE, SESSION_EXPIRED_MESSAGE } from '@/lib/api/errors';
import type { BackgroundService } from '@/lib/background/service';
import { dataCacheItem, pendingKeyItem } from '@/lib/storage';
import { API, createFakeServer, EMAIL, PASSWORD, reply, type FakeServer } from '../helpers/fake-server';
import { configure, serviceClient, service, signedInService, type ServiceClient } from './harness';
import { bgSession, goodDataSession, KEY_ID, NOT_KALSHIBOOK, OPERATIONS, type Respond } from './network-cases';

let server: FakeServer;
let bg: BackgroundService;
let client: ServiceClient;

async function signedInWithGoodData() {
  ({ server, bg, client } = await goodDataSession());
}

beforeEach(async () => {
  await configure();
});

afterEach(async () => {
  // Stops a checkout watch an openCheckout may have started.
  await bg?.signOut().catch(() => undefined);
});

describe('schema drift: a 200 body with missing fields or wrong types', () => {
  beforeEach(signedInWithGoodData);

  const key = { id: KEY_ID, name: 'default', key_prefix: 'kb-AbC1', key_type: 'dev', created_at: '2026-02-16T14:03:48.512345+00:00', last_used_at: null };
  const DRIFTS: { op: string; route: string; body: unknown }[] = [
    { op: 'listKeys', route: 'GET /keys/usage', body: { data: [{ ...key, credits_used: '3' }], request_id: 'r' } },
    { op: 'listKeys', route: 'GET /keys/usage', body: { keys: [{ ...key, credits_used: 3 }], request_id: 'r' } },
    { op: 'listKeys', route: 'GET /keys/usage', body: { data: [{ ...key, key_type: 'staging', credits_used: 3 }], request_id: 'r' } },
    { op: 'getBilling', route: 'GET /billing/status', body: { tier: 'enterprise', credits_total: 1, credits_used: 0, credits_remaining: 1, payg_enabled: false, billing_cycle_start: '2026-02-01T00:00:00+00:00', request_id: 'r' } },
    { op: 'getBilling', route: 'GET /billing/status', body: { tier: 'free', credits_total: 1000, credits_used: 0, credits_remaining: 1000, billing_cycle_start: '2026-02-01T00:00:00+00:00', request_id: 'r' } },
    { op: 'createKey', route: 'POST /keys', body: { data: { ...key, key: 'sk-live-123' }, request_id: 'r' } },
    { op: 'renameKey', route: 'PATCH /keys/*', body: { data: { ...key, name: 42 }, request_id: 'r' } },
    { op: 'revealKey', route: 'GET /keys/*/reveal', body: { data: {}, request_id: 'r' } },
    { op: 'revokeKey', route: 'DELETE /keys/*', body: { request_id: 'r' } },
    { op: 'setPayg', route: 'POST /billing/payg', body: { payg_enabled: 'yes', message: 'ok', request_id: 'r' } },
    { op: 'openPortal', route: 'POST /billing/portal', body: { url: 'https://billing.stripe.com/p/x', request_id: 'r' } },
    { op: 'openCheckout', route: 'POST /billing/checkout', body: { checkout_url: 42, request_id: 'r' } },
  ];

  it.each(DRIFTS)('$op with $body → "Unexpected response…", nothing stored or opened', async ({ op, route, body }) => {
    const tabs = vi.spyOn(fakeBrowser.tabs, 'create');
    const cacheBefore = await dataCacheItem.getValue();
    server.fault(route, () => reply.json(200, body));
    const result = await OPERATIONS.find((o) => o.op === op)!.run(client);
    expect(result).toEqual({ ok: false, error: expect.objectContaining({ kind: 'invalid_response', message: INVALID_RESPONSE_MESSAGE }) });
    expect(await dataCacheItem.getValue()).toEqual(cacheBefore);
    expect(await pendingKeyItem.getValue()).toBeNull();
    expect(tabs).not.toHaveBeenCalled();
  });

  it('a sign-in answer without an access token is refused and nothing is stored', async () => {
    await bg.signOut();
    server.fault('POST /auth/login', () => reply.json(200, { refresh_token: 'r', user_id: 'u', request_id: 'r' }));
    const result = await client.signIn({ email: EMAIL, password: PASSWORD });
    expect(result).toEqual({ ok: false, error: expect.objectContaining({ kind: 'invalid_response', message: INVALID_RESPONSE_MESSAGE }) });
    expect(await bgSession(client)).toBe(false);
  });
});

describe('timeouts', () => {
  afterEach(() => {
    vi.useRealTimers();
  });

  async function timesOut(respond: Respond) {
    await signedInWithGoodData();
    const reached = new Promise<void>((resolve) => {
      server.fault('GET /keys/usage', (call, signal) => {
        resolve();
        return respond(call, signal);
      });
    });
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout'] });
    const pending = client.listKeys();
    await reached;
    await vi.advanceTimersByTimeAsync(14_999);
    let settled = false;
    void pending.then(() => (settled = true));
    await Promise.resolve();
    expect(settled).toBe(false);
    await vi.advanceTimersByTimeAsync(1);
    return pending;
  }

  it('no answer within 15 s → "did not answer within 15 seconds", still signed in', async () => {
    const result = await timesOut(reply.hang);
    expect(result).toEqual({
      ok: false,
      error: expect.objectContaining({ kind: 'timeout', message: 'KalshiBook at api.test did not answer within 15 seconds. Try again.' }),
    });
    expect((await bg.getSession()).signedIn).toBe(true);
    expect((await dataCacheItem.getValue())?.keys).toHaveLength(1);
  });

  it('headers arrive but the body stalls → the same timeout', async () => {
    const result = await timesOut(reply.stalledBody);
    expect(result).toEqual({ ok: false, error: expect.objectContaining({ kind: 'timeout' }) });
  });

  it('every request carries an abort signal (no request without a timeout)', async () => {
    await signedInWithGoodData();
    await client.createKey({ name: 'x', keyType: 'dev' });
    await client.setPayg({ enable: true });
    await client.openPortal();
    for (const [, init] of server.fetch.mock.calls) {
      expect(init?.signal).toBeInstanceOf(AbortSignal);
    }
  });
});

describe('the auth server during a refresh', () => {
  const REFRESH = 'POST /auth/v1/token';
  const AUTH_FAULTS: { fault: string; respond: Respond; kind: string }[] = [
    { fault: 'unreachable', respond: reply.networkError, kind: 'network' },
    { fault: '500 HTML page', respond: () => reply.html(500), kind: 'invalid_response' },
    { fault: '503 empty body', respond: () => reply.text(503, ''), kind: 'invalid_response' },
    { fault: '429 GoTrue rate limit', respond: () => reply.json(429, { code: 429, error_code: 'over_request_rate_limit', msg: 'Request rate limit reached' }), kind: 'rate_limited' },
    { fault: '200 malformed JSON', respond: () => reply.text(200, '{"access_token": "ey', 'application/json'), kind: 'invalid_response' },
  ];

  it.each(AUTH_FAULTS)('$fault → an error, not a sign-out; the next action works once it is back', async ({ respond, kind }) => {
    await signedInWithGoodData();
    server.expireAccessTokens();
    server.fault(REFRESH, respond, 1);
    const result = await client.listKeys();
    expect(result).toEqual({ ok: false, error: expect.objectContaining({ kind }) });
    if (!result.ok) expect(result.error.message).not.toBe(SESSION_EXPIRED_MESSAGE);
    expect((await bg.getSession()).signedIn).toBe(true);
    expect((await dataCacheItem.getValue())?.keys).toHaveLength(1);
    // The refresh token was not used up by the failed attempt: the next call refreshes and works.
    await expect(client.listKeys()).resolves.toMatchObject({ ok: true });
  });

  it('a 200 from the auth server without tokens is refused, not stored', async () => {
    await signedInWithGoodData();
    server.expireAccessTokens();
    const before = await fakeBrowser.storage.session.get(null);
    server.fault(REFRESH, () => reply.json(200, { token_type: 'bearer' }), 1);
    const result = await client.listKeys();
    expect(result).toEqual({ ok: false, error: expect.objectContaining({ kind: 'invalid_response' }) });
    expect(await fakeBrowser.storage.session.get(null)).toEqual(before);
    expect((await bg.getSession()).signedIn).toBe(true);
  });
});

describe('API base URL with a trailing slash and a path', () => {
  it('joins paths without a double slash', async () => {
    server = createFakeServer();
    await configure({ apiBaseUrl: `${API}/` });
    bg = await signedInService(server);
    await bg.listKeys();
    expect(server.calls.map((c) => c.url).filter((u) => u.startsWith(API))).toEqual([`${API}/auth/login`, `${API}/keys/usage`]);
  });

  it('a path prefix that is not KalshiBook says so', async () => {
    server = createFakeServer();
    await configure({ apiBaseUrl: `${API}/kalshibook` });
    client = serviceClient(service(server));
    const result = await client.signIn({ email: EMAIL, password: PASSWORD });
    expect(server.calls[0]!.url).toBe(`${API}/kalshibook/auth/login`);
    expect(result).toEqual({ ok: false, error: expect.objectContaining({ message: NOT_KALSHIBOOK('Not Found') }) });
  });
});
