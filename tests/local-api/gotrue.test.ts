/**
 * Sessions at GoTrue (/auth/v1), the routes a client uses directly: the apikey and CORS, the
 * password grant, refresh with rotation and reuse interval, /user, /signup, logout and the admin
 * revoke (contract §3.4), and the auth server's own 404/405. The backend's /auth routes and access
 * token checks are auth.test.ts.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { LocalApi } from '../../local-api/server';
import { admin, auth, call, decodeJwt, envelopeOf, signUp, startTestApi, uniqueEmail } from './helpers';

let api: LocalApi;

beforeAll(async () => {
  api = await startTestApi();
});
afterAll(() => api.close());

const refresh = (refreshToken: string, headers: Record<string, string> = {}) =>
  auth(api, 'POST', '/token?grant_type=refresh_token', { json: { refresh_token: refreshToken }, headers });

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
