// Secrets: a full flow through the real message listener (registerHandlers → runtime.onMessage),
// watching every storage write, every console call, every URL and every Result a page receives;
// the pending key (storage.session only, 2 minutes) and what sign-out wipes. The listener harness
// is secrets-harness.ts; who may send messages and what the UI may touch is secrets-access.test.ts.
import { beforeEach, describe, expect, it, vi } from 'vitest';
import { fakeBrowser } from 'wxt/testing/fake-browser';
import { SESSION_EXPIRED_MESSAGE } from '@/lib/api/errors';
import { BADGE_ALARM, CHECKOUT_ALARM, PENDING_KEY_ALARM } from '@/lib/background/service';
import { REFRESH_ALARM } from '@/lib/session/session';
import { checkoutOutcomeItem, pendingKeyItem, PENDING_KEY_TTL_MS } from '@/lib/storage';
import { EMAIL, PASSWORD, reply } from '../helpers/fake-server';
import { configure, storageText } from './harness';
import { advanceClock, bg, clock, consoleCalls, ok, results, send, server, withSecretsHarness, writes } from './secrets-harness';

withSecretsHarness();

const rawKeys = () => [...server.keys.values()].map((k) => k.key);
const accessTokens = () => server.issued.map((t) => t.access);
const refreshTokens = () => server.issued.map((t) => t.refresh);

function containsAny(text: string, secrets: string[]): string | null {
  return secrets.find((s) => s && text.includes(s)) ?? null;
}

/** After every step: no raw key or access token ever written to storage.local, none logged. */
async function checkpoint(step: string, { staySignedIn = true } = {}) {
  const secrets = [...rawKeys(), ...accessTokens()];
  for (const w of writes.filter((w) => w.area === 'local')) {
    expect(containsAny(w.value, secrets), `${step}: storage.local "${w.key}" got a secret`).toBeNull();
    if (!staySignedIn || w.key !== 'login') expect(containsAny(w.value, refreshTokens()), `${step}: storage.local "${w.key}" got a refresh token`).toBeNull();
  }
  const { local } = await storageText();
  expect(containsAny(local, secrets), `${step}: storage.local holds a secret`).toBeNull();
  for (const line of consoleCalls) expect(containsAny(line, [...secrets, ...refreshTokens()]), `${step}: console got a secret`).toBeNull();
}

function urlsSeen(): string[] {
  return server.calls.map((c) => c.url);
}

