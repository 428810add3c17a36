// A stateful, in-process KalshiBook API + GoTrue as a fetch function, with fault switches.
// It follows the contract (kalshibook-api.md §4–§5): shapes, status codes, exact messages, and
// serves every account endpoint, so whole flows (sign in, create, rename, reveal, revoke,
// billing, Stripe) run through the real BackgroundService. The real-HTTP behaviour is covered by
// the local API's contract tests and the browser suite.
//
// Faults: `fault(route, responder)` answers matching requests with anything a network or a server
// can produce (see `reply` in fake-http.ts); `hold(route)` delays a request before or after the
// server handled it, to order concurrent requests the way a test needs.
//
// The sign-in side (users, tokens, GoTrue) is fake-auth.ts, the keys and billing fake-account.ts,
// the shared constants, `Call` and `reply` fake-http.ts (re-exported here).
import { vi } from 'vitest';
import { createFakeAccount } from './fake-account';
import { createFakeAuth } from './fake-auth';
import { API, reply, routeMatcher, type Call, type Responder } from './fake-http';

export { ANON, API, AUTH, EMAIL, makeJwt, PASSWORD, reply, REQUEST_ID, type Call } from './fake-http';

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

export interface FakeServerOptions {
  now?: () => number;
  /** Access-token lifetime in seconds. */
  ttl?: number;
  checkoutUrl?: string;
  portalUrl?: string;
}

export function createFakeServer(options: FakeServerOptions = {}) {
  const auth = createFakeAuth(options.now ?? (() => Date.now()), options.ttl ?? 3600);
  const account = createFakeAccount(options);
  const calls: Call[] = [];
  const faults: Fault[] = [];
  const holds: Hold[] = [];

  /** The server proper: what a healthy KalshiBook + GoTrue answer. */
  function handle(call: Call): Response {
    const url = new URL(call.url);
    const body = (call.json ?? {}) as Record<string, unknown>;
    const goTrue = auth.goTrue(call, url, body);
    if (goTrue) return goTrue;
    if (url.origin !== API) return reply.json(404, { detail: 'Not Found' });
    return auth.signIn(call, url, body) ?? account.handle(call, url, body, auth.isValidAccess);
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
    issued: auth.issued,
    keys: account.keys,
    billing: account.billing,
    urls: account.urls,
    get refreshCalls() {
      return auth.refreshCalls;
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
    addKey: account.addKey,
    /** What GoTrue does when Google sends the user back: a flow state for this challenge; returns its auth code. */
    googleCode: auth.googleCode,
    expireAccessTokens: auth.expireAccessTokens,
    /** Sign-out everywhere from the web dashboard: every token dies. */
    revokeAll: auth.revokeAll,
  };
}

export type FakeServer = ReturnType<typeof createFakeServer>;
