// An in-process stand-in for the KalshiBook API + GoTrue, as a fetch function, for unit tests of
// the session and background logic. It follows the contract's shapes and error bodies; the
// real-HTTP behaviour is covered by the local API's contract tests and the browser suite.
import { vi } from 'vitest';

export function makeJwt(claims: Record<string, unknown>): string {
  const enc = (o: unknown) => btoa(JSON.stringify(o)).replace(/=+$/, '').replace(/\+/g, '-').replace(/\//g, '_');
  return `${enc({ alg: 'HS256', typ: 'JWT' })}.${enc(claims)}.signature`;
}

const json = (status: number, body: unknown, headers: Record<string, string> = {}) =>
  new Response(JSON.stringify(body), { status, headers: { 'content-type': 'application/json', ...headers } });

const envelope = (status: number, code: string, message: string) =>
  json(status, { error: { code, message, status }, request_id: 'req_0123456789ab' });

export interface FakeApiOptions {
  /** Access-token lifetime in seconds. */
  ttl?: number;
  now?: () => number;
}

export function createFakeApi(options: FakeApiOptions = {}) {
  const now = options.now ?? (() => Date.now());
  const ttl = options.ttl ?? 3600;
  let counter = 0;
  const validAccess = new Set<string>();
  const validRefresh = new Set<string>();
  const usedRefresh = new Set<string>();
  const calls: { method: string; path: string; headers: Record<string, string>; body: string | null }[] = [];
  let refreshCalls = 0;
  let authDown = false;

  function issue() {
    counter += 1;
    const access = makeJwt({ sub: 'user-1', email: 'ada@example.com', exp: Math.floor(now() / 1000) + ttl, n: counter });
    const refresh = `refresh-${counter}`;
    validAccess.add(access);
    validRefresh.add(refresh);
    return { access, refresh };
  }

  const fetch = vi.fn(async (input: string, init: RequestInit = {}) => {
    const url = new URL(input);
    const method = init.method ?? 'GET';
    const headers = Object.fromEntries(Object.entries((init.headers ?? {}) as Record<string, string>).map(([k, v]) => [k.toLowerCase(), v]));
    const body = typeof init.body === 'string' ? init.body : null;
    calls.push({ method, path: url.pathname + url.search, headers, body });
    await Promise.resolve();

    if (url.pathname === '/auth/login' && method === 'POST') {
      const { email, password } = JSON.parse(body ?? '{}');
      if (email !== 'ada@example.com' || password !== 'correct-horse') return envelope(401, 'invalid_credentials', 'Invalid email or password.');
      const t = issue();
      return json(200, { access_token: t.access, refresh_token: t.refresh, user_id: 'user-1', request_id: 'req_0123456789ab' });
    }
    if (url.pathname === '/auth/v1/token' && url.searchParams.get('grant_type') === 'refresh_token') {
      refreshCalls += 1;
      if (authDown) throw new TypeError('Failed to fetch');
      if (headers.apikey !== 'anon') return json(401, { message: 'Invalid API key' });
      const { refresh_token: rt } = JSON.parse(body ?? '{}');
      if (usedRefresh.has(rt)) return json(400, { code: 400, error_code: 'refresh_token_already_used', msg: 'Invalid Refresh Token: Already Used' });
      if (!validRefresh.has(rt)) return json(400, { code: 400, error_code: 'refresh_token_not_found', msg: 'Invalid Refresh Token: Refresh Token Not Found' });
      validRefresh.delete(rt);
      usedRefresh.add(rt);
      const t = issue();
      return json(200, { access_token: t.access, token_type: 'bearer', expires_in: ttl, refresh_token: t.refresh, user: { id: 'user-1', email: 'ada@example.com' } });
    }
    const auth = headers.authorization ?? '';
    if (!auth.startsWith('Bearer ')) return envelope(401, 'invalid_api_key', 'Missing Bearer token');
    if (!validAccess.has(auth.slice(7))) return envelope(401, 'invalid_api_key', 'Invalid or expired access token');
    if (url.pathname === '/keys/usage' && method === 'GET') {
      return json(200, {
        data: [{ id: 'k1', name: 'default', key_prefix: 'kb-AbC1', key_type: 'dev', created_at: '2026-02-16T14:03:48.512345+00:00', last_used_at: null, credits_used: 3 }],
        request_id: 'req_0123456789ab',
      });
    }
    if (url.pathname === '/billing/status') {
      return json(200, { tier: 'free', credits_total: 1000, credits_used: 950, credits_remaining: 50, payg_enabled: false, billing_cycle_start: '2026-02-01T00:00:00+00:00', request_id: 'req_0123456789ab' });
    }
    return json(404, { detail: 'Not Found' });
  });

  return {
    fetch,
    calls,
    get refreshCalls() {
      return refreshCalls;
    },
    /** Expires every access token now (as a server-side expiry would). */
    expireAccessTokens: () => validAccess.clear(),
    /** Revokes every refresh token (sign-out from the web dashboard). */
    revokeAll: () => {
      validAccess.clear();
      validRefresh.clear();
    },
    setAuthDown: (down: boolean) => {
      authDown = down;
    },
  };
}