describe('a full flow leaks nothing', () => {
  it.each([true, false])('stay signed in: %s', async (staySignedIn) => {
    await configure({ staySignedIn });
    const tabs = vi.spyOn(fakeBrowser.tabs, 'create');

    await ok(send('signIn', { email: EMAIL, password: PASSWORD }));
    await checkpoint('sign in', { staySignedIn });
    await ok(send('listKeys'));
    await ok(send('getBilling'));
    await checkpoint('list + billing', { staySignedIn });

    // Popup: create with keepPending, reopen, Done.
    const created = await ok(send('createKey', { name: 'ci', keyType: 'dev', keepPending: true }));
    expect(created.key).toMatch(/^kb-/);
    await checkpoint('create (pending)', { staySignedIn });
    expect((await storageText()).session).toContain(created.key); // memory-only area, for the popup
    expect((await ok(send('getPendingKey')))?.key).toBe(created.key);
    await ok(send('clearPendingKey'));
    expect((await storageText()).session).not.toContain(created.key);
    await checkpoint('pending cleared', { staySignedIn });

    // Options: create without keeping it, reveal, rename, a failed reveal, a drifted create.
    const second = await ok(send('createKey', { name: 'prod', keyType: 'prod' }));
    expect((await storageText()).session).not.toContain(second.key);
    expect((await ok(send('revealKey', { id: second.id }))).key).toBe(second.key);
    await ok(send('renameKey', { id: second.id, name: 'prod-2' }));
    const legacy = [...server.keys.values()].find((k) => k.name === 'legacy')!;
    expect((await send('revealKey', { id: legacy.id })).ok).toBe(false);
    server.fault('POST /keys', () => reply.json(200, { data: { id: 'x', key: rawKeys()[0], name: 'n', key_prefix: 'kb-', key_type: 'weird', created_at: 'now' }, request_id: 'r' }), 1);
    expect((await send('createKey', { name: 'drift', keyType: 'dev' })).ok).toBe(false);
    server.fault('GET /keys/*/reveal', () => reply.html(500), 1);
    expect((await send('revealKey', { id: second.id })).ok).toBe(false);
    await checkpoint('reveal, rename, failures', { staySignedIn });

    // Billing and Stripe.
    await ok(send('setPayg', { enable: true }));
    await ok(send('openPortal'));
    await ok(send('openCheckout'));
    await checkpoint('billing', { staySignedIn });

    // The access token expires: the transparent refresh stores new tokens.
    server.expireAccessTokens();
    await ok(send('listKeys'));
    expect(server.refreshCalls).toBe(1);
    await checkpoint('refresh', { staySignedIn });

    await ok(send('revokeKey', { id: created.id }));
    await ok(send('saveSettings', { ...(await ok(send('getSettings'))), staySignedIn: !staySignedIn }));
    await checkpoint('revoke + settings', { staySignedIn: true });
    await ok(send('getSession'));

    // No raw key and no token ever in a URL (requests and opened tabs).
    const secrets = [...rawKeys(), ...accessTokens(), ...refreshTokens()];
    for (const url of [...urlsSeen(), ...tabs.mock.calls.map(([p]) => String((p as { url?: string }).url))]) {
      expect(containsAny(url, secrets), url).toBeNull();
    }

    // No Result a page received holds a token; raw keys only where the user asked for one.
    for (const r of results) {
      expect(containsAny(r.text, [...accessTokens(), ...refreshTokens()]), `${r.type} result holds a token`).toBeNull();
      if (!['createKey', 'getPendingKey', 'revealKey'].includes(r.type)) expect(containsAny(r.text, rawKeys()), `${r.type} result holds a raw key`).toBeNull();
    }

    await ok(send('signOut'));
    await checkpoint('sign out', { staySignedIn: true });
    const local = await fakeBrowser.storage.local.get(null);
    const session = await fakeBrowser.storage.session.get(null);
    expect(Object.keys(local).filter((k) => !k.startsWith('settings') && k !== 'usageHistory')).toEqual([]);
    expect(Object.entries(session).filter(([k, v]) => v !== null && k !== 'sessionChange')).toEqual([]);
    expect(containsAny(JSON.stringify({ local, session }), [...secrets, EMAIL])).toBeNull();
  });
});

describe('the pending key (popup closed before Done)', () => {
  beforeEach(async () => {
    await ok(send('signIn', { email: EMAIL, password: PASSWORD }));
  });

  it('lives in storage.session only, for 2 minutes', async () => {
    const created = await ok(send('createKey', { name: 'ci', keyType: 'dev', keepPending: true }));
    expect((await storageText()).local).not.toContain(created.key);
    const alarm = await fakeBrowser.alarms.get(PENDING_KEY_ALARM);
    expect(alarm?.scheduledTime).toBe(clock + PENDING_KEY_TTL_MS);
    expect(PENDING_KEY_TTL_MS).toBe(120_000);

    advanceClock(119_999);
    expect((await ok(send('getPendingKey')))?.key).toBe(created.key);
    advanceClock(1);
    expect(await ok(send('getPendingKey'))).toBeNull();
    expect((await storageText()).session).not.toContain(created.key);
  });

  it('is erased by its alarm even when no page asks for it again', async () => {
    const created = await ok(send('createKey', { name: 'ci', keyType: 'dev', keepPending: true }));
    advanceClock(PENDING_KEY_TTL_MS);
    await bg.onAlarm(PENDING_KEY_ALARM);
    expect(await pendingKeyItem.getValue()).toBeNull();
    expect((await storageText()).session).not.toContain(created.key);
  });

  it('an alarm that fires early (a clock change) keeps a key that has not expired', async () => {
    const created = await ok(send('createKey', { name: 'ci', keyType: 'dev', keepPending: true }));
    advanceClock(60_000);
    await bg.onAlarm(PENDING_KEY_ALARM);
    expect((await pendingKeyItem.getValue())?.key).toBe(created.key);
  });

  it('is gone after sign-out', async () => {
    const created = await ok(send('createKey', { name: 'ci', keyType: 'dev', keepPending: true }));
    await ok(send('signOut'));
    expect((await storageText()).session).not.toContain(created.key);
    await ok(send('signIn', { email: EMAIL, password: PASSWORD }));
    expect(await ok(send('getPendingKey'))).toBeNull();
  });

  it('is gone after an involuntary sign-out (session expired), which keeps only the reason', async () => {
    await ok(send('listKeys'));
    const created = await ok(send('createKey', { name: 'ci', keyType: 'dev', keepPending: true }));
    server.revokeAll();
    expect(await send('listKeys')).toMatchObject({ ok: false, error: { kind: 'session_expired', message: SESSION_EXPIRED_MESSAGE } });
    const { local, session } = await storageText();
    expect(local).not.toContain(created.key);
    expect(session).not.toContain(created.key);
    expect(Object.keys(await fakeBrowser.storage.local.get(null)).filter((k) => !k.startsWith('settings') && k !== 'usageHistory')).toEqual([]);
    const sessionArea = await fakeBrowser.storage.session.get(null);
    expect(Object.entries(sessionArea).filter(([k, v]) => v !== null && k !== 'sessionChange')).toEqual([['signedOutReason', SESSION_EXPIRED_MESSAGE]]);
  });
});

