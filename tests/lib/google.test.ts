// "Continue with Google" in the background: the code exchange and its errors, single flight, the
// provider check, the first key, and the session it leaves behind, through the real
// BackgroundService on the fake server. PKCE, the authorize URL and redirect parsing are
// google-redirect.test.ts.
import { beforeEach, describe, expect, it, vi } from 'vitest';
import { fakeBrowser } from 'wxt/testing/fake-browser';
import { INVALID_RESPONSE_MESSAGE } from '@/lib/api/errors';
import { GOOGLE_CANCELED } from '@/lib/auth/google-redirect';
import type { IdentityApi } from '@/lib/background/google';
import { BackgroundService } from '@/lib/background/service';
import { s256Challenge } from '@/lib/session/pkce';
import { defaultSettings } from '@/lib/settings';
import { settingsItem } from '@/lib/storage';
import { ANON, AUTH, createFakeServer, reply, type FakeServer } from '../helpers/fake-server';

const REDIRECT = 'https://abcdefghijklmnopabcdefghijklmnop.chromiumapp.org/';
const GOOGLE_USER = { id: 'user-1', email: 'ada@gmail.com' };

type Launch = (url: URL) => Promise<string> | string;

interface Harness {
  bg: BackgroundService;
  api: FakeServer;
  launches: URL[];
  /** How the user answers the Google window (default: picks their account). */
  setUser(launch: Launch): void;
}

function harness(): Harness {
  const api = createFakeServer();
  const launches: URL[] = [];
  let answer: Launch = (url) => `${REDIRECT}?code=${api.googleCode(url.searchParams.get('code_challenge') as string, GOOGLE_USER)}`;
  const identity: IdentityApi = {
    getRedirectURL: () => REDIRECT,
    launchWebAuthFlow: async ({ url, interactive }) => {
      expect(interactive).toBe(true);
      const parsed = new URL(url);
      launches.push(parsed);
      return answer(parsed);
    },
  };
  const bg = new BackgroundService({ fetch: api.fetch, identity: () => identity });
  return { bg, api, launches, setUser: (launch) => (answer = launch) };
}

async function configure(overrides: Partial<ReturnType<typeof defaultSettings>> = {}) {
  await settingsItem.setValue({ ...defaultSettings({}), apiBaseUrl: 'https://api.test', authUrl: AUTH, anonKey: ANON, ...overrides });
}

const everything = async () => JSON.stringify([await fakeBrowser.storage.local.get(null), await fakeBrowser.storage.session.get(null)]);

