// The local API (local-api/, Hono + PGlite) for a test file: in memory, on a free port, test controls on; the account API called directly.
import { randomBytes } from 'node:crypto';
import { startLocalApi, type LocalApi, type LocalApiOptions } from '../../../local-api/server';

export const KEY_PATTERN = /^kb-[A-Za-z0-9_-]{43}$/;
export const SHOW_ONCE_TEXT = "Your API key has been created. Copy it now — you won't be able to see it again.";
export const SESSION_EXPIRED = 'Your session expired. Sign in again.';
export const PASSWORD = 'correct-horse-battery';

export interface TestApi extends LocalApi {
  /** POST /__admin/{route} (faults: true), throwing on an error answer. */
  admin(route: string, body?: unknown): Promise<Record<string, unknown>>;
  /** Runs `fn` with faults set (POST /__admin/{route}), reset after it whatever happens, so no later test inherits them. */
  withFaults<T>(faults: Record<string, unknown>, fn: () => Promise<T>, route?: 'faults' | 'data-faults'): Promise<T>;
  /** Runs `fn` with access tokens that last `seconds` (those issued from now on), an hour again after it whatever happens. */
  withTokenTtl<T>(seconds: number, fn: () => Promise<T>): Promise<T>;
  /** Lines of the access log since the last `clearLog()`: "POST /auth/v1/token 200 3ms". */
  log: string[];
  clearLog(): void;
}

/** APIs started and not closed yet: setup.ts closes them after the test file. */
export const runningApis = new Set<TestApi>();

export async function startTestApi(options: LocalApiOptions = {}): Promise<TestApi> {
  const log: string[] = [];
  const api = await startLocalApi({
    port: 0,
    memory: true,
    faults: true,
    refreshTokenReuseInterval: 1,
    seedDemo: false,
    accessLog: (line) => log.push(line),
    ...options,
  });
  const close = api.close.bind(api);
  const between = async <T>(set: () => Promise<unknown>, fn: () => Promise<T>, reset: () => Promise<unknown>): Promise<T> => {
    await set();
    try {
      return await fn();
    } finally {
      await reset();
    }
  };
  const testApi: TestApi = Object.assign(api, {
    log,
    clearLog: () => void log.splice(0),
    async close() {
      runningApis.delete(testApi);
      await close();
    },
    admin: (route: string, body: unknown = {}) => request<Record<string, unknown>>('POST', `${api.url}/__admin/${route.replace(/^\//, '')}`, body),
    withFaults: <T>(faults: Record<string, unknown>, fn: () => Promise<T>, route = 'faults') =>
      between(() => testApi.admin(route, faults), fn, () => testApi.admin('reset-faults')),
    withTokenTtl: <T>(seconds: number, fn: () => Promise<T>) =>
      between(() => testApi.admin('token-ttl', { seconds }), fn, () => testApi.admin('token-ttl', { seconds: 3600 })),
  });
  runningApis.add(testApi);
  return testApi;
}

/** Calls `GET /markets` with an API key `times` times (1 credit each), as a data client would. */
export async function useKey(api: LocalApi, key: string, times: number): Promise<void> {
  for (let i = 0; i < times; i++) {
    const res = await fetch(`${api.url}/markets`, { headers: { Authorization: `Bearer ${key}` } });
    if (!res.ok) throw new Error(`GET /markets with a key: ${res.status} ${await res.text()}`);
    await res.arrayBuffer();
  }
}

/** A JSON request (with a body when given, as `token`'s when given); throws with the answer on an error status. */
async function request<T>(method: string, url: string, body?: unknown, token?: string): Promise<T> {
  const headers = { ...(token ? { Authorization: `Bearer ${token}` } : {}), ...(body === undefined ? {} : { 'Content-Type': 'application/json' }) };
  const res = await fetch(url, { method, headers, body: body === undefined ? undefined : JSON.stringify(body) });
  if (!res.ok) throw new Error(`${method} ${url}: ${res.status} ${await res.text()}`);
  return (await res.json()) as T;
}

type KeyUsage = { id: string; name: string; key_prefix: string; credits_used: number };

/** The account API directly (for demo data a test does not exercise through the UI). */
export async function apiSession(api: LocalApi, email: string, password = PASSWORD) {
  const { access_token: token } = await request<{ access_token: string }>('POST', `${api.url}/auth/login`, { email, password });
  const call = <T>(method: string, pathname: string, body?: unknown) => request<T>(method, `${api.url}${pathname}`, body, token);
  return {
    createKey: async (name: string, keyType: 'dev' | 'prod' = 'dev') =>
      (await call<{ data: { id: string; key: string; key_prefix: string } }>('POST', '/keys', { name, key_type: keyType })).data,
    keys: async () => (await call<{ data: KeyUsage[] }>('GET', '/keys/usage')).data,
    revoke: (id: string) => call('DELETE', `/keys/${id}`),
    creditsUsed: async () => (await call<{ credits_used: number }>('GET', '/billing/status')).credits_used,
  };
}

export const randomEmail = (label = 'user') => `e2e-${label}-${randomBytes(5).toString('hex')}@example.com`;

/** The API as the extension should reach it: through `localhost`, not `127.0.0.1`. The e2e build's one host permission is http://127.0.0.1/* (the
 * dashboard's origin, for the Stripe return), and host access lifts CORS; on `localhost` every API and auth call is a plain cross-origin request
 * (preflights, CORS headers and all), as against the production API. */
export const corsUrl = (api: LocalApi) => `http://localhost:${api.port}`;

/** Successful and failed token refreshes in an access log. */
export const refreshes = (log: string[]) => log.filter((line) => line.startsWith('POST /auth/v1/token 200')).length;
export const failedRefreshes = (log: string[]) => log.filter((line) => /^POST \/auth\/v1\/token [45]\d\d/.test(line)).length;
