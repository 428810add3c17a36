// Every network and server fault, through the whole background (BackgroundService on a fake
// server → handlers → the Result a page receives): the message and kind the user gets, that
// nothing signs them out, and that the last good data stays in the cache the pages render from.
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { fakeBrowser } from 'wxt/testing/fake-browser';
import { INVALID_RESPONSE_MESSAGE, SESSION_EXPIRED_MESSAGE } from '@/lib/api/errors';
import type { BackgroundService } from '@/lib/background/service';
import type { Result } from '@/lib/messaging';
import { dataCacheItem, pendingCheckoutItem, pendingKeyItem } from '@/lib/storage';
import { API, createFakeServer, EMAIL, PASSWORD, reply, type Call, type FakeServer } from '../helpers/fake-server';
import { configure, serviceClient, service, signedInService, type ServiceClient } from './harness';

const CANT_REACH = "Can't reach KalshiBook at api.test. Check your connection or the URL in Settings, then try again.";
const TROUBLE = (status: number) => `KalshiBook is having trouble right now (HTTP ${status}). Try again in a moment.`;
const NOT_KALSHIBOOK = (detail: string) => `The server at this API URL does not look like KalshiBook (${detail}). Check the API base URL in Settings.`;
const TOO_MANY_IN_30 = 'Too many requests. Try again in 30 seconds.';
const TOO_MANY = 'Too many requests. Wait a moment, then try again.';

type Respond = (call: Call, signal: AbortSignal | undefined) => Response | Promise<Response>;

interface FaultCase {
  fault: string;
  respond: Respond;
  kind: string;
  message: string;
}