describe('signInWithGoogle', () => {
  let h: Harness;
  beforeEach(async () => {
    fakeBrowser.reset();
    h = harness();
    await configure();
  });

  it('launches GoTrue’s authorize URL, exchanges the code with the verifier, and signs in', async () => {
    const result = await h.bg.signInWithGoogle();
    expect(result).toEqual({ outcome: 'signedIn', session: { signedIn: true, email: 'ada@gmail.com', userId: 'user-1', reason: null } });
    const [launch] = h.launches;
    expect(launch!.origin + launch!.pathname).toBe(`${AUTH}/auth/v1/authorize`);
    expect(Object.fromEntries(launch!.searchParams)).toMatchObject({ provider: 'google', redirect_to: REDIRECT, code_challenge_method: 's256' });
    const exchange = h.api.requests('POST /auth/v1/token')[0]!;
    expect(exchange.path).toBe('/auth/v1/token?grant_type=pkce');
    expect(exchange.headers.apikey).toBe(ANON);
    expect(exchange.headers['content-type']).toBe('application/json');
    const body = exchange.json as { auth_code: string; code_verifier: string };
    expect(Object.keys(body)).toEqual(['auth_code', 'code_verifier']);
    expect(await s256Challenge(body.code_verifier)).toBe(launch!.searchParams.get('code_challenge'));
    // The verifier lives only in the flow; the access token only in storage.session.
    const stored = await everything();
    expect(stored).not.toContain(body.code_verifier);
    expect(JSON.stringify(await fakeBrowser.storage.local.get(null))).not.toContain('eyJ');
    expect(JSON.stringify(await fakeBrowser.storage.session.get(null))).toContain('eyJ');
    expect((await h.bg.getSession()).email).toBe('ada@gmail.com');
  });

  it('a Google account without keys gets one "default" Development key and one notice, for one page', async () => {
    await h.bg.signInWithGoogle();
    expect(h.api.requests('POST /keys').map((c) => c.json)).toEqual([{ name: 'default', key_type: 'dev' }]);
    expect((await h.bg.listKeys()).map((k) => [k.name, k.key_type])).toEqual([['default', 'dev']]);
    const takes = await Promise.all([h.bg.takeFirstKeyNotice(), h.bg.takeFirstKeyNotice(), h.bg.takeFirstKeyNotice()]);
    expect(takes.filter(Boolean)).toEqual([{ keyName: 'default' }]);
    // The next Google sign-in finds the key: no second one, no second notice.
    await h.bg.signInWithGoogle();
    expect(h.api.requests('POST /keys')).toHaveLength(1);
    expect(await h.bg.takeFirstKeyNotice()).toBeNull();
    // The raw key was never stored.
    const created = [...h.api.keys.values()][0]!;
    expect(await everything()).not.toContain(created.key);
  });

  it('an account that has keys (e.g. a password account Google was linked to) gets none', async () => {
    h.api.addKey('production', 'prod');
    await h.bg.signInWithGoogle();
    expect(h.api.requests('POST /keys')).toHaveLength(0);
    expect(await h.bg.takeFirstKeyNotice()).toBeNull();
  });

  it('two clicks make one flow: both get its result; a click after it starts a new one', async () => {
    let finish!: (url: string) => void;
    h.setUser((url) => new Promise<string>((resolve) => (finish = (u) => resolve(u + h.api.googleCode(url.searchParams.get('code_challenge') as string, GOOGLE_USER)))));
    const first = h.bg.signInWithGoogle();
    const second = h.bg.signInWithGoogle();
    await vi.waitFor(() => expect(h.launches).toHaveLength(1));
    finish(`${REDIRECT}?code=`);
    const [a, b] = await Promise.all([first, second]);
    expect(a).toEqual(b);
    expect(h.launches).toHaveLength(1);
    expect(h.api.requests('POST /auth/v1/token')).toHaveLength(1);
    expect(h.api.requests('POST /keys')).toHaveLength(1);
    h.setUser(() => Promise.reject(new Error('The user did not approve access.')));
    expect(await h.bg.signInWithGoogle()).toEqual({ outcome: 'canceled', message: GOOGLE_CANCELED });
    expect(h.launches).toHaveLength(2);
  });

  it.each([
    ['Chrome: the window closed', () => Promise.reject(new Error('The user did not approve access.'))],
    ['Firefox: the window closed', () => Promise.reject(new Error('User cancelled or denied access.'))],
    ['"Cancel" in the chooser', () => `${REDIRECT}?error=access_denied&error_description=The+user+canceled.#error=access_denied&sb=`],
  ])('%s → "Google sign-in was canceled.", quietly, and nothing changes', async (_name, launch) => {
    h.setUser(launch);
    expect(await h.bg.signInWithGoogle()).toEqual({ outcome: 'canceled', message: 'Google sign-in was canceled.' });
    expect(h.api.requests('POST /auth/v1/token')).toHaveLength(0);
    expect((await h.bg.getSession()).signedIn).toBe(false);
  });

  it.each([
    ['an error redirect', () => `${REDIRECT}?error=server_error&error_description=Error+getting+user+email+from+external+provider`, 'Error getting user email from external provider'],
    ['no code at all', () => REDIRECT, 'Google sign-in did not return to the extension with a sign-in code. Try again.'],
    ['the auth server unreachable (Chrome)', () => Promise.reject(new Error('Authorization page could not be loaded.')), "Can't open Google sign-in at auth.test. Check your connection and the Auth URL in Settings."],
    ['another launch failure', () => Promise.reject(new Error('Interactive login is not supported')), 'Google sign-in failed: Interactive login is not supported'],
  ])('%s → its message, signed out', async (_name, launch, message) => {
    h.setUser(launch);
    await expect(h.bg.signInWithGoogle()).rejects.toMatchObject({ message });
    expect((await h.bg.getSession()).signedIn).toBe(false);
  });

  it.each([
    ['flow_state_not_found (404)', reply.json(404, { code: 404, error_code: 'flow_state_not_found', msg: 'invalid flow state, no valid flow state found' }), 'This Google sign-in has already been used or has expired. Try again.'],
    ['flow_state_expired (422)', reply.json(422, { code: 422, error_code: 'flow_state_expired', msg: 'invalid flow state, flow state has expired' }), 'Google sign-in took too long (more than 5 minutes). Try again.'],
    ['bad_code_verifier (400)', reply.json(400, { code: 400, error_code: 'bad_code_verifier', msg: 'code challenge does not match previously saved code verifier' }), 'Google sign-in could not be verified. Try again.'],
    ['another GoTrue error: its message', reply.json(400, { code: 400, error_code: 'validation_failed', msg: 'invalid request: both auth code and code verifier should be non-empty' }), 'invalid request: both auth code and code verifier should be non-empty'],
    ['a wrong anon key (the gateway)', reply.json(401, { message: 'Invalid API key', hint: 'Double check your Supabase `anon` or `service_role` API key.' }), 'Invalid API key'],
    ['an HTML error page', reply.html(502), 'KalshiBook is having trouble right now (HTTP 502). Try again in a moment.'],
    ['a session without a user', reply.json(200, { access_token: 'a', refresh_token: 'b', expires_in: 3600 }), INVALID_RESPONSE_MESSAGE],
  ])('a failed exchange, %s → %s', async (_name, response, message) => {
    h.api.fault('POST /auth/v1/token', () => response.clone());
    await expect(h.bg.signInWithGoogle()).rejects.toMatchObject({ message });
    expect((await h.bg.getSession()).signedIn).toBe(false);
  });

  it('a network failure during the exchange → the network message', async () => {
    h.api.fault('POST /auth/v1/token', reply.networkError);
    await expect(h.bg.signInWithGoogle()).rejects.toMatchObject({ kind: 'network', message: expect.stringContaining("Can't reach KalshiBook at auth.test") });
  });

  it('asks the auth server first whether Google is enabled; disabled → says so, opens no window', async () => {
    await h.bg.signInWithGoogle();
    const check = h.api.requests('GET /auth/v1/settings')[0]!;
    expect(check.headers.apikey).toBe(ANON);
    h.api.fault('GET /auth/v1/settings', () => reply.json(200, { external: { google: false, email: true } }));
    await h.bg.signOut();
    await expect(h.bg.signInWithGoogle()).rejects.toMatchObject({ code: 'google_disabled', message: 'Google sign-in is not enabled on the sign-in server at auth.test.' });
    expect(h.launches).toHaveLength(1);
  });

  it.each([
    ['unreachable', reply.networkError, "Can't open Google sign-in at auth.test. Check your connection and the Auth URL in Settings.", 0],
    ['a wrong anon key', () => reply.json(401, { message: 'Invalid API key' }), 'Invalid API key', 0],
    ['not GoTrue’s answer: left to the window', () => reply.html(404), null, 1],
  ] as const)('the provider check, auth server %s', async (_name, respond, message, launches) => {
    h.api.fault('GET /auth/v1/settings', respond);
    const result = h.bg.signInWithGoogle();
    if (message) await expect(result).rejects.toMatchObject({ message });
    else expect((await result).outcome).toBe('signedIn');
    expect(h.launches).toHaveLength(launches);
  });

  it('without an Auth URL or Anon key it says Google sign-in needs them, and opens no window', async () => {
    await configure({ authUrl: '', anonKey: '' });
    await expect(h.bg.signInWithGoogle()).rejects.toMatchObject({ code: 'google_needs_settings', message: 'Google sign-in needs an Auth URL and an Anon key in Settings.' });
    expect(h.launches).toHaveLength(0);
  });

  it('a failed first-key creation keeps the sign-in; a retry creates the one key', async () => {
    h.api.fault('POST /keys', () => reply.envelope(500, 'internal_error', 'An unexpected error occurred. Please try again later.'), 1);
    expect((await h.bg.signInWithGoogle()).outcome).toBe('signedIn');
    expect(h.api.keys.size).toBe(0);
    expect(await h.bg.takeFirstKeyNotice()).toBeNull();
    await h.bg.signInWithGoogle();
    await h.bg.signInWithGoogle();
    expect([...h.api.keys.values()].map((k) => k.name)).toEqual(['default']);
  });

  it('the redirect URL is identity.getRedirectURL()', async () => {
    expect(await h.bg.googleRedirectUrl()).toBe(REDIRECT);
  });
});

