// The cases of the network fault tests (network.test.ts, drift-and-timeouts.test.ts): the fault
// table (each network or server fault and the message the user reads), the operations a page can
// run, and a signed-in background whose cache holds good data.
import { expect } from 'vitest';
import { INVALID_RESPONSE_MESSAGE } from '@/lib/api/errors';
import type { BackgroundService } from '@/lib/background/service';
import type { Result } from '@/lib/messaging';
import { createFakeServer, reply, type Call, type FakeServer } from '../helpers/fake-server';
import { serviceClient, signedInService, type ServiceClient } from './harness';

export const CANT_REACH = "Can't reach KalshiBook at api.test. Check your connection or the URL in Settings, then try again.";
export const TROUBLE = (status: number) => `KalshiBook is having trouble right now (HTTP ${status}). Try again in a moment.`;
export const NOT_KALSHIBOOK = (detail: string) => `The server at this API URL does not look like KalshiBook (${detail}). Check the API base URL in Settings.`;
export const TOO_MANY_IN_30 = 'Too many requests. Try again in 30 seconds.';
export const TOO_MANY = 'Too many requests. Wait a moment, then try again.';

export type Respond = (call: Call, signal: AbortSignal | undefined) => Response | Promise<Response>;

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

export const KEY_ID = '00000000-0000-4000-8000-000000000001';

export const OPERATIONS: Operation[] = [
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

/** A signed-in background on a fresh fake server (one key, a Stripe customer) with keys and plan cached. */
export async function goodDataSession(): Promise<{ server: FakeServer; bg: BackgroundService; client: ServiceClient }> {
  const server = createFakeServer();
  server.addKey('default', 'dev');
  server.billing.stripeCustomer = true;
  const bg = await signedInService(server);
  const client = serviceClient(bg);
  expect((await client.listKeys()).ok).toBe(true);
  expect((await client.getBilling()).ok).toBe(true);
  return { server, bg, client };
}

export async function bgSession(c: ServiceClient): Promise<boolean> {
  const res = await c.getSession();
  return res.ok && res.data.signedIn;
}
