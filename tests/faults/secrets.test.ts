// Secrets: a full flow through the real message listener (registerHandlers → runtime.onMessage),
// watching every storage write, every console call, every URL and every Result a page receives.
import { readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { fakeBrowser } from 'wxt/testing/fake-browser';
import { SESSION_EXPIRED_MESSAGE } from '@/lib/api/errors';
import { registerHandlers } from '@/lib/background/register';
import { BADGE_ALARM, CHECKOUT_ALARM, PENDING_KEY_ALARM, type BackgroundService } from '@/lib/background/service';
import { messenger, type ProtocolMap, type Result } from '@/lib/messaging';
import { REFRESH_ALARM } from '@/lib/session/session';
import { checkoutOutcomeItem, pendingKeyItem, PENDING_KEY_TTL_MS } from '@/lib/storage';
import { createFakeServer, EMAIL, PASSWORD, reply, type FakeServer } from '../helpers/fake-server';
import { configure, service, storageText } from './harness';

const CONSOLE = ['log', 'info', 'warn', 'error', 'debug', 'trace'] as const;

let server: FakeServer;
let bg: BackgroundService;
let clock: number;
let writes: { area: string; key: string; value: string }[];
let consoleCalls: string[];
let results: { type: string; text: string }[];
let messageId = 1;

const popup = () => ({ id: fakeBrowser.runtime.id, url: fakeBrowser.runtime.getURL('/popup.html'), tab: undefined });

/** Sends a message the way runtime.sendMessage delivers it to the background's listener. */
function send<K extends keyof ProtocolMap>(type: K, data?: Parameters<ProtocolMap[K]>[0], sender: object = popup()): Promise<ReturnType<ProtocolMap[K]>> {
  return new Promise((resolve, reject) => {
    const message = { id: messageId++, type, data, timestamp: Date.now() };
    void fakeBrowser.runtime.onMessage.trigger(message, sender, (response: { res?: unknown; err?: unknown }) => {
      if (response.err) reject(new Error(`listener threw: ${JSON.stringify(response.err)}`));
      const result = JSON.parse(JSON.stringify(response.res)) as ReturnType<ProtocolMap[K]>;
      results.push({ type, text: JSON.stringify(result) });
      resolve(result);
    });
  });
}

async function ok<T>(pending: Promise<Result<T>>): Promise<T> {
  const result = await pending;
  if (!result.ok) throw new Error(`expected ok, got ${JSON.stringify(result.error)}`);
  return result.data;
}

const rawKeys = () => [...server.keys.values()].map((k) => k.key);
const accessTokens = () => server.issued.map((t) => t.access);
const refreshTokens = () => server.issued.map((t) => t.refresh);

function containsAny(text: string, secrets: string[]): string | null {
  return secrets.find((s) => s && text.includes(s)) ?? null;
}

beforeEach(async () => {
  clock = Date.UTC(2026, 1, 20, 9, 0, 0);
  writes = [];
  consoleCalls = [];
  results = [];
  await configure();
  server = createFakeServer({ now: () => clock });
  server.addKey('legacy', 'dev', { revealable: false });
  bg = service(server, { now: () => clock });
  registerHandlers(bg);
  fakeBrowser.storage.onChanged.addListener((changes: Record<string, { newValue?: unknown }>, area: string) => {
    for (const [key, change] of Object.entries(changes)) writes.push({ area, key, value: JSON.stringify(change.newValue ?? null) });
  });
  for (const method of CONSOLE) {
    vi.spyOn(console, method).mockImplementation((...args: unknown[]) => {
      consoleCalls.push(args.map((a) => (a instanceof Error ? `${a.message} ${a.stack}` : typeof a === 'string' ? a : JSON.stringify(a))).join(' '));
    });
  }
});

afterEach(async () => {
  messenger.removeAllListeners();
  await bg.signOut().catch(() => undefined);
  vi.restoreAllMocks();
});

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

    clock += 119_999;
    expect((await ok(send('getPendingKey')))?.key).toBe(created.key);
    clock += 1;
    expect(await ok(send('getPendingKey'))).toBeNull();
    expect((await storageText()).session).not.toContain(created.key);
  });

  it('is erased by its alarm even when no page asks for it again', async () => {
    const created = await ok(send('createKey', { name: 'ci', keyType: 'dev', keepPending: true }));
    clock += PENDING_KEY_TTL_MS;
    await bg.onAlarm(PENDING_KEY_ALARM);
    expect(await pendingKeyItem.getValue()).toBeNull();
    expect((await storageText()).session).not.toContain(created.key);
  });

  it('an alarm that fires early (a clock change) keeps a key that has not expired', async () => {
    const created = await ok(send('createKey', { name: 'ci', keyType: 'dev', keepPending: true }));
    clock += 60_000;
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

describe('messages from anything but the extension’s own pages', () => {
  const ALL: [keyof ProtocolMap, unknown][] = [
    ['getSession', undefined],
    ['signIn', { email: EMAIL, password: PASSWORD }],
    ['createAccount', { email: 'x@example.com', password: 'long enough' }],
    ['signOut', undefined],
    ['listKeys', undefined],
    ['createKey', { name: 'x', keyType: 'dev', keepPending: true }],
    ['getPendingKey', undefined],
    ['clearPendingKey', undefined],
    ['renameKey', { id: 'k', name: 'x' }],
    ['revealKey', { id: 'k' }],
    ['revokeKey', { id: 'k' }],
    ['getBilling', undefined],
    ['setPayg', { enable: true }],
    ['openPortal', undefined],
    ['openCheckout', undefined],
    ['getSettings', undefined],
    ['saveSettings', { apiBaseUrl: 'https://evil.example', authUrl: '', anonKey: '', dashboardUrl: 'https://evil.example', staySignedIn: true }],
  ];

  const FOREIGN = [
    ['a content script in a web page', () => ({ id: fakeBrowser.runtime.id, url: 'https://evil.example/', tab: { id: 7 } })],
    ['another extension', () => ({ id: 'abcdefghijklmnopabcdefghijklmnop', url: 'chrome-extension://abcdefghijklmnopabcdefghijklmnop/x.html' })],
    ['a sender without a URL', () => ({ id: fakeBrowser.runtime.id })],
    ['a look-alike URL prefix', () => ({ id: fakeBrowser.runtime.id, url: `${fakeBrowser.runtime.getURL('/').replace(/\/$/, '')}.evil.example/popup.html` })],
    ['no sender', () => ({})],
  ] as const;

  it('every message type is refused and does nothing', async () => {
    await ok(send('signIn', { email: EMAIL, password: PASSWORD }));
    const pending = await ok(send('createKey', { name: 'kept', keyType: 'dev', keepPending: true }));
    const before = await storageText();
    const callsBefore = server.calls.length;
    const tabs = vi.spyOn(fakeBrowser.tabs, 'create');

    for (const [label, sender] of FOREIGN) {
      for (const [type, data] of ALL) {
        const result = await send(type, data as never, sender());
        expect(result, `${label}: ${type}`).toEqual({
          ok: false,
          error: { kind: 'extension', code: 'forbidden_sender', message: 'Messages are accepted only from KalshiBook pages.' },
        });
        expect(JSON.stringify(result)).not.toContain(pending.key);
      }
    }
    expect(server.calls.length).toBe(callsBefore);
    expect(await storageText()).toEqual(before);
    expect(tabs).not.toHaveBeenCalled();
  });

  it('the real messenger, used from a context that is not a page, is refused too', async () => {
    // fakeBrowser's runtime.sendMessage reports an empty sender, as from outside the extension's pages.
    const result = await messenger.sendMessage('getSettings', undefined);
    expect(result).toMatchObject({ ok: false, error: { code: 'forbidden_sender' } });
  });
});

describe('the Stripe URL opener, through the background', () => {
  beforeEach(async () => {
    await ok(send('signIn', { email: EMAIL, password: PASSWORD }));
  });

  it.each([
    ['javascript:', 'javascript:alert(document.cookie)'],
    ['data:', 'data:text/html,<script>alert(1)</script>'],
    ['plain http to a public host', 'http://checkout.stripe.com.evil.example/pay'],
    ['loopback http while the API is not on loopback', 'http://127.0.0.1:8000/stripe/checkout/x'],
    ['not a URL', 'checkout please'],
  ])('a %s checkout URL is not opened, and no checkout is watched', async (_label, url) => {
    server.urls.checkout = url;
    const tabs = vi.spyOn(fakeBrowser.tabs, 'create');
    const result = await send('openCheckout');
    expect(result).toEqual({
      ok: false,
      error: expect.objectContaining({ code: 'unsafe_url', message: 'The server sent a payment link that is not a secure https:// address, so it was not opened.' }),
    });
    expect(tabs).not.toHaveBeenCalled();
    expect((await storageText()).session).not.toContain('pendingCheckout":{');
  });

  it('a javascript: portal URL is not opened', async () => {
    server.billing.stripeCustomer = true;
    server.urls.portal = 'javascript:alert(1)';
    const tabs = vi.spyOn(fakeBrowser.tabs, 'create');
    expect(await send('openPortal')).toMatchObject({ ok: false, error: { code: 'unsafe_url' } });
    expect(tabs).not.toHaveBeenCalled();
  });

  it('https:// opens; loopback http:// opens for a loopback API', async () => {
    const tabs = vi.spyOn(fakeBrowser.tabs, 'create');
    await ok(send('openCheckout'));
    expect(tabs).toHaveBeenLastCalledWith({ url: 'https://checkout.stripe.com/c/pay/cs_test_a1' });
    // Only the scheme check differs for a local API; the fake server answers on any origin it is given.
    const { checkStripeUrl } = await import('@/lib/background/stripe');
    expect(checkStripeUrl('http://127.0.0.1:8000/stripe/portal/x', 'http://127.0.0.1:8000')).toBe('http://127.0.0.1:8000/stripe/portal/x');
    expect(checkStripeUrl('http://localhost:8000/stripe/portal/x', 'http://localhost:8000')).toBe('http://localhost:8000/stripe/portal/x');
  });
});

describe('the UI never handles credentials', () => {
  const root = path.resolve(__dirname, '../..');
  function sources(dir: string): string[] {
    return readdirSync(dir).flatMap((name) => {
      const full = path.join(dir, name);
      if (statSync(full).isDirectory()) return sources(full);
      return /\.(ts|tsx)$/.test(name) ? [full] : [];
    });
  }
  const uiFiles = [
    ...sources(path.join(root, 'components')),
    ...sources(path.join(root, 'entrypoints/popup')),
    ...sources(path.join(root, 'entrypoints/options')),
    path.join(root, 'lib/client.tsx'),
  ];

  it('popup, options and components never read the token storage or the session', () => {
    expect(uiFiles.length).toBeGreaterThan(10);
    for (const file of uiFiles) {
      const text = readFileSync(file, 'utf8');
      for (const forbidden of ['sessionTokensItem', 'persistedLoginItem', 'session:tokens', 'local:login', 'new Session(', 'accessToken', 'refreshToken', 'access_token', 'refresh_token']) {
        expect(text.includes(forbidden), `${path.relative(root, file)} mentions ${forbidden}`).toBe(false);
      }
    }
  });

  it('the protocol’s session view carries no token', async () => {
    await ok(send('signIn', { email: EMAIL, password: PASSWORD }));
    const view = await ok(send('getSession'));
    expect(Object.keys(view).sort()).toEqual(['email', 'reason', 'signedIn', 'userId']);
  });
});
