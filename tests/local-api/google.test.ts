/**
 * "Continue with Google" on the local API: GoTrue's /authorize → the stand-in account chooser →
 * /callback → redirect_to?code=…, and POST /token?grant_type=pkce with GoTrue's rules and errors
 * (supabase/auth: external.go, pkce.go, token.go, utilities/request.go), and GET /settings. The
 * redirect_to allow list is google-redirect.test.ts; the shared steps google-helpers.ts.
 */
import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { api, authorize, authorizePath, CHALLENGE, choose, CHROME_REDIRECT, exchange, googleCode, VERIFIER, withGoogleApi } from './google-helpers';
import { admin, auth, call, decodeJwt, signUp, uniqueEmail } from './helpers';

withGoogleApi();

describe('GET /authorize and the account chooser', () => {
  it('needs no apikey (a browser navigates to it) and sends the browser to the chooser', async () => {
    const state = await authorize(api, { redirect_to: CHROME_REDIRECT, code_challenge: CHALLENGE, code_challenge_method: 's256' });
    expect(state).toMatch(/^[0-9a-f-]{36}$/);
    const chooser = await call(api, 'GET', `/auth/v1/local-google/chooser?state=${state}`, { origin: false });
    expect(chooser.status).toBe(200);
    expect(chooser.text).toContain('<label for="email" style="font-weight:600">Email</label>');
    expect(chooser.text).toMatch(/name="email" type="email" value="demo\.kalshibook@gmail\.com"/);
    expect(chooser.text).toContain('>Continue</button>');
    expect(chooser.text).toContain('>Cancel</button>');
  });

  it('"Continue" creates the Google user and redirects to redirect_to?code=…; the code buys a session', async () => {
    const email = uniqueEmail();
    const code = await googleCode(email);
    expect(code).toMatch(/^[0-9a-f-]{36}$/);
    const res = await exchange(code);
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ token_type: 'bearer', expires_in: 3600, user: { email, app_metadata: { provider: 'google', providers: ['google'] } } });
    expect(res.body.refresh_token).toMatch(/^[a-z0-9]{12}$/);
    expect(decodeJwt(res.body.access_token).claims).toMatchObject({ sub: res.body.user.id, email, amr: [{ method: 'oauth' }] });
    // The session works on the backend and refreshes like any other.
    expect((await call(api, 'GET', '/keys', { token: res.body.access_token })).status).toBe(200);
    const refreshed = await auth(api, 'POST', '/token?grant_type=refresh_token', { json: { refresh_token: res.body.refresh_token } });
    expect(refreshed.status).toBe(200);
    expect(refreshed.body.user.id).toBe(res.body.user.id);
  });

  it('a Google user has no key and no password: the backend creates nothing, a password login fails as GoTrue’s does', async () => {
    const email = uniqueEmail();
    const session = (await exchange(await googleCode(email))).body;
    expect((await call(api, 'GET', '/keys', { token: session.access_token })).body.data).toEqual([]);
    const gotrue = await auth(api, 'POST', '/token?grant_type=password', { json: { email, password: 'anything-at-all' } });
    expect(gotrue.status).toBe(400);
    expect(gotrue.body).toEqual({ code: 400, error_code: 'invalid_credentials', msg: 'Invalid login credentials' });
    const backend = await call(api, 'POST', '/auth/login', { json: { email, password: 'anything-at-all' } });
    expect(backend.status).toBe(401);
    expect(backend.body.error).toEqual({ code: 'invalid_credentials', message: 'Invalid email or password.', status: 401 });
  });

  it('Google with the email of a password account signs into that account (identities linked); the password still works', async () => {
    const user = await signUp(api);
    const session = (await exchange(await googleCode(user.email.toUpperCase()))).body;
    expect(session.user.id).toBe(user.userId);
    expect(session.user.app_metadata.providers).toEqual(['email', 'google']);
    expect((await call(api, 'GET', '/keys', { token: session.access_token })).body.data).toHaveLength(1);
    expect((await call(api, 'POST', '/auth/login', { json: { email: user.email, password: user.password } })).status).toBe(200);
    // Signing in with Google again changes nothing.
    expect((await exchange(await googleCode(user.email))).body.user.app_metadata.providers).toEqual(['email', 'google']);
  });

  it('"Cancel" redirects with error=access_denied and an error_description, in the query and the fragment', async () => {
    const state = await authorize(api, { redirect_to: CHROME_REDIRECT, code_challenge: CHALLENGE, code_challenge_method: 's256' });
    const back = await choose(api, state, 'cancel');
    expect(`${back.origin}${back.pathname}`).toBe(CHROME_REDIRECT);
    expect(back.searchParams.get('error')).toBe('access_denied');
    expect(back.searchParams.get('error_description')).toBe('The user canceled the sign-in with Google.');
    expect(back.searchParams.get('code')).toBeNull();
    const fragment = new URLSearchParams(back.hash.slice(1));
    expect(fragment.get('error')).toBe('access_denied');
    expect(fragment.get('error_description')).toBe('The user canceled the sign-in with Google.');
    expect(fragment.has('sb')).toBe(true);
  });

  it('the chooser refuses an invalid email and keeps the flow open', async () => {
    const state = await authorize(api, { redirect_to: CHROME_REDIRECT, code_challenge: CHALLENGE, code_challenge_method: 's256' });
    const res = await call(api, 'POST', '/auth/v1/local-google/chooser', {
      origin: false,
      body: new URLSearchParams({ state, email: 'not an email', choice: 'continue' }).toString(),
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
    });
    expect(res.status).toBe(400);
    expect(res.text).toContain('Enter a valid email address.');
    expect((await choose(api, state, 'continue')).searchParams.get('code')).toMatch(/^[0-9a-f-]{36}$/);
  });

  it('a state is used once: the chooser says the sign-in has ended, the callback answers flow_state_already_used', async () => {
    const state = await authorize(api, { redirect_to: CHROME_REDIRECT, code_challenge: CHALLENGE, code_challenge_method: 's256' });
    await choose(api, state, 'continue');
    const again = await call(api, 'GET', `/auth/v1/local-google/chooser?state=${state}`, { origin: false });
    expect(again.status).toBe(400);
    expect(again.text).toContain('This sign-in has ended');
    const callback = await call(api, 'GET', `/auth/v1/callback?state=${state}&code=whatever`, { origin: false });
    expect(callback.status).toBe(400);
    expect(callback.body).toEqual({ code: 400, error_code: 'flow_state_already_used', msg: 'State has already been used' });
    const unknown = await call(api, 'GET', '/auth/v1/callback?state=not-a-uuid', { origin: false });
    expect(unknown.body).toEqual({ code: 400, error_code: 'bad_oauth_state', msg: 'OAuth state parameter is invalid' });
  });

  it('a callback code the provider did not issue ends in an error redirect, not a session', async () => {
    const state = await authorize(api, { redirect_to: CHROME_REDIRECT, code_challenge: CHALLENGE, code_challenge_method: 's256' });
    const res = await call(api, 'GET', `/auth/v1/callback?state=${state}&code=forged`, { origin: false });
    const back = new URL(res.headers.get('location') as string);
    expect(back.searchParams.get('error')).toBe('server_error');
    expect(back.searchParams.get('code')).toBeNull();
  });

  it('validates the provider and the PKCE parameters like GoTrue (400 validation_failed)', async () => {
    const cases: [Record<string, string>, string][] = [
      [{ provider: 'github' }, 'Unsupported provider: Provider github could not be found'],
      [{ code_challenge: CHALLENGE }, 'PKCE flow requires code_challenge_method and code_challenge'],
      [{ code_challenge_method: 's256' }, 'PKCE flow requires code_challenge_method and code_challenge'],
      [{ code_challenge: 'a'.repeat(42), code_challenge_method: 's256' }, 'code challenge has to be between 43 and 128 characters'],
      [{ code_challenge: 'a'.repeat(129), code_challenge_method: 's256' }, 'code challenge has to be between 43 and 128 characters'],
      [{ code_challenge: `${'a'.repeat(42)}+`, code_challenge_method: 's256' }, 'code challenge can only contain alphanumeric characters, hyphens, periods, underscores and tildes'],
      [{ code_challenge: CHALLENGE, code_challenge_method: 'md5' }, 'Invalid code_challenge_method'],
    ];
    for (const [params, msg] of cases) {
      const res = await call(api, 'GET', authorizePath({ redirect_to: CHROME_REDIRECT, ...params }), { origin: false });
      expect(res.status, msg).toBe(400);
      expect(res.body).toEqual({ code: 400, error_code: 'validation_failed', msg });
    }
  });

  it('accepts the plain method, case-insensitively (S256 too)', async () => {
    const plain = await authorize(api, { redirect_to: CHROME_REDIRECT, code_challenge: VERIFIER, code_challenge_method: 'plain' });
    const code = (await choose(api, plain, 'continue')).searchParams.get('code') as string;
    expect((await exchange(code, VERIFIER)).status).toBe(200);
    const upper = await authorize(api, { redirect_to: CHROME_REDIRECT, code_challenge: CHALLENGE, code_challenge_method: 'S256' });
    expect((await exchange((await choose(api, upper, 'continue')).searchParams.get('code') as string)).status).toBe(200);
  });

  it('without PKCE parameters it is the implicit flow: the session comes in the fragment', async () => {
    const state = await authorize(api, { redirect_to: CHROME_REDIRECT });
    const back = await choose(api, state, 'continue');
    const fragment = new URLSearchParams(back.hash.slice(1));
    expect(back.searchParams.get('code')).toBeNull();
    expect(fragment.get('token_type')).toBe('bearer');
    expect((await call(api, 'GET', '/keys', { token: fragment.get('access_token') as string })).status).toBe(200);
  });
});

