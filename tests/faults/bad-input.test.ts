// Bad input through the background: refused before anything is sent (with a message per field),
// or sent exactly as typed (trimmed) when it is valid, however odd.
import { beforeEach, describe, expect, it } from 'vitest';
import { fakeBrowser } from 'wxt/testing/fake-browser';
import type { BackgroundService } from '@/lib/background/service';
import { defaultSettings, type Settings } from '@/lib/settings';
import { dataCacheItem, settingsItem } from '@/lib/storage';
import { ANON, API, AUTH, createFakeServer, EMAIL, PASSWORD, type FakeServer } from '../helpers/fake-server';
import { configure, service, serviceClient, signedInService } from './harness';

let server: FakeServer;
let bg: BackgroundService;

const KEY = '🔑'; // one code point, two UTF-16 units

beforeEach(async () => {
  await configure();
  server = createFakeServer();
  server.addKey('default', 'dev');
  bg = await signedInService(server);
});

const keyRequests = () => server.calls.filter((c) => c.path.startsWith('/keys') && c.method !== 'GET');

describe('key names refused before sending', () => {
  const BAD: [string, string, string][] = [
    ['empty', '', 'Name is required.'],
    ['whitespace only', '   \t ', 'Name is required.'],
    ['a no-break space only', '\u00a0', 'Name is required.'],
    ['101 characters', 'x'.repeat(101), 'Name must be at most 100 characters (it has 101).'],
    ['101 emoji (202 UTF-16 units)', KEY.repeat(101), 'Name must be at most 100 characters (it has 101).'],
    ['34 ZWJ emoji sequences (102 code points)', '👩‍💻'.repeat(34), 'Name must be at most 100 characters (it has 102).'],
  ];

  it.each(BAD)('create: %s', async (_label, name, message) => {
    await expect(bg.createKey(name, 'dev', true)).rejects.toMatchObject({ kind: 'validation', message, fields: { name: message } });
    expect(keyRequests()).toEqual([]);
  });

  it.each(BAD)('rename: %s', async (_label, name, message) => {
    const id = [...server.keys.keys()][0]!;
    await expect(bg.renameKey(id, name)).rejects.toMatchObject({ kind: 'validation', message, fields: { name: message } });
    expect(keyRequests()).toEqual([]);
  });

  it('a key type other than dev/prod is refused (the server would answer 500)', async () => {
    await expect(bg.createKey('x', 'staging' as 'dev', false)).rejects.toMatchObject({ kind: 'validation', fields: { keyType: 'Type must be Development or Production.' } });
    expect(keyRequests()).toEqual([]);
  });
});

describe('odd but valid key names are sent as typed (trimmed) and come back unchanged', () => {
  const GOOD: [string, string, string][] = [
    ['100 emoji', KEY.repeat(100), KEY.repeat(100)],
    ['100 characters', 'n'.repeat(100), 'n'.repeat(100)],
    ['101 characters of which one is a trailing space', `${'n'.repeat(100)} `, 'n'.repeat(100)],
    ['right-to-left text', 'مفتاح الإنتاج', 'مفتاح الإنتاج'],
    ['mixed direction with emoji', 'مفتاح 🔑 prod', 'مفتاح 🔑 prod'],
    ['markup', '<img src=x onerror=alert(1)>', '<img src=x onerror=alert(1)>'],
    ['a script tag', '</code><script>alert(1)</script>', '</code><script>alert(1)</script>'],
    ['a right-to-left override', 'invoice\u202Egnp.exe', 'invoice\u202Egnp.exe'],
    ['quotes and backslashes', 'a "quoted" \\name\\ \'x\'', 'a "quoted" \\name\\ \'x\''],
    ['padded', '   padded  ', 'padded'],
  ];

  it.each(GOOD)('create: %s', async (_label, typed, sent) => {
    const created = await bg.createKey(typed, 'prod', false);
    const body = keyRequests().at(-1)!;
    expect(body.headers['content-type']).toBe('application/json');
    expect(body.json).toEqual({ name: sent, key_type: 'prod' });
    expect(created.name).toBe(sent);
    expect((await bg.listKeys()).find((k) => k.id === created.id)?.name).toBe(sent);
  });

  it.each(GOOD)('rename: %s', async (_label, typed, sent) => {
    const id = [...server.keys.keys()][0]!;
    const renamed = await bg.renameKey(id, typed);
    expect(keyRequests().at(-1)!.json).toEqual({ name: sent });
    expect(renamed.name).toBe(sent);
  });
});

