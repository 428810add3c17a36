// The fake server's sign-in side (fake-server.ts wires it in): users, the access and refresh
// tokens it hands out (refresh rotation: a used refresh token answers "Already Used"), Google's
// PKCE flow states, GoTrue's /token (refresh_token, pkce), /settings and /logout, and the API's
// POST /auth/login and /auth/signup (contract §4).
import { createHash } from 'node:crypto';
import { ANON, API, AUTH, EMAIL, makeJwt, PASSWORD, reply, REQUEST_ID, validationError, type Call } from './fake-http';

const s256 = (verifier: string) => createHash('sha256').update(verifier).digest('base64url');

export function createFakeAuth(now: () => number, ttl: number) {
  let counter = 0;
  const validAccess = new Set<string>();
  const validRefresh = new Set<string>();
  const usedRefresh = new Set<string>();
  /** Every token pair the server handed out. */
  const issued: { access: string; refresh: string }[] = [];
  let refreshCalls = 0;
  const users = new Map<string, { password: string; id: string }>([[EMAIL, { password: PASSWORD, id: 'user-1' }]]);
  /** Google sign-ins in progress: GoTrue's flow states (auth code → PKCE challenge and user). */
  const pkceCodes = new Map<string, { challenge: string; userId: string; email: string }>();
  const json = reply.json;
  const envelope = reply.envelope;

  function issue(userId: string, email: string) {
    counter += 1;
    const access = makeJwt({ sub: userId, email, exp: Math.floor(now() / 1000) + ttl, n: counter });
    const refresh = `refresh-${counter}`;
    validAccess.add(access);
    validRefresh.add(refresh);
    issued.push({ access, refresh });
    return { access, refresh };
  }

  /** GoTrue (the AUTH origin): its answer, or undefined for a path it does not serve. */
  function goTrue(call: Call, url: URL, body: Record<string, unknown>): Response | undefined {
    const { method } = call;
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
    return undefined;
  }

  /** The API's POST /auth/login and /auth/signup: their answer, or undefined for any other request. */
  function signIn(call: Call, url: URL, body: Record<string, unknown>): Response | undefined {
    if (url.origin !== API || !(url.pathname === '/auth/login' || url.pathname === '/auth/signup') || call.method !== 'POST') return undefined;
    const problems = ['email', 'password'].filter((f) => typeof body[f] !== 'string').map((f) => `body.${f}: Field required`);
    if (problems.length) return validationError(problems.join('; '));
    const email = body.email as string;
    const password = body.password as string;
    if (url.pathname === '/auth/signup') {
      if (password.length < 8) return validationError('body.password: String should have at least 8 characters');
      if (users.has(email)) return envelope(409, 'user_already_exists', 'A user with this email already exists.');
      users.set(email, { password, id: `user-${users.size + 1}` });
    }
    const user = users.get(email);
    if (!user || user.password !== password) return envelope(401, 'invalid_credentials', 'Invalid email or password.');
    const t = issue(user.id, email);
    return json(200, { access_token: t.access, refresh_token: t.refresh, user_id: user.id, request_id: REQUEST_ID });
  }

  return {
    issued,
    goTrue,
    signIn,
    get refreshCalls() {
      return refreshCalls;
    },
    isValidAccess: (token: string) => validAccess.has(token),
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