describe('POST /token?grant_type=pkce', () => {
  it('needs the apikey, like every GoTrue route behind the gateway', async () => {
    const res = await call(api, 'POST', '/auth/v1/token?grant_type=pkce', { json: { auth_code: 'x', code_verifier: VERIFIER } });
    expect(res.status).toBe(401);
    expect(res.body.message).toBe('No API key found in request');
  });

  it('400 validation_failed when the code or the verifier is empty', async () => {
    for (const body of [{ auth_code: '', code_verifier: VERIFIER }, { auth_code: 'x' }]) {
      const res = await auth(api, 'POST', '/token?grant_type=pkce', { json: body });
      expect(res.status).toBe(400);
      expect(res.body).toEqual({ code: 400, error_code: 'validation_failed', msg: 'invalid request: both auth code and code verifier should be non-empty' });
    }
  });

  it('404 flow_state_not_found for an unknown code', async () => {
    const res = await exchange('00000000-0000-4000-8000-000000000000');
    expect(res.status).toBe(404);
    expect(res.body).toEqual({ code: 404, error_code: 'flow_state_not_found', msg: 'invalid flow state, no valid flow state found' });
  });

  it('a code works once: the second exchange is 404 flow_state_not_found', async () => {
    const code = await googleCode();
    expect((await exchange(code)).status).toBe(200);
    const again = await exchange(code);
    expect(again.status).toBe(404);
    expect(again.body.error_code).toBe('flow_state_not_found');
  });

  it('400 bad_code_verifier for the wrong verifier; the code still works with the right one', async () => {
    const code = await googleCode();
    const wrong = await exchange(code, `${VERIFIER.slice(0, -1)}x`);
    expect(wrong.status).toBe(400);
    expect(wrong.body).toEqual({ code: 400, error_code: 'bad_code_verifier', msg: 'code challenge does not match previously saved code verifier' });
    expect(createHash('sha256').update(VERIFIER).digest('base64url')).toBe(CHALLENGE);
    expect((await exchange(code)).status).toBe(200);
  });

  it('422 flow_state_expired once the flow is older than 300 seconds (not before)', async () => {
    const code = await googleCode();
    await admin(api, '/age-flow-states', { seconds: 290 });
    const fresh = await googleCode();
    await admin(api, '/age-flow-states', { seconds: 11 });
    const res = await exchange(code);
    expect(res.status).toBe(422);
    expect(res.body).toEqual({ code: 422, error_code: 'flow_state_expired', msg: 'invalid flow state, flow state has expired' });
    expect((await exchange(fresh)).status).toBe(200);
  });

  it('modern clients (X-Supabase-Api-Version) get {code, message}', async () => {
    const res = await auth(api, 'POST', '/token?grant_type=pkce', {
      json: { auth_code: '00000000-0000-4000-8000-000000000000', code_verifier: VERIFIER },
      headers: { 'x-supabase-api-version': '2024-01-01' },
    });
    expect(res.body).toEqual({ code: 'flow_state_not_found', message: 'invalid flow state, no valid flow state found' });
  });
});

describe('GET /settings', () => {
  it('says Google (and email) sign-in are enabled, behind the apikey', async () => {
    const res = await auth(api, 'GET', '/settings');
    expect(res.status).toBe(200);
    expect(res.body.external).toMatchObject({ google: true, email: true, github: false, phone: false });
    expect(res.body.disable_signup).toBe(false);
    expect((await call(api, 'GET', '/auth/v1/settings')).status).toBe(401);
  });
});