describe('key ids are never trusted to be URL-safe', () => {
  it.each(['../billing/portal', 'a/b?c=d#e', '%2e%2e', ' ', 'k1/reveal'])('%j is one encoded path segment', async (id) => {
    await bg.revokeKey(id).catch(() => undefined);
    await bg.revealKey(id).catch(() => undefined);
    await bg.renameKey(id, 'x').catch(() => undefined);
    const paths = server.calls.filter((c) => c.path.startsWith('/keys/')).map((c) => c.path);
    expect(paths).toEqual([`/keys/${encodeURIComponent(id)}`, `/keys/${encodeURIComponent(id)}/reveal`, `/keys/${encodeURIComponent(id)}`]);
    expect(server.requests('* /billing/*')).toEqual([]);
  });
});

describe('sign-in and sign-up input', () => {
  beforeEach(async () => {
    await bg.signOut();
    server.calls.length = 0;
  });

  it.each([
    ['createAccount', 'x@example.com', '1234567', 'password', 'Password must be at least 8 characters.'],
    ['createAccount', 'x@example.com', '', 'password', 'Password is required.'],
    ['signIn', '', PASSWORD, 'email', 'Email is required.'],
    ['signIn', '   ', PASSWORD, 'email', 'Email is required.'],
    ['signIn', EMAIL, '', 'password', 'Password is required.'],
  ] as const)('%s with %j / %j → a message on %s, nothing sent', async (mode, email, password, field, message) => {
    const client = serviceClient(bg);
    const result = mode === 'createAccount' ? await client.createAccount({ email, password }) : await client.signIn({ email, password });
    expect(result).toEqual({ ok: false, error: { kind: 'validation', code: 'invalid_input', message, fields: { [field]: message } } });
    expect(server.calls).toEqual([]);
  });

  it('an 8-character password is sent; the email is trimmed, the password is not', async () => {
    await bg.createAccount('  new@example.com ', ' 1234567');
    expect(server.calls[0]!.json).toEqual({ email: 'new@example.com', password: ' 1234567' });
  });
});