/** The table of the issue: each fault, and what the user reads. */
export const FAULTS: FaultCase[] = [
  { fault: 'API unreachable (offline)', respond: reply.networkError, kind: 'network', message: CANT_REACH },
  {
    fault: 'DNS failure (Firefox wording)',
    respond: () => {
      throw new TypeError('NetworkError when attempting to fetch resource.');
    },
    kind: 'network',
    message: CANT_REACH,
  },
  {
    fault: 'connection refused',
    respond: () => {
      throw new TypeError('Failed to fetch', { cause: Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:443'), { code: 'ECONNREFUSED' }) });
    },
    kind: 'network',
    message: CANT_REACH,
  },
  {
    fault: '500 with the JSON envelope',
    respond: () => reply.envelope(500, 'internal_error', 'An unexpected error occurred. Please try again later.'),
    kind: 'server',
    message: 'An unexpected error occurred. Please try again later.',
  },
  // The envelope arrives, but without Access-Control-Allow-Origin the browser hides it: fetch rejects.
  { fault: '500 without CORS headers', respond: reply.networkError, kind: 'network', message: CANT_REACH },
  {
    fault: '502 stripe_error',
    respond: () => reply.envelope(502, 'stripe_error', 'Payment service temporarily unavailable. Please try again.'),
    kind: 'server',
    message: 'Payment service temporarily unavailable. Please try again.',
  },
  { fault: '502 HTML error page from a proxy', respond: () => reply.html(502), kind: 'invalid_response', message: TROUBLE(502) },
  {
    fault: '200 HTML page (captive portal)',
    respond: () => reply.text(200, '<html><body>Sign in to the hotel Wi-Fi</body></html>', 'text/html'),
    kind: 'invalid_response',
    message: INVALID_RESPONSE_MESSAGE,
  },
  { fault: '200 malformed JSON', respond: () => reply.text(200, '{"data": [{"id": "k1",', 'application/json'), kind: 'invalid_response', message: INVALID_RESPONSE_MESSAGE },
  { fault: '500 malformed JSON', respond: () => reply.text(500, '{"error": {"code": "internal_', 'application/json'), kind: 'invalid_response', message: TROUBLE(500) },
  { fault: '503 with an empty body', respond: () => reply.text(503, ''), kind: 'invalid_response', message: TROUBLE(503) },
  { fault: '200 with JSON null', respond: () => reply.json(200, null), kind: 'invalid_response', message: INVALID_RESPONSE_MESSAGE },
  { fault: '200 with an empty object (every field missing)', respond: () => reply.json(200, {}), kind: 'invalid_response', message: INVALID_RESPONSE_MESSAGE },
  { fault: '{"detail": "Not Found"} (404, wrong API URL)', respond: () => reply.json(404, { detail: 'Not Found' }), kind: 'server', message: NOT_KALSHIBOOK('Not Found') },
  {
    fault: '{"detail": "Method Not Allowed"} (405)',
    respond: () => reply.json(405, { detail: 'Method Not Allowed' }, { allow: 'GET' }),
    kind: 'server',
    message: NOT_KALSHIBOOK('Method Not Allowed'),
  },
  {
    fault: '429 bare {"error"} with Retry-After: 30',
    respond: () => reply.json(429, { error: 'Rate limit exceeded: 120 per 1 minute' }, { 'retry-after': '30' }),
    kind: 'rate_limited',
    message: TOO_MANY_IN_30,
  },
  {
    fault: '429 bare {"error"} with Retry-After: "120 per 1 minute"',
    respond: () => reply.json(429, { error: 'Rate limit exceeded: 120 per 1 minute' }, { 'retry-after': '120 per 1 minute' }),
    kind: 'rate_limited',
    message: TOO_MANY,
  },
  {
    fault: '429 bare {"error"} with an HTTP-date Retry-After',
    respond: () => reply.json(429, { error: 'Rate limit exceeded: 120 per 1 minute' }, { 'retry-after': 'Wed, 21 Oct 2026 07:28:00 GMT' }),
    kind: 'rate_limited',
    message: TOO_MANY,
  },
  {
    fault: '429 bare {"error"} with Retry-After: -5',
    respond: () => reply.json(429, { error: 'Rate limit exceeded: 120 per 1 minute' }, { 'retry-after': '-5' }),
    kind: 'rate_limited',
    message: TOO_MANY,
  },
  {
    fault: '429 bare {"error"} without Retry-After (hidden by CORS)',
    respond: () => reply.json(429, { error: 'Rate limit exceeded: 120 per 1 minute' }),
    kind: 'rate_limited',
    message: TOO_MANY,
  },
  {
    fault: '429 rate_limit_exceeded envelope, Retry-After "120 per 1 minute"',
    respond: () => reply.envelope(429, 'rate_limit_exceeded', 'Rate limit exceeded. Please retry after the indicated time.', { 'retry-after': '120 per 1 minute' }),
    kind: 'rate_limited',
    message: TOO_MANY,
  },
  {
    fault: '500 envelope with an empty message',
    respond: () => reply.envelope(500, 'internal_error', ''),
    kind: 'server',
    message: TROUBLE(500),
  },
  {
    fault: '400 envelope whose message is a 5,000-character page',
    respond: () => reply.envelope(400, 'bad_request', `Bad request: ${'lorem ipsum '.repeat(416)}`),
    kind: 'server',
    message: `Bad request: ${'lorem ipsum '.repeat(416)}`.slice(0, 239).trimEnd() + '…',
  },
  {
    fault: '500 bare {"error"} carrying a server stack trace',
    respond: () => reply.json(500, { error: 'TypeError: x is undefined\n    at handler (/srv/app.js:10:5)\n    at run (/srv/app.js:20:3)' }),
    kind: 'server',
    message: 'TypeError: x is undefined at handler (/srv/app.js:10:5) at run (/srv/app.js:20:3)',
  },
  {
    fault: '429 bare {"error"} with Retry-After: 1',
    respond: () => reply.json(429, { error: 'Rate limit exceeded: 1 per 1 second' }, { 'retry-after': '1' }),
    kind: 'rate_limited',
    message: 'Too many requests. Try again in 1 second.',
  },
  {
    fault: '429 bare {"error"} with Retry-After: 99999999999999999999',
    respond: () => reply.json(429, { error: 'Rate limit exceeded' }, { 'retry-after': '99999999999999999999' }),
    kind: 'rate_limited',
    message: TOO_MANY,
  },
  {
    fault: '422 with joined validation messages',
    respond: () => reply.envelope(422, 'validation_error', 'body.email: Field required; body.password: Field required'),
    kind: 'server',
    message: 'body.email: Field required; body.password: Field required',
  },
];

interface Operation {
  op: string;
  route: string;
  run: (client: ServiceClient) => Promise<Result<unknown>>;
}

const KEY_ID = '00000000-0000-4000-8000-000000000001';

const OPERATIONS: Operation[] = [
  { op: 'listKeys', route: 'GET /keys/usage', run: (c) => c.listKeys() },
  { op: 'getBilling', route: 'GET /billing/status', run: (c) => c.getBilling() },
  { op: 'createKey', route: 'POST /keys', run: (c) => c.createKey({ name: 'ci', keyType: 'dev', keepPending: true }) },
  { op: 'renameKey', route: 'PATCH /keys/*', run: (c) => c.renameKey({ id: KEY_ID, name: 'renamed' }) },
  { op: 'revealKey', route: 'GET /keys/*/reveal', run: (c) => c.revealKey({ id: KEY_ID }) },
  { op: 'revokeKey', route: 'DELETE /keys/*', run: (c) => c.revokeKey({ id: KEY_ID }) },
  { op: 'setPayg', route: 'POST /billing/payg', run: (c) => c.setPayg({ enable: true }) },
  { op: 'openPortal', route: 'POST /billing/portal', run: (c) => c.openPortal() },
  { op: 'openCheckout', route: 'POST /billing/checkout', run: (c) => c.openCheckout() },
];

let server: FakeServer;
let bg: BackgroundService;
let client: ServiceClient;

async function signedInWithGoodData() {
  server = createFakeServer();
  server.addKey('default', 'dev');
  server.billing.stripeCustomer = true;
  bg = await signedInService(server);
  client = serviceClient(bg);
  expect((await client.listKeys()).ok).toBe(true);
  expect((await client.getBilling()).ok).toBe(true);
}

beforeEach(async () => {
  await configure();
});

afterEach(async () => {
  // Stops a checkout watch an openCheckout may have started.
  await bg?.signOut().catch(() => undefined);
});

describe.each(FAULTS)('$fault', ({ respond, kind, message }) => {
  beforeEach(signedInWithGoodData);

  it.each(OPERATIONS)('$op → a short message, still signed in, last good data kept', async ({ route, run }) => {
    const cacheBefore = await dataCacheItem.getValue();
    const tabs = vi.spyOn(fakeBrowser.tabs, 'create');
    server.fault(route, respond);

    const result = await run(client);

    expect(result).toEqual({ ok: false, error: expect.objectContaining({ kind, message }) });
    if (!result.ok) {
      expect(result.error.message.length).toBeLessThan(300);
      expect(result.error.message).not.toMatch(/\n\s*at /);
    }
    expect(await bgSession(client)).toBe(true);
    // The keys and plan the pages show stay as they were.
    expect((await dataCacheItem.getValue())?.keys).toEqual(cacheBefore?.keys);
    expect((await dataCacheItem.getValue())?.billing).toEqual(cacheBefore?.billing);
    // Nothing half-done: no pending key, no Stripe tab, no checkout being watched.
    expect(await pendingKeyItem.getValue()).toBeNull();
    expect(tabs).not.toHaveBeenCalled();
    expect(await pendingCheckoutItem.getValue()).toBeNull();

    // The fault clears: the same action works (this is what "Retry" does).
    server.clearFaults();
    const again = await run(client);
    expect(again.ok).toBe(true);
  });
});

describe.each(FAULTS)('sign-in while: $fault', ({ respond, kind, message }) => {
  it('shows the message, stays signed out, keeps no session', async () => {
    server = createFakeServer();
    client = serviceClient(service(server));
    server.fault('POST /auth/login', respond);
    const result = await client.signIn({ email: EMAIL, password: PASSWORD });
    expect(result).toEqual({ ok: false, error: expect.objectContaining({ kind, message }) });
    expect(await bgSession(client)).toBe(false);
    const session = await fakeBrowser.storage.session.get(null);
    expect(Object.values(session).filter((v) => v !== null)).toEqual([]);
  });
});

async function bgSession(c: ServiceClient): Promise<boolean> {
  const res = await c.getSession();
  return res.ok && res.data.signedIn;
}

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
