/**
 * What the "Continue with Google" tests share (google.test.ts, google-redirect.test.ts): the
 * extension redirect URLs, RFC 7636's verifier and challenge, one local API per test file (a live
 * binding, started before all tests), and the browser's steps: /authorize → the chooser →
 * /callback → the redirect, and the PKCE exchange.
 */
import { afterAll, beforeAll, expect } from 'vitest';
import type { LocalApi } from '../../local-api/server';
import { auth, call, startTestApi, uniqueEmail } from './helpers';

export const CHROME_REDIRECT = 'https://abcdefghijklmnopabcdefghijklmnop.chromiumapp.org/';
export const FIREFOX_REDIRECT = 'https://2b7c5a3fd8c1e6f4a9b0d2c3e4f5a6b7c8d9e0f1.extensions.allizom.org/';
export const VERIFIER = 'dBjftJeZ4CVP-mB92K27uhbUJU1p1r_wW1gFWFOEjXk';
export const CHALLENGE = 'E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM';

export let api: LocalApi;

/** Starts the file's local API (no demo seed) before all its tests, closes it after. */
export function withGoogleApi(): void {
  beforeAll(async () => {
    api = await startTestApi({ seedDemo: false });
  });
  afterAll(() => api.close());
}

export const authorizePath = (params: Record<string, string>) => `/auth/v1/authorize?${new URLSearchParams({ provider: 'google', ...params })}`;

/** GET /authorize (as a browser: no apikey) and follow it to the chooser's state. */
export async function authorize(target: LocalApi, params: Record<string, string>): Promise<string> {
  const res = await call(target, 'GET', authorizePath(params), { origin: false });
  expect(res.status).toBe(302);
  const location = new URL(res.headers.get('location') as string, target.url);
  expect(location.pathname).toBe('/auth/v1/local-google/chooser');
  return location.searchParams.get('state') as string;
}

/** The chooser's form posted with `choice`, then the callback followed: where GoTrue sends the browser. */
export async function choose(target: LocalApi, state: string, choice: 'continue' | 'cancel', email = uniqueEmail()): Promise<URL> {
  const posted = await call(target, 'POST', '/auth/v1/local-google/chooser', {
    origin: false,
    body: new URLSearchParams({ state, email, choice }).toString(),
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
  });
  expect(posted.status).toBe(302);
  const callback = new URL(posted.headers.get('location') as string, target.url);
  expect(callback.pathname).toBe('/auth/v1/callback');
  const res = await call(target, 'GET', `${callback.pathname}${callback.search}`, { origin: false });
  expect(res.status).toBe(302);
  return new URL(res.headers.get('location') as string);
}

/** A whole sign-in up to the redirect with the code. */
export async function googleCode(email = uniqueEmail(), redirectTo = CHROME_REDIRECT, target = api): Promise<string> {
  const state = await authorize(target, { redirect_to: redirectTo, code_challenge: CHALLENGE, code_challenge_method: 's256' });
  const back = await choose(target, state, 'continue', email);
  expect(`${back.origin}${back.pathname}`).toBe(redirectTo);
  return back.searchParams.get('code') as string;
}

export const exchange = (authCode: string, codeVerifier = VERIFIER, target = api) =>
  auth(target, 'POST', '/token?grant_type=pkce', { json: { auth_code: authCode, code_verifier: codeVerifier } });

/** Where a sign-in that asked for `redirectTo` ends up. */
export async function landing(redirectTo: string, target = api): Promise<string> {
  const state = await authorize(target, { redirect_to: redirectTo, code_challenge: CHALLENGE, code_challenge_method: 's256' });
  const back = await choose(target, state, 'continue');
  back.searchParams.delete('code');
  return back.toString();
}
