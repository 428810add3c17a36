/**
 * Sessions: the backend's /auth/signup and /auth/login (contract §5.1, §5.2), how account
 * endpoints check access tokens (§3.2), and the GoTrue routes a client uses directly: refresh
 * with rotation and reuse interval, /user, logout (§3.4).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { LocalApi } from '../../local-api/server';
import { admin, auth, call, decodeJwt, envelopeOf, signUp, startTestApi, uniqueEmail, type TestUser } from './helpers';

let api: LocalApi;

beforeAll(async () => {
  api = await startTestApi();
});
afterAll(() => api.close());

const refresh = (refreshToken: string, headers: Record<string, string> = {}) =>
  auth(api, 'POST', '/token?grant_type=refresh_token', { json: { refresh_token: refreshToken }, headers });

describe('POST /auth/signup', () => {
  it('returns access_token, refresh_token, user_id, request_id — and nothing else', async () => {
    const response = await call(api, 'POST', '/auth/signup', { json: { email: uniqueEmail(), password: 'password-1' } });
    expect(response.status).toBe(200);
    expect(Object.keys(response.body)).toEqual(['access_token', 'refresh_token', 'user_id', 'request_id']);
    expect(response.body.user_id).toMatch(/^[0-9a-f-]{36}$/);
    expect(response.body.refresh_token).toMatch(/^[a-z0-9]{12}$/);
  });

  it('provisions a free billing account and a "default" dev key', async () => {
    const user = await signUp(api);
    const keys = await call(api, 'GET', '/keys', { token: user.accessToken });
    expect(keys.body.data).toHaveLength(1);
    expect(keys.body.data[0]).toMatchObject({ name: 'default', key_type: 'dev' });
    const reveal = await call(api, 'GET', `/keys/${keys.body.data[0].id}/reveal`, { token: user.accessToken });
    expect(reveal.body.data.key).toMatch(/^kb-/);
    const status = await call(api, 'GET', '/billing/status', { token: user.accessToken });
    expect(status.body).toMatchObject({ tier: 'free', credits_total: 1000, credits_used: 0, payg_enabled: false });
  });

  it('409 user_already_exists for an existing address (any case)', async () => {
    const user = await signUp(api);
    const response = await call(api, 'POST', '/auth/signup', { json: { email: user.email.toUpperCase(), password: 'password-2' } });
    expect(response.status).toBe(409);
    expect(envelopeOf(response)).toEqual({ code: 'user_already_exists', message: 'A user with this email already exists.', status: 409 });
  });

  it('validates like Pydantic: password of 7 characters, empty body object', async () => {
    const short = await call(api, 'POST', '/auth/signup', { json: { email: uniqueEmail(), password: '1234567' } });
    expect(short.status).toBe(422);
    expect(envelopeOf(short).message).toBe('body.password: String should have at least 8 characters');
    const empty = await call(api, 'POST', '/auth/signup', { json: {} });
    expect(envelopeOf(empty).message).toBe('body.email: Field required; body.password: Field required');
  });

  it("reports GoTrue's refusals as the backend does", async () => {
    const badEmail = await call(api, 'POST', '/auth/signup', { json: { email: 'not-an-email', password: 'password-1' } });
    expect(badEmail.status).toBe(400);
    expect(envelopeOf(badEmail)).toEqual({
      code: 'signup_failed',
      message: 'Signup failed: Unable to validate email address: invalid format',
      status: 400,
    });
    const tooLong = await call(api, 'POST', '/auth/signup', { json: { email: uniqueEmail(), password: 'x'.repeat(73) } });
    expect(tooLong.status).toBe(422);
    expect(envelopeOf(tooLong)).toEqual({ code: 'weak_password', message: 'Password does not meet strength requirements.', status: 422 });
  });
});

describe('POST /auth/login', () => {
  it('signs in (email case-insensitive) with a real HS256 JWT', async () => {
    const user = await signUp(api);
    const response = await call(api, 'POST', '/auth/login', { json: { email: user.email.toUpperCase(), password: user.password } });
    expect(response.status).toBe(200);
    expect(Object.keys(response.body)).toEqual(['access_token', 'refresh_token', 'user_id', 'request_id']);
    const { header, claims } = decodeJwt(response.body.access_token);
    expect(header).toEqual({ alg: 'HS256', typ: 'JWT' });
    expect(claims).toMatchObject({ sub: user.userId, email: user.email, role: 'authenticated', aud: 'authenticated' });
    expect(claims.session_id).toMatch(/^[0-9a-f-]{36}$/);
    expect((claims.exp as number) - (claims.iat as number)).toBe(3600);
  });

  it('every failure is 401 invalid_credentials', async () => {
    const user = await signUp(api);
    for (const json of [
      { email: user.email, password: 'wrong-password' },
      { email: uniqueEmail(), password: 'whatever-123' },
      { email: '', password: '' },
    ]) {
      const response = await call(api, 'POST', '/auth/login', { json });
      expect(response.status).toBe(401);
      expect(envelopeOf(response)).toEqual({ code: 'invalid_credentials', message: 'Invalid email or password.', status: 401 });
    }
    const missing = await call(api, 'POST', '/auth/login', { json: { email: user.email } });
    expect(envelopeOf(missing).message).toBe('body.password: Field required');
  });
});

describe('access tokens on account endpoints', () => {
  let user: TestUser;
  beforeAll(async () => {
    user = await signUp(api);
  });

  it('missing or malformed Bearer header → 401 Missing Bearer token', async () => {
    for (const authorization of [undefined, 'bearer abc', 'Bearer', 'Token abc']) {
      const response = await call(api, 'GET', '/keys', authorization ? { headers: { authorization } } : {});
      expect(response.status).toBe(401);
      expect(envelopeOf(response)).toEqual({ code: 'invalid_api_key', message: 'Missing Bearer token', status: 401 });
    }
  });

  it('an API key instead of a token → 401 invalid_auth_method', async () => {
    const response = await call(api, 'GET', '/billing/status', { token: 'kb-abc' });
    expect(envelopeOf(response)).toEqual({
      code: 'invalid_auth_method',
      message:
        'Key management endpoints require a Supabase access token, not an API key. Use POST /auth/login to get an access token.',
      status: 401,
    });
  });

  it('garbage, a forged signature, or a token with spaces → 401 Invalid or expired access token', async () => {
    const [head, body] = user.accessToken.split('.');
    for (const token of ['garbage', `${head}.${body}.c2lnbmF0dXJl`, 'two words']) {
      const response = await call(api, 'GET', '/keys', { headers: { authorization: `Bearer ${token}` } });
      expect(response.status).toBe(401);
      expect(envelopeOf(response)).toEqual({ code: 'invalid_api_key', message: 'Invalid or expired access token', status: 401 });
    }
  });

  it('an expired token → 401 Invalid or expired access token', async () => {
    api.setTokenTtl(0); // tokens issued now are already expired
    try {
      const login = await call(api, 'POST', '/auth/login', { json: { email: user.email, password: user.password } });
      const response = await call(api, 'GET', '/keys', { token: login.body.access_token });
      expect(response.status).toBe(401);
      expect(envelopeOf(response).message).toBe('Invalid or expired access token');
      const goTrue = await auth(api, 'GET', '/user', { token: login.body.access_token });
      expect(goTrue.status).toBe(403);
      expect(goTrue.body).toEqual({
        code: 403,
        error_code: 'bad_jwt',
        msg: 'invalid JWT: unable to parse or verify signature, token has invalid claims: token is expired',
      });
    } finally {
      api.setTokenTtl(3600);
    }
  });

  it('POST /__admin/token-ttl changes the lifetime of new tokens', async () => {
    await admin(api, '/token-ttl', { seconds: 120 });
    try {
      const login = await call(api, 'POST', '/auth/login', { json: { email: user.email, password: user.password } });
      const { claims } = decodeJwt(login.body.access_token);
      expect((claims.exp as number) - (claims.iat as number)).toBe(120);
    } finally {
      await admin(api, '/token-ttl', { seconds: 3600 });
    }
  });
});

describe('GoTrue at /auth/v1', () => {
  it('requires the anon key as apikey (header or query)', async () => {
    const body = { json: { refresh_token: 'abcdefabcdef' } };
    const missing = await call(api, 'POST', '/auth/v1/token?grant_type=refresh_token', body);
    expect(missing.status).toBe(401);
    expect(missing.body.message).toBe('No API key found in request');
    const wrong = await call(api, 'POST', '/auth/v1/token?grant_type=refresh_token', { ...body, headers: { apikey: 'nope' } });
    expect(wrong.status).toBe(401);
    expect(wrong.body.message).toBe('Invalid API key');
    expect(wrong.headers.get('access-control-allow-origin')).toBe('*');
    const query = await call(api, 'POST', `/auth/v1/token?grant_type=refresh_token&apikey=${api.anonKey}`, body);
    expect(query.status).toBe(400);
  });

  it('answers CORS preflights without the apikey', async () => {
    const response = await call(api, 'OPTIONS', '/auth/v1/token?grant_type=refresh_token', {
      headers: { 'access-control-request-method': 'POST', 'access-control-request-headers': 'apikey,content-type' },
    });
    expect(response.status).toBe(200);
    expect(response.headers.get('access-control-allow-origin')).toBe('*');
    expect(response.headers.get('access-control-allow-headers')).toBe('apikey,content-type');
  });

  it('password grant returns a full session', async () => {
    const user = await signUp(api);
    const response = await auth(api, 'POST', '/token?grant_type=password', { json: { email: user.email, password: user.password } });
    expect(response.status).toBe(200);
    expect(response.body).toMatchObject({ token_type: 'bearer', expires_in: 3600, user: { id: user.userId, email: user.email } });
    expect(response.body.expires_at).toBe(decodeJwt(response.body.access_token).claims.exp);
    const wrong = await auth(api, 'POST', '/token?grant_type=password', { json: { email: user.email, password: 'nope-nope' } });
    expect(wrong.status).toBe(400);
    expect(wrong.body).toEqual({ code: 400, error_code: 'invalid_credentials', msg: 'Invalid login credentials' });
  });

  it('refresh rotates the refresh token; the new pair works', async () => {
    const user = await signUp(api);
    const first = await refresh(user.refreshToken);
    expect(first.status).toBe(200);
    expect(Object.keys(first.body)).toEqual(['access_token', 'token_type', 'expires_in', 'expires_at', 'refresh_token', 'user']);
    expect(first.body.refresh_token).not.toBe(user.refreshToken);
    expect(first.body.user).toMatchObject({ id: user.userId, email: user.email });
    expect(decodeJwt(first.body.access_token).claims.session_id).toBe(decodeJwt(user.accessToken).claims.session_id);
    const keys = await call(api, 'GET', '/keys', { token: first.body.access_token });
    expect(keys.status).toBe(200);
    const second = await refresh(first.body.refresh_token);
    expect(second.status).toBe(200);
  });

  it('a rotated token still works within the reuse interval (same new refresh token), then fails', async () => {
    const user = await signUp(api);
    const first = await refresh(user.refreshToken);
    const reused = await refresh(user.refreshToken);
    expect(reused.status).toBe(200);
    expect(reused.body.refresh_token).toBe(first.body.refresh_token);
    await admin(api, '/refresh-reuse-interval', { seconds: 0 });
    try {
      const late = await refresh(user.refreshToken);
      expect(late.status).toBe(400);
      expect(late.body).toEqual({ code: 400, error_code: 'refresh_token_already_used', msg: 'Invalid Refresh Token: Already Used' });
      expect(late.headers.get('x-sb-error-code')).toBe('refresh_token_already_used');
      // The current token of the session is unaffected.
      expect((await refresh(first.body.refresh_token)).status).toBe(200);
    } finally {
      await admin(api, '/refresh-reuse-interval', { seconds: 10 });
    }
  });

  it('concurrent refreshes with one token all succeed with the same successor', async () => {
    const user = await signUp(api);
    const results = await Promise.all([1, 2, 3, 4].map(() => refresh(user.refreshToken)));
    expect(results.map((r) => r.status)).toEqual([200, 200, 200, 200]);
    expect(new Set(results.map((r) => r.body.refresh_token)).size).toBe(1);
  });

  it('unknown and malformed refresh tokens', async () => {
    expect((await refresh('zzzzzzzzzzzz')).body).toEqual({
      code: 400,
      error_code: 'refresh_token_not_found',
      msg: 'Invalid Refresh Token: Refresh Token Not Found',
    });
    expect((await refresh('not a token')).body).toEqual({ code: 400, error_code: 'validation_failed', msg: 'Refresh token is not valid' });
  });

  it('clients sending X-Supabase-Api-Version get the newer error shape', async () => {
    const response = await refresh('zzzzzzzzzzzz', { 'x-supabase-api-version': '2024-01-01' });
    expect(response.status).toBe(400);
    expect(response.body).toEqual({ code: 'refresh_token_not_found', message: 'Invalid Refresh Token: Refresh Token Not Found' });
  });

  it('GET /user returns the user; without a token 401', async () => {
    const user = await signUp(api);
    const me = await auth(api, 'GET', '/user', { token: user.accessToken });
    expect(me.status).toBe(200);
    expect(me.body).toMatchObject({ id: user.userId, email: user.email, aud: 'authenticated', role: 'authenticated' });
    const anonymous = await auth(api, 'GET', '/user');
    expect(anonymous.status).toBe(401);
    expect(anonymous.body.error_code).toBe('no_authorization');
  });

  it('POST /signup creates a signed-in user (GoTrue rules: 6+ characters) without provisioning', async () => {
    const email = uniqueEmail();
    const response = await auth(api, 'POST', '/signup', { json: { email, password: 'sixsix' } });
    expect(response.status).toBe(200);
    expect(response.body.user.email).toBe(email);
    const keys = await call(api, 'GET', '/keys', { token: response.body.access_token });
    expect(keys.body.data).toEqual([]);
    const weak = await auth(api, 'POST', '/signup', { json: { email: uniqueEmail(), password: 'five5' } });
    expect(weak.status).toBe(422);
    expect(weak.body).toMatchObject({ error_code: 'weak_password', msg: 'Password should be at least 6 characters.' });
    const again = await auth(api, 'POST', '/signup', { json: { email, password: 'sixsix' } });
    expect(again.status).toBe(422);
    expect(again.body).toEqual({ code: 422, error_code: 'user_already_exists', msg: 'User already registered' });
  });

  it('logout (global by default) ends every session of the user', async () => {
    const user = await signUp(api);
    const other = await call(api, 'POST', '/auth/login', { json: { email: user.email, password: user.password } });
    const out = await auth(api, 'POST', '/logout', { token: user.accessToken });
    expect(out.status).toBe(204);
    for (const token of [user.accessToken, other.body.access_token]) {
      const keys = await call(api, 'GET', '/keys', { token });
      expect(keys.status).toBe(401);
      expect(envelopeOf(keys).message).toBe('Invalid or expired access token');
      const me = await auth(api, 'GET', '/user', { token });
      expect(me.status).toBe(403);
      expect(me.body.error_code).toBe('session_not_found');
    }
    for (const token of [user.refreshToken, other.body.refresh_token]) {
      expect((await refresh(token)).body.error_code).toBe('refresh_token_not_found');
    }
  });

  it('logout with scope=local ends only that session', async () => {
    const user = await signUp(api);
    const other = await call(api, 'POST', '/auth/login', { json: { email: user.email, password: user.password } });
    expect((await auth(api, 'POST', '/logout?scope=local', { token: other.body.access_token })).status).toBe(204);
    expect((await call(api, 'GET', '/keys', { token: other.body.access_token })).status).toBe(401);
    expect((await call(api, 'GET', '/keys', { token: user.accessToken })).status).toBe(200);
  });

  it('POST /__admin/revoke-sessions signs a user out everywhere (like the dashboard)', async () => {
    const user = await signUp(api);
    const response = await admin(api, '/revoke-sessions', { email: user.email });
    expect(response.body).toEqual({ email: user.email, revoked_sessions: 1 });
    expect((await call(api, 'GET', '/keys', { token: user.accessToken })).status).toBe(401);
    expect((await refresh(user.refreshToken)).status).toBe(400);
  });
});

describe('other paths under /auth/v1', () => {
  it('stay with the auth server (chi defaults): 404 text or 405', async () => {
    const unknown = await auth(api, 'GET', '/nope');
    expect(unknown.status).toBe(404);
    expect(unknown.text).toBe('404 page not found\n');
    expect((await auth(api, 'GET', '/token')).status).toBe(405);
  });
});
