// A stateful, in-process KalshiBook API + GoTrue as a fetch function, with fault switches.
// It follows the contract (kalshibook-api.md §4–§5): shapes, status codes, exact messages, and
// serves every account endpoint, so whole flows (sign in, create, rename, reveal, revoke,
// billing, Stripe) run through the real BackgroundService. The real-HTTP behaviour is covered by
// the local API's contract tests and the browser suite.
//
// Faults: `fault(route, responder)` answers matching requests with anything a network or a server
// can produce (see `reply` below); `hold(route)` delays a request before or after the server handled
// it, to order concurrent requests the way a test needs.
import { createHash } from 'node:crypto';
import { vi } from 'vitest';

const s256 = (verifier: string) => createHash('sha256').update(verifier).digest('base64url');

/** An unsigned JWT with the given claims (the extension only reads `exp`; servers verify). */
export function makeJwt(claims: Record<string, unknown>): string {
  const enc = (o: unknown) => btoa(JSON.stringify(o)).replace(/=+$/, '').replace(/\+/g, '-').replace(/\//g, '_');
  return `${enc({ alg: 'HS256', typ: 'JWT' })}.${enc(claims)}.signature`;
}

export const API = 'https://api.test';
export const AUTH = 'https://auth.test';
export const ANON = 'anon';
export const EMAIL = 'ada@example.com';
export const PASSWORD = 'correct-horse';
export const REQUEST_ID = 'req_0123456789ab';

export interface Call {
  method: string;
  /** pathname + search */
  path: string;
  url: string;
  headers: Record<string, string>;
  body: string | null;
  json: unknown;
}

type Responder = (call: Call, signal: AbortSignal | undefined) => Response | Promise<Response>;

/** Bodies and transport failures a test can answer with. */
export const reply = {
  json: (status: number, body: unknown, headers: Record<string, string> = {}) =>
    new Response(JSON.stringify(body), { status, headers: { 'content-type': 'application/json', ...headers } }),
  envelope: (status: number, code: string, message: string, headers: Record<string, string> = {}) =>
    reply.json(status, { error: { code, message, status }, request_id: REQUEST_ID }, { 'x-request-id': REQUEST_ID, ...headers }),
  text: (status: number, body: string, contentType = 'text/plain') =>
    new Response(body, { status, headers: { 'content-type': contentType } }),
  html: (status: number) =>
    reply.text(status, '<!DOCTYPE html><html><head><title>502 Bad Gateway</title></head><body><h1>Bad Gateway</h1><p>nginx</p></body></html>', 'text/html'),
  /** What fetch does when offline, on DNS failure, on a refused connection, and for a response without CORS headers. */
  networkError: (): never => {
    throw new TypeError('Failed to fetch');
  },
  /** No answer at all: only the request's own timeout (its AbortSignal) ends the wait. */
  hang: (_call: Call, signal: AbortSignal | undefined) =>
    new Promise<Response>((_resolve, reject) => {
      signal?.addEventListener('abort', () => reject(new DOMException('The operation was aborted.', 'AbortError')));
    }),
  /** Headers arrive, the body never finishes; aborting the request errors the body, as in browsers. */
  stalledBody: (_call: Call, signal: AbortSignal | undefined) => {
    const stream = new ReadableStream<Uint8Array>({
      start(controller) {
        controller.enqueue(new TextEncoder().encode('{"data": ['));
        signal?.addEventListener('abort', () => controller.error(new DOMException('The operation was aborted.', 'AbortError')));
      },
    });
    return new Response(stream, { status: 200, headers: { 'content-type': 'application/json' } });
  },
};

interface Fault {
  matches: (call: Call) => boolean;
  respond: Responder;
  times: number;
}

interface Hold {
  matches: (call: Call) => boolean;
  phase: 'request' | 'response';
  gate: Promise<void>;
  reached: () => void;
  used: boolean;
}

/** `'GET /keys/usage'`, `'DELETE /keys/*'`, `'* /billing/*'`; `*` matches within one path segment or any method. */
function routeMatcher(route: string | ((call: Call) => boolean)): (call: Call) => boolean {
  if (typeof route === 'function') return route;
  const [method, pattern] = route.split(' ') as [string, string];
  const re = new RegExp(`^${pattern.replace(/[.+?^${}()|[\]\\]/g, '\\$&').replace(/\*/g, '[^/?]+')}(\\?.*)?$`);
  return (call) => (method === '*' || method === call.method) && re.test(call.path);
}

interface KeyRecord {
  id: string;
  name: string;
  key: string;
  key_prefix: string;
  key_type: string;
  created_at: string;
  last_used_at: string | null;
  credits_used: number;
  revoked: boolean;
  /** false: created before reveal existed (reveal answers 404). */
  revealable: boolean;
}

export interface FakeServerOptions {
  now?: () => number;
  /** Access-token lifetime in seconds. */
  ttl?: number;
  checkoutUrl?: string;
  portalUrl?: string;
}

export function createFakeServer(options: FakeServerOptions = {}) {
  const now = options.now ?? (() => Date.now());
  const ttl = options.ttl ?? 3600;
  let counter = 0;
  let keyCounter = 0;
  const validAccess = new Set<string>();
  const validRefresh = new Set<string>();
  const usedRefresh = new Set<string>();
  const calls: Call[] = [];
  /** Every token pair the server handed out. */
  const issued: { access: string; refresh: string }[] = [];
  const faults: Fault[] = [];
  const holds: Hold[] = [];
  let refreshCalls = 0;
  const users = new Map<string, { password: string; id: string }>([[EMAIL, { password: PASSWORD, id: 'user-1' }]]);
  /** Google sign-ins in progress: GoTrue's flow states (auth code → PKCE challenge and user). */
  const pkceCodes = new Map<string, { challenge: string; userId: string; email: string }>();
  const keys = new Map<string, KeyRecord>();
  const billing = {
    tier: 'free' as 'free' | 'payg' | 'project',
    credits_total: 1000,
    credits_used: 250,
    payg_enabled: false,
    billing_cycle_start: '2026-02-01T00:00:00+00:00',
    stripeCustomer: false,
    subscription: false,
  };
  const urls = {
    checkout: options.checkoutUrl ?? 'https://checkout.stripe.com/c/pay/cs_test_a1',
    portal: options.portalUrl ?? 'https://billing.stripe.com/p/session/test_b2',
  };

  const json = reply.json;
  const envelope = reply.envelope;
  const validation = (message: string) => envelope(422, 'validation_error', message);

  function issue(userId: string, email: string) {
    counter += 1;
    const access = makeJwt({ sub: userId, email, exp: Math.floor(now() / 1000) + ttl, n: counter });
    const refresh = `refresh-${counter}`;
    validAccess.add(access);
    validRefresh.add(refresh);
    issued.push({ access, refresh });
    return { access, refresh };
  }

  function rawKey(): string {
    keyCounter += 1;
    const alphabet = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789';
    let s = '';
    for (let i = 0; i < 43; i++) s += alphabet[(keyCounter * 31 + i * 7) % alphabet.length];
    return `kb-${s}`;
  }

  function addKey(name: string, key_type: string, extra: Partial<KeyRecord> = {}): KeyRecord {
    const key = rawKey();
    const n = keyCounter;
    const record: KeyRecord = {
      id: `00000000-0000-4000-8000-${String(n).padStart(12, '0')}`,
      name,
      key,
      key_prefix: key.slice(0, 7),
      key_type,
      created_at: new Date(Date.UTC(2026, 1, 1) + n * 60_000).toISOString().replace('Z', '+00:00'),
      last_used_at: null,
      credits_used: 0,
      revoked: false,
      revealable: true,
      ...extra,
    };
    keys.set(record.id, record);
    return record;
  }

  const info = (k: KeyRecord) => ({ id: k.id, name: k.name, key_prefix: k.key_prefix, key_type: k.key_type, created_at: k.created_at, last_used_at: k.last_used_at });
  const status = () => ({
    tier: billing.tier,
    credits_total: billing.credits_total,
    credits_used: billing.credits_used,
    credits_remaining: Math.max(0, billing.credits_total - billing.credits_used),
    payg_enabled: billing.payg_enabled,
    billing_cycle_start: billing.billing_cycle_start,
    request_id: REQUEST_ID,
  });

  /** The server proper: what a healthy KalshiBook + GoTrue answer. */
  function handle(call: Call): Response {
    const url = new URL(call.url);
    const { method } = call;
    const body = (call.json ?? {}) as Record<string, unknown>;

    if (url.origin === AUTH && url.pathname === '/auth/v1/token' && url.searchParams.get('grant_type') === 'refresh_token') {
      refreshCalls += 1;
      if (call.headers.apikey !== ANON) return json(401, { message: 'Invalid API key' });
      const rt = body.refresh_token as string;
      if (usedRefresh.has(rt)) return json(400, { code: 400, error_code: 'refresh_token_already_used', msg: 'Invalid Refresh Token: Already Used' });
      if (!validRefresh.has(rt)) return json(400, { code: 400, error_code: 'refresh_token_not_found', msg: 'Invalid Refresh Token: Refresh Token Not Found' });
      validRefresh.delete(rt);
      usedRefresh.add(rt);
      const t = issue('user-1', EMAIL);
      return json(200, { access_token: t.access, token_type: 'bearer', expires_in: ttl, refresh_token: t.refresh, user: { id: 'user-1', email: EMAIL } });
    }
    if (url.origin === AUTH && url.pathname === '/auth/v1/settings' && method === 'GET') {
      if (call.headers.apikey !== ANON) return json(401, { message: 'Invalid API key' });
      return json(200, { external: { google: true, email: true, github: false }, disable_signup: false, mailer_autoconfirm: true });
    }
    if (url.origin === AUTH && url.pathname === '/auth/v1/token' && url.searchParams.get('grant_type') === 'pkce') {
      if (call.headers.apikey !== ANON) return json(401, { message: 'Invalid API key' });
      const code = pkceCodes.get(body.auth_code as string);
      if (!code) return json(404, { code: 404, error_code: 'flow_state_not_found', msg: 'invalid flow state, no valid flow state found' });
      if (s256(String(body.code_verifier)) !== code.challenge) {
        return json(400, { code: 400, error_code: 'bad_code_verifier', msg: 'code challenge does not match previously saved code verifier' });
      }
      pkceCodes.delete(body.auth_code as string);
      const t = issue(code.userId, code.email);
      return json(200, { access_token: t.access, token_type: 'bearer', expires_in: ttl, refresh_token: t.refresh, user: { id: code.userId, email: code.email } });
    }
    if (url.origin === AUTH && url.pathname === '/auth/v1/logout') return new Response(null, { status: 204 });
    if (url.origin !== API) return json(404, { detail: 'Not Found' });

    if ((url.pathname === '/auth/login' || url.pathname === '/auth/signup') && method === 'POST') {
      const problems = ['email', 'password'].filter((f) => typeof body[f] !== 'string').map((f) => `body.${f}: Field required`);
      if (problems.length) return validation(problems.join('; '));
      const email = body.email as string;
      const password = body.password as string;
      if (url.pathname === '/auth/signup') {
        if (password.length < 8) return validation('body.password: String should have at least 8 characters');
        if (users.has(email)) return envelope(409, 'user_already_exists', 'A user with this email already exists.');
        users.set(email, { password, id: `user-${users.size + 1}` });
      }
      const user = users.get(email);
      if (!user || user.password !== password) return envelope(401, 'invalid_credentials', 'Invalid email or password.');
      const t = issue(user.id, email);
      return json(200, { access_token: t.access, refresh_token: t.refresh, user_id: user.id, request_id: REQUEST_ID });
    }

    // FastAPI routes before it authenticates: an unknown path is 404 {"detail"} for anyone.
    if (!/^\/(keys(\/usage|\/[^/]+(\/reveal)?)?|billing\/(status|payg|portal|checkout))$/.test(url.pathname)) return json(404, { detail: 'Not Found' });
    const auth = call.headers.authorization ?? '';
    if (!auth.startsWith('Bearer ')) return envelope(401, 'invalid_api_key', 'Missing Bearer token');
    if (auth.startsWith('Bearer kb-')) {
      return envelope(401, 'invalid_auth_method', 'Key management endpoints require a Supabase access token, not an API key. Use POST /auth/login to get an access token.');
    }
    if (!validAccess.has(auth.slice(7))) return envelope(401, 'invalid_api_key', 'Invalid or expired access token');

    const keyMatch = /^\/keys\/([^/]+)(\/reveal)?$/.exec(url.pathname);
    if (url.pathname === '/keys/usage' && method === 'GET') {
      const rows = [...keys.values()].filter((k) => !k.revoked).sort((a, b) => b.created_at.localeCompare(a.created_at));
      return json(200, { data: rows.map((k) => ({ ...info(k), credits_used: k.credits_used })), request_id: REQUEST_ID });
    }
    if (url.pathname === '/keys' && method === 'POST') {
      if (call.body === null) return validation('body: Field required');
      const name = body.name ?? 'Default';
      if (typeof name !== 'string') return validation('body.name: Input should be a valid string');
      if ([...name].length > 100) return validation('body.name: String should have at most 100 characters');
      const keyType = (body.key_type as string | undefined) ?? 'dev';
      if (keyType !== 'dev' && keyType !== 'prod') return envelope(500, 'internal_error', 'An unexpected error occurred. Please try again later.');
      const k = addKey(name, keyType);
      return json(200, { data: { id: k.id, key: k.key, name: k.name, key_prefix: k.key_prefix, key_type: k.key_type, created_at: k.created_at }, request_id: REQUEST_ID });
    }
    if (keyMatch) {
      const id = decodeURIComponent(keyMatch[1]!);
      const k = keys.get(id);
      const live = k && !k.revoked ? k : null;
      if (keyMatch[2]) {
        if (method !== 'GET') return json(405, { detail: 'Method Not Allowed' });
        if (!live || !live.revealable) return envelope(404, 'key_not_found', 'API key not found, revoked, or created before reveal was available.');
        return json(200, { data: { key: live.key }, request_id: REQUEST_ID });
      }
      if (method === 'PATCH') {
        if (body.name == null && body.key_type == null) return envelope(400, 'no_fields', 'No fields to update');
        if (typeof body.name === 'string' && [...body.name].length > 100) return validation('body.name: String should have at most 100 characters');
        if (!live) return envelope(404, 'key_not_found', 'API key not found or already revoked.');
        if (typeof body.name === 'string') live.name = body.name;
        return json(200, { data: info(live), request_id: REQUEST_ID });
      }
      if (method === 'DELETE') {
        if (!live) return envelope(404, 'key_not_found', 'API key not found or already revoked.');
        live.revoked = true;
        return json(200, { message: 'API key revoked', request_id: REQUEST_ID });
      }
      return json(405, { detail: 'Method Not Allowed' });
    }
    if (url.pathname === '/billing/status' && method === 'GET') return json(200, status());
    if (url.pathname === '/billing/payg' && method === 'POST') {
      if (typeof body.enable !== 'boolean') return validation('body.enable: Field required');
      if (body.enable) {
        billing.stripeCustomer = true;
        billing.payg_enabled = true;
        if (billing.tier === 'free') billing.tier = 'payg';
        return json(200, { payg_enabled: true, message: 'Pay-As-You-Go enabled. Overage credits will be billed at $0.008/credit.', request_id: REQUEST_ID });
      }
      billing.payg_enabled = false;
      if (!billing.subscription) billing.tier = 'free';
      return json(200, { payg_enabled: false, message: 'Pay-As-You-Go disabled. API access will stop when credits are exhausted.', request_id: REQUEST_ID });
    }
    if (url.pathname === '/billing/portal' && method === 'POST') {
      if (!billing.stripeCustomer) return envelope(400, 'no_billing_account', 'No billing account found. Subscribe first via POST /billing/checkout.');
      return json(200, { portal_url: urls.portal, request_id: REQUEST_ID });
    }
    if (url.pathname === '/billing/checkout' && method === 'POST') {
      billing.stripeCustomer = true;
      return json(200, { checkout_url: urls.checkout, request_id: REQUEST_ID });
    }
    return json(404, { detail: 'Not Found' });
  }

  const fetch = vi.fn(async (input: string, init: RequestInit = {}): Promise<Response> => {
    const url = new URL(input);
    const headers = Object.fromEntries(Object.entries((init.headers ?? {}) as Record<string, string>).map(([k, v]) => [k.toLowerCase(), v]));
    const body = typeof init.body === 'string' ? init.body : null;
    let parsed: unknown = undefined;
    try {
      parsed = body === null ? undefined : JSON.parse(body);
    } catch {
      parsed = undefined;
    }
    const call: Call = { method: init.method ?? 'GET', path: url.pathname + url.search, url: input, headers, body, json: parsed };
    calls.push(call);
    await Promise.resolve();

    const hold = (phase: Hold['phase']) => holds.find((h) => !h.used && h.phase === phase && h.matches(call));
    const before = hold('request');
    if (before) {
      before.used = true;
      before.reached();
      await before.gate;
    }
    const fault = faults.find((f) => f.times > 0 && f.matches(call));
    let response: Response;
    if (fault) {
      fault.times -= 1;
      response = await fault.respond(call, init.signal ?? undefined);
    } else {
      response = handle(call);
    }
    const after = hold('response');
    if (after) {
      after.used = true;
      after.reached();
      await after.gate;
    }
    return response;
  });

  return {
    fetch,
    calls,
    issued,
    keys,
    billing,
    urls,
    get refreshCalls() {
      return refreshCalls;
    },
    /** Requests to one route, e.g. `requests('DELETE /keys/*')`. */
    requests(route: string): Call[] {
      const m = routeMatcher(route);
      return calls.filter(m);
    },
    /** Answers matching requests with `respond` (`times` times, default every time until cleared). */
    fault(route: string | ((call: Call) => boolean), respond: Responder, times = Number.POSITIVE_INFINITY) {
      faults.push({ matches: routeMatcher(route), respond, times });
    },
    clearFaults() {
      faults.length = 0;
    },
    /**
     * Holds the next matching request: `phase: 'request'` before the server sees it, `'response'`
     * after the server handled it (its answer is on the way). `reached` resolves when it is held.
     */
    hold(route: string | ((call: Call) => boolean), phase: Hold['phase'] = 'response') {
      let release!: () => void;
      let reached!: () => void;
      const gate = new Promise<void>((r) => (release = r));
      const reachedPromise = new Promise<void>((r) => (reached = r));
      holds.push({ matches: routeMatcher(route), phase, gate, reached, used: false });
      return { release, reached: reachedPromise };
    },
    addKey,
    /** What GoTrue does when Google sends the user back: a flow state for this challenge; returns its auth code. */
    googleCode(challenge: string, user: { id: string; email: string } = { id: 'user-1', email: EMAIL }): string {
      const code = `code-${pkceCodes.size + 1}-${Math.random().toString(36).slice(2)}`;
      pkceCodes.set(code, { challenge, userId: user.id, email: user.email });
      return code;
    },
    expireAccessTokens: () => validAccess.clear(),
    /** Sign-out everywhere from the web dashboard: every token dies. */
    revokeAll: () => {
      validAccess.clear();
      validRefresh.clear();
    },
  };
}

export type FakeServer = ReturnType<typeof createFakeServer>;