describe('a Google session is the same session as a password one', () => {
  let h: Harness;
  beforeEach(async () => {
    fakeBrowser.reset();
    h = harness();
    await configure();
  });

  it('refreshes on a 401 (once for many calls) and proactively, keeps working', async () => {
    await h.bg.signInWithGoogle();
    h.api.expireAccessTokens();
    const lists = await Promise.all(Array.from({ length: 5 }, () => h.bg.listKeys()));
    expect(lists.every((l) => l.length === 1)).toBe(true);
    expect(h.api.refreshCalls).toBe(1);
    expect(h.api.requests('POST /auth/v1/token').map((c) => c.path)).toEqual(['/auth/v1/token?grant_type=pkce', '/auth/v1/token?grant_type=refresh_token']);
  });

  it('"Stay signed in" decides where the refresh token lives', async () => {
    await h.bg.signInWithGoogle();
    const refresh = h.api.issued.at(-1)!.refresh;
    expect(JSON.stringify(await fakeBrowser.storage.local.get(null))).toContain(refresh);
    await h.bg.signOut();
    await configure({ staySignedIn: false });
    await h.bg.signInWithGoogle();
    expect(JSON.stringify(await fakeBrowser.storage.local.get(null))).not.toContain('refresh-');
  });

  it('sign-out wipes it, the first-key notice included, and tells every page', async () => {
    await h.bg.signInWithGoogle();
    await h.bg.signOut();
    const stored = await everything();
    expect(stored).not.toContain('refresh-');
    expect(stored).not.toContain('eyJ');
    expect(stored).not.toContain('firstKeyNotice');
    expect(await fakeBrowser.storage.session.get('sessionChange')).toMatchObject({ sessionChange: { signedIn: false } });
    expect(await h.bg.takeFirstKeyNotice()).toBeNull();
  });
});