describe('settings', () => {
  let before: Settings;
  beforeEach(async () => {
    await bg.listKeys();
    before = await settingsItem.getValue();
  });

  const base = (): Settings => ({ ...defaultSettings({}), apiBaseUrl: API, authUrl: AUTH, anonKey: ANON });

  const BAD: [keyof Settings, string, string][] = [
    ['apiBaseUrl', 'not a url', 'API base URL must be a full URL such as https://api.example.com.'],
    ['apiBaseUrl', 'api.kalshibook.io', 'API base URL must be a full URL such as https://api.example.com.'],
    ['apiBaseUrl', 'javascript:alert(1)', 'API base URL must start with https:// (javascript: is not allowed).'],
    ['apiBaseUrl', 'data:text/html,<script>alert(1)</script>', 'API base URL must start with https:// (data: is not allowed).'],
    ['apiBaseUrl', 'file:///etc/passwd', 'API base URL must start with https:// (file: is not allowed).'],
    ['apiBaseUrl', 'http://api.kalshibook.io', 'API base URL must use https://. Plain http:// is only allowed for localhost and 127.0.0.1.'],
    ['apiBaseUrl', 'http://localhost.evil.example', 'API base URL must use https://. Plain http:// is only allowed for localhost and 127.0.0.1.'],
    ['apiBaseUrl', 'http://127.0.0.2:8000', 'API base URL must use https://. Plain http:// is only allowed for localhost and 127.0.0.1.'],
    ['apiBaseUrl', 'https://user:secret@api.kalshibook.io', 'API base URL must not contain a user name or password.'],
    ['apiBaseUrl', 'https://api.kalshibook.io/?x=1', 'API base URL must not contain ? or #.'],
    ['apiBaseUrl', 'https://api.kalshibook.io/#x', 'API base URL must not contain ? or #.'],
    ['apiBaseUrl', '   ', 'API base URL is required.'],
    ['authUrl', 'javascript:alert(1)', 'Auth URL must start with https:// (javascript: is not allowed).'],
    ['authUrl', 'http://abc.supabase.co', 'Auth URL must use https://. Plain http:// is only allowed for localhost and 127.0.0.1.'],
    ['dashboardUrl', 'http://kalshibook.io', 'Dashboard URL must use https://. Plain http:// is only allowed for localhost and 127.0.0.1.'],
    ['dashboardUrl', '', 'Dashboard URL is required.'],
    ['anonKey', 'two words', 'Anon key must not contain spaces.'],
  ];

  it.each(BAD)('%s = %j → "%s", nothing saved, cache kept', async (field, value, message) => {
    const client = serviceClient(bg);
    const cache = await dataCacheItem.getValue();
    const result = await client.saveSettings({ ...base(), [field]: value });
    expect(result).toEqual({
      ok: false,
      error: { kind: 'validation', code: 'invalid_settings', message: 'Some settings need fixing.', fields: { [field]: message } },
    });
    expect(await settingsItem.getValue()).toEqual(before);
    expect(await dataCacheItem.getValue()).toEqual(cache);
  });

  it.each([
    ['https://api.example.com/', 'https://api.example.com', 'https://api.example.com/keys/usage'],
    ['https://proxy.example/kb//', 'https://proxy.example/kb', 'https://proxy.example/kb/keys/usage'],
    ['  https://api.example.com  ', 'https://api.example.com', 'https://api.example.com/keys/usage'],
    ['http://localhost:8000/', 'http://localhost:8000', 'http://localhost:8000/keys/usage'],
    ['http://127.0.0.1:8000', 'http://127.0.0.1:8000', 'http://127.0.0.1:8000/keys/usage'],
    ['http://[::1]:8000', 'http://[::1]:8000', 'http://[::1]:8000/keys/usage'],
  ])('%j is saved as %j and requests go to %s', async (typed, saved, requested) => {
    const result = await serviceClient(bg).saveSettings({ ...base(), apiBaseUrl: typed });
    expect(result).toMatchObject({ ok: true, data: { apiBaseUrl: saved } });
    expect((await settingsItem.getValue()).apiBaseUrl).toBe(saved);
    // Another server: the old server's data is gone from the cache.
    expect(await dataCacheItem.getValue()).toBeNull();
    await bg.listKeys().catch(() => undefined);
    expect(server.calls.at(-1)!.url).toBe(requested);
  });

  it('a storage failure while saving is a short message, not a stack', async () => {
    const original = fakeBrowser.storage.local.set;
    fakeBrowser.storage.local.set = async () => {
      throw new Error('QUOTA_BYTES quota exceeded\n    at StorageArea.set (native)');
    };
    try {
      const result = await serviceClient(bg).saveSettings({ ...base(), apiBaseUrl: 'https://staging.example.com' });
      expect(result).toEqual({ ok: false, error: { kind: 'extension', code: 'unexpected', message: 'Something went wrong in the extension. Try again.' } });
    } finally {
      fakeBrowser.storage.local.set = original;
    }
  });
});

describe('the session survives odd input', () => {
  it('a wrong password keeps the user signed out and says so', async () => {
    await bg.signOut();
    const other = service(server);
    await expect(other.signIn(EMAIL, 'wrong-password')).rejects.toMatchObject({ message: 'Invalid email or password.' });
    expect((await other.getSession()).signedIn).toBe(false);
  });
});
