import { beforeEach, describe, expect, it } from 'vitest';
import { fakeBrowser } from 'wxt/testing/fake-browser';
import { BackgroundService } from '@/lib/background/service';
import { SESSION_EXPIRED_MESSAGE } from '@/lib/api/errors';
import { settingsItem } from '@/lib/storage';
import { defaultSettings } from '@/lib/settings';
import { createFakeServer, reply, type FakeServerOptions } from '../helpers/fake-server';

async function configure(overrides: Partial<ReturnType<typeof defaultSettings>> = {}) {
  await settingsItem.setValue({ ...defaultSettings({}), apiBaseUrl: 'https://api.test', authUrl: 'https://auth.test', anonKey: 'anon', ...overrides });
}

async function dump(area: 'local' | 'session'): Promise<string> {
  return JSON.stringify(await fakeBrowser.storage[area].get(null));
}

/** The fake server with one `default` key, like a fresh account. */
function createFakeApi(options: FakeServerOptions = {}) {
  const server = createFakeServer(options);
  server.addKey('default', 'dev');
  return server;
}

describe('session', () => {
  let api: ReturnType<typeof createFakeApi>;
  beforeEach(async () => {
    api = createFakeApi();
    await configure();
  });

  it('signs in, keeps the access token out of storage.local, and lists keys', async () => {
    const bg = new BackgroundService({ fetch: api.fetch });
    const view = await bg.signIn('ada@example.com', 'correct-horse');
    expect(view).toMatchObject({ signedIn: true, email: 'ada@example.com' });
    const keys = await bg.listKeys();
    expect(keys[0]?.name).toBe('default');
    const local = await dump('local');
    expect(local).toContain('refresh-1'); // stay signed in (default): the refresh token persists
    expect(local).not.toContain('eyJ'); // never the access token
    expect(await dump('session')).toContain('eyJ');
  });

  it('shows the server message for a wrong password and stays signed out', async () => {
    const bg = new BackgroundService({ fetch: api.fetch });
    await expect(bg.signIn('ada@example.com', 'nope')).rejects.toMatchObject({ message: 'Invalid email or password.' });
    expect((await bg.getSession()).signedIn).toBe(false);
  });

  it('with "Stay signed in" off writes nothing account-related to storage.local', async () => {
    await configure({ staySignedIn: false });
    const bg = new BackgroundService({ fetch: api.fetch });
    await bg.signIn('ada@example.com', 'correct-horse');
    await bg.listKeys();
    await bg.getBilling();
    const local = await fakeBrowser.storage.local.get(null);
    expect(JSON.stringify(local)).not.toContain('refresh-');
    expect(Object.keys(local).filter((k) => k !== 'settings' && k !== '__settings$' && k !== 'cache' && k !== '__cache$' && k !== 'usageHistory')).toEqual([]);
  });

  it('20 calls failing with 401 at once cause exactly one refresh, and all 20 succeed', async () => {
    const bg = new BackgroundService({ fetch: api.fetch });
    await bg.signIn('ada@example.com', 'correct-horse');
    api.expireAccessTokens();
    const results = await Promise.all(Array.from({ length: 20 }, () => bg.listKeys()));
    expect(results).toHaveLength(20);
    expect(results.every((r) => r[0]?.name === 'default')).toBe(true);
    expect(api.refreshCalls).toBe(1);
  });

  it('refreshes proactively when the access token is about to expire', async () => {
    let clock = Date.now();
    api = createFakeApi({ ttl: 90, now: () => clock });
    const bg = new BackgroundService({ fetch: api.fetch, now: () => clock });
    await bg.signIn('ada@example.com', 'correct-horse');
    clock += 80_000; // 10 s before expiry
    await bg.listKeys();
    expect(api.refreshCalls).toBe(1);
    const refreshCall = api.calls.find((c) => c.path.startsWith('/auth/v1/token'))!;
    expect(refreshCall.headers.apikey).toBe('anon');
    expect(refreshCall.headers['content-type']).toBe('application/json');
    expect(JSON.parse(refreshCall.body!)).toEqual({ refresh_token: 'refresh-1' });
  });

  it('a refresh token that was revoked or already used signs out with the reason, and wipes everything', async () => {
    const bg = new BackgroundService({ fetch: api.fetch });
    await bg.signIn('ada@example.com', 'correct-horse');
    await bg.listKeys();
    api.revokeAll();
    await expect(bg.listKeys()).rejects.toMatchObject({ kind: 'session_expired', message: SESSION_EXPIRED_MESSAGE });
    expect(await bg.getSession()).toMatchObject({ signedIn: false, reason: SESSION_EXPIRED_MESSAGE });
    expect(await dump('local')).not.toMatch(/refresh-/);
    expect(await dump('local')).not.toContain([...api.keys.values()][0]!.key_prefix);
    expect(await dump('session')).not.toMatch(/refresh-|eyJ/);
  });

  it('a refresh token already used by another context is not a sign-out when that refresh succeeded', async () => {
    let clock = Date.now();
    api = createFakeApi({ ttl: 90, now: () => clock });
    const first = new BackgroundService({ fetch: api.fetch, now: () => clock });
    await first.signIn('ada@example.com', 'correct-horse');
    clock += 80_000;
    // Another context (a restarted worker) rotates the refresh token and stores the result.
    const other = new BackgroundService({ fetch: api.fetch, now: () => clock });
    await other.session.refresh();
    // `first` still holds the old pair in memory: its refresh is rejected as already used.
    await expect(first.listKeys()).resolves.toHaveLength(1);
    expect(await first.getSession()).toMatchObject({ signedIn: true });
    expect(api.refreshCalls).toBe(2);
  });

  it('an auth server that is down during refresh is an error, not a sign-out', async () => {
    const bg = new BackgroundService({ fetch: api.fetch });
    await bg.signIn('ada@example.com', 'correct-horse');
    api.expireAccessTokens();
    api.fault('POST /auth/v1/token', reply.networkError);
    await expect(bg.listKeys()).rejects.toMatchObject({ kind: 'network' });
    expect((await bg.getSession()).signedIn).toBe(true);
    api.clearFaults();
    await expect(bg.listKeys()).resolves.toHaveLength(1);
  });

  it('survives a service-worker restart (a new instance reads the stored session)', async () => {
    const first = new BackgroundService({ fetch: api.fetch });
    await first.signIn('ada@example.com', 'correct-horse');
    const second = new BackgroundService({ fetch: api.fetch });
    expect((await second.getSession()).signedIn).toBe(true);
    await expect(second.listKeys()).resolves.toHaveLength(1);
    expect(api.refreshCalls).toBe(0);
  });

  it('after a browser restart with "Stay signed in" the persisted refresh token restores the session', async () => {
    const first = new BackgroundService({ fetch: api.fetch });
    await first.signIn('ada@example.com', 'correct-horse');
    await fakeBrowser.storage.session.clear(); // the browser closed
    const second = new BackgroundService({ fetch: api.fetch });
    expect((await second.getSession()).signedIn).toBe(true);
    await expect(second.listKeys()).resolves.toHaveLength(1);
    expect(api.refreshCalls).toBe(1);
  });

  it('sign-out wipes every token, cache and pending key from both areas', async () => {
    const bg = new BackgroundService({ fetch: api.fetch });
    await bg.signIn('ada@example.com', 'correct-horse');
    await bg.listKeys();
    await bg.getBilling();
    await bg.signOut();
    const local = await fakeBrowser.storage.local.get(null);
    const session = await fakeBrowser.storage.session.get(null);
    expect(Object.keys(local).filter((k) => !k.includes('settings') && k !== 'usageHistory')).toEqual([]);
    // Only the sign-out signal the pages follow remains, and it holds no account data.
    expect(Object.entries(session).filter(([, v]) => v !== null)).toEqual([['sessionChange', { signedIn: false, userId: null, at: expect.any(Number) }]]);
  });
});
