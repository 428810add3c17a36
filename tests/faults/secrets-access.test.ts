// Secrets stay inside the background: every message from anything but the extension's own pages
// is refused and does nothing, the Stripe URL opener opens only safe URLs, and the UI's code
// never touches tokens or the session. Through the real message listener (secrets-harness.ts).
import { readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { beforeEach, describe, expect, it, vi } from 'vitest';
import { fakeBrowser } from 'wxt/testing/fake-browser';
import { messenger, type ProtocolMap } from '@/lib/messaging';
import { EMAIL, PASSWORD } from '../helpers/fake-server';
import { storageText } from './harness';
import { ok, send, server, withSecretsHarness } from './secrets-harness';

withSecretsHarness();

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