describe('sign-out', () => {
  it('wipes tokens, cache, pending key, pending checkout and outcome, alarms and badge; keeps settings', async () => {
    await ok(send('signIn', { email: EMAIL, password: PASSWORD }));
    await ok(send('listKeys'));
    await ok(send('getBilling'));
    await ok(send('createKey', { name: 'ci', keyType: 'dev', keepPending: true }));
    await ok(send('openCheckout'));
    await checkoutOutcomeItem.setValue({ outcome: 'canceled', at: clock });
    const settingsBefore = await ok(send('getSettings'));

    await ok(send('signOut'));

    const local = await fakeBrowser.storage.local.get(null);
    const session = await fakeBrowser.storage.session.get(null);
    expect(Object.keys(local).filter((k) => !k.startsWith('settings') && k !== 'usageHistory')).toEqual([]);
    expect(Object.entries(session).filter(([k, v]) => v !== null && k !== 'sessionChange')).toEqual([]);
    expect(await ok(send('getSettings'))).toEqual(settingsBefore);
    for (const name of [BADGE_ALARM, CHECKOUT_ALARM, PENDING_KEY_ALARM, REFRESH_ALARM]) expect(await fakeBrowser.alarms.get(name)).toBeUndefined();
    expect(await fakeBrowser.action.getBadgeText({})).toBe('');
  });

  it('works when the network is down (the server-side logout is best effort)', async () => {
    await ok(send('signIn', { email: EMAIL, password: PASSWORD }));
    await ok(send('listKeys'));
    server.fault('* /auth/v1/logout', reply.networkError);
    server.fault('GET /keys/usage', reply.networkError);
    await ok(send('signOut'));
    expect(Object.keys(await fakeBrowser.storage.local.get(null)).filter((k) => !k.startsWith('settings') && k !== 'usageHistory')).toEqual([]);
    expect(Object.entries(await fakeBrowser.storage.session.get(null)).filter(([k, v]) => v !== null && k !== 'sessionChange')).toEqual([]);
  });

  it('tells the auth server to end the session, with the token in a header, not the URL', async () => {
    await ok(send('signIn', { email: EMAIL, password: PASSWORD }));
    await ok(send('signOut'));
    await vi.waitFor(() => expect(server.requests('POST /auth/v1/logout')).toHaveLength(1));
    const logout = server.requests('POST /auth/v1/logout')[0]!;
    expect(logout.url).toBe('https://auth.test/auth/v1/logout?scope=local');
    expect(logout.headers.authorization).toBe(`Bearer ${accessTokens()[0]}`);
  });
});

