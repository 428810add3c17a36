/**
 * Sessions on the backend: its /auth/signup and /auth/login (contract §5.1, §5.2) and how account
 * endpoints check access tokens (§3.2). The GoTrue routes a client uses directly are
 * gotrue.test.ts.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { LocalApi } from '../../local-api/server';
import { admin, auth, call, decodeJwt, envelopeOf, signUp, startTestApi, uniqueEmail, type TestUser } from './helpers';

let api: LocalApi;

beforeAll(async () => {
  api = await startTestApi();
});
afterAll(() => api.close());

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
