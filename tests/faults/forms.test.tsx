// A failed submit never loses what the user typed, over the real background on the fake server;
// once the fault is gone the same submit works.
import { screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { beforeEach, describe, expect, it, vi } from 'vitest';
import { fakeBrowser } from 'wxt/testing/fake-browser';
import { useAccount } from '@/components/account/AccountProvider';
import { SignInForm } from '@/components/auth/SignInForm';
import { BillingSection } from '@/components/billing/BillingSection';
import { KeysList } from '@/components/keys/KeysList';
import { KeysSection } from '@/components/keys/KeysSection';
import { SettingsSection } from '@/components/settings/SettingsSection';
import type { BackgroundService } from '@/lib/background/service';
import { settingsItem } from '@/lib/storage';
import { EMAIL, type FakeServer, PASSWORD, reply } from '../helpers/fake-server';
import { renderWithClient, type ServiceClient, signedInWorld } from './harness';

const CANT_REACH = "Can't reach KalshiBook at api.test. Check your connection or the URL in Settings, then try again.";

let server: FakeServer;
let bg: BackgroundService;
let client: ServiceClient;

beforeEach(async () => {
  ({ server, bg, client } = await signedInWorld([['production', 'prod']]));
});

const value = (el: HTMLElement) => (el as HTMLInputElement).value;

describe.each([
  { page: 'options', ui: <KeysSection />, open: 'Create Key' },
  { page: 'popup', ui: <KeysList />, open: 'New key' },
])('create key ($page)', ({ ui, open }) => {
  it.each([
    ['API unreachable', reply.networkError, CANT_REACH],
    ['502 HTML page', () => reply.html(502), 'KalshiBook is having trouble right now (HTTP 502). Try again in a moment.'],
    ['429 bare {"error"}', () => reply.json(429, { error: 'Rate limit exceeded: 120 per 1 minute' }), 'Too many requests. Wait a moment, then try again.'],
  ])('%s: the message in the form, name and type kept; then it works once', async (_label, respond, message) => {
    const user = userEvent.setup();
    renderWithClient(ui, client);
    await screen.findByText('production');
    await user.click(screen.getByRole('button', { name: open }));
    const form = await screen.findByRole('dialog', { name: 'Create API Key' });
    await user.click(within(form).getByLabelText('Name'));
    await user.paste('مفتاح 🔑 ci');
    await user.selectOptions(within(form).getByLabelText('Type'), 'prod');
    server.fault('POST /keys', respond, 1);
    await user.click(within(form).getByRole('button', { name: 'Create Key' }));
    expect((await within(form).findByRole('alert')).textContent).toBe(message);
    expect(value(within(form).getByLabelText('Name'))).toBe('مفتاح 🔑 ci');
    expect(value(within(form).getByLabelText('Type'))).toBe('prod');

    await user.click(within(form).getByRole('button', { name: 'Create Key' }));
    const shown = await screen.findByRole('dialog', { name: 'API Key Created' });
    const created = [...server.keys.values()].find((k) => k.name === 'مفتاح 🔑 ci')!;
    expect(within(shown).getByText(created.key)).toBeTruthy();
    expect([...server.keys.values()].filter((k) => k.name === 'مفتاح 🔑 ci')).toHaveLength(1);
  });
});

describe('rename, revoke, PAYG and Stripe over the real background', () => {
  async function openMenu(user: ReturnType<typeof userEvent.setup>, name: string) {
    await user.click(screen.getByRole('button', { name: `Options for ${name}` }));
    return screen.findByRole('menu');
  }

  it('rename: a 502 HTML page shows a short message and keeps the typed name; Save again works', async () => {
    const user = userEvent.setup();
    renderWithClient(<KeysSection />, client);
    await screen.findByText('production');
    await openMenu(user, 'production');
    await user.click(screen.getByRole('menuitem', { name: 'Rename' }));
    const dialog = screen.getByRole('dialog', { name: 'Rename API Key' });
    const input = within(dialog).getByLabelText('Name');
    await user.clear(input);
    await user.type(input, 'production (old)');
    server.fault('PATCH /keys/*', () => reply.html(502), 1);
    await user.click(within(dialog).getByRole('button', { name: 'Save' }));
    expect((await within(dialog).findByRole('alert')).textContent).toBe('KalshiBook is having trouble right now (HTTP 502). Try again in a moment.');
    expect(value(within(dialog).getByLabelText('Name'))).toBe('production (old)');
    await user.click(within(dialog).getByRole('button', { name: 'Save' }));
    await screen.findByText('API key renamed');
    expect(await screen.findByText('production (old)')).toBeTruthy();
  });

  it('revoke: a network error keeps the row and says so; Revoke again works', async () => {
    const user = userEvent.setup();
    renderWithClient(<KeysList />, client);
    await screen.findByText('production');
    await user.click(within(screen.getByRole('listitem', { name: 'production' })).getByRole('button', { name: 'Revoke' }));
    const dialog = await screen.findByRole('alertdialog', { name: 'Revoke API Key' });
    server.fault('DELETE /keys/*', reply.networkError, 1);
    await user.click(within(dialog).getByRole('button', { name: 'Revoke' }));
    expect((await within(dialog).findByRole('alert')).textContent).toBe(CANT_REACH);
    expect(screen.getByRole('listitem', { name: 'production' })).toBeTruthy();
    await user.click(within(dialog).getByRole('button', { name: 'Revoke' }));
    await screen.findByText('API key revoked');
    await waitFor(() => expect(screen.queryByRole('listitem', { name: 'production' })).toBeNull());
  });

  it('PAYG: 502 stripe_error is a toast and the switch goes back to the server’s state', async () => {
    const user = userEvent.setup();
    renderWithClient(<BillingSection />, client);
    const sw = await screen.findByRole('switch', { name: 'Pay-As-You-Go' });
    server.fault('POST /billing/payg', () => reply.envelope(502, 'stripe_error', 'Payment service temporarily unavailable. Please try again.'), 1);
    await user.click(sw);
    expect(await screen.findByText('Payment service temporarily unavailable. Please try again.')).toBeTruthy();
    await waitFor(() => expect(sw.getAttribute('aria-checked')).toBe('false'));
    expect(server.billing.payg_enabled).toBe(false);
  });

  it('Upgrade: a javascript: checkout URL is refused with a message and no tab', async () => {
    const user = userEvent.setup();
    const tabs = vi.spyOn(fakeBrowser.tabs, 'create');
    server.urls.checkout = 'javascript:alert(1)';
    renderWithClient(<BillingSection />, client);
    await user.click(await screen.findByRole('button', { name: 'Upgrade to Project Plan — $30/mo' }));
    expect(await screen.findByText('The server sent a payment link that is not a secure https:// address, so it was not opened.')).toBeTruthy();
    expect(tabs).not.toHaveBeenCalled();
  });
});

function Gate() {
  const { session } = useAccount();
  if (!session) return null;
  return session.signedIn ? <KeysList /> : <SignInForm />;
}

describe('sign-in', () => {
  beforeEach(async () => {
    await bg.signOut();
    server.calls.length = 0;
  });

  it('API unreachable: the message, email and password kept; then it signs in', async () => {
    const user = userEvent.setup();
    renderWithClient(<Gate />, client);
    await user.type(await screen.findByLabelText('Email'), EMAIL);
    await user.type(screen.getByLabelText('Password'), PASSWORD);
    server.fault('POST /auth/login', reply.networkError, 1);
    await user.click(screen.getByRole('button', { name: 'Sign in' }));
    expect((await screen.findByRole('alert')).textContent).toBe(CANT_REACH);
    expect(value(screen.getByLabelText('Email'))).toBe(EMAIL);
    expect(value(screen.getByLabelText('Password'))).toBe(PASSWORD);
    await user.click(screen.getByRole('button', { name: 'Sign in' }));
    expect(await screen.findByText('production')).toBeTruthy();
  });

  it('create account with a 7-character password: refused on the field, nothing sent', async () => {
    const user = userEvent.setup();
    renderWithClient(<Gate />, client);
    await user.click(await screen.findByRole('button', { name: 'Create account' }));
    await user.type(screen.getByLabelText('Email'), 'new@example.com');
    await user.type(screen.getByLabelText('Password'), 'short77');
    await user.click(screen.getByRole('button', { name: 'Create account' }));
    expect(await screen.findByText('Password must be at least 8 characters.')).toBeTruthy();
    expect(server.requests('POST /auth/signup')).toEqual([]);
    expect(value(screen.getByLabelText('Email'))).toBe('new@example.com');
    expect(value(screen.getByLabelText('Password'))).toBe('short77');
  });

  it('create account: the server’s "already exists" is shown, typed values kept', async () => {
    const user = userEvent.setup();
    renderWithClient(<Gate />, client);
    await user.click(await screen.findByRole('button', { name: 'Create account' }));
    await user.type(screen.getByLabelText('Email'), EMAIL);
    await user.type(screen.getByLabelText('Password'), 'long enough');
    await user.click(screen.getByRole('button', { name: 'Create account' }));
    expect((await screen.findByRole('alert')).textContent).toBe('A user with this email already exists.');
    expect(value(screen.getByLabelText('Email'))).toBe(EMAIL);
  });
});

describe('settings', () => {
  it('a storage failure on save: a short message, the typed URLs kept; Save again works', async () => {
    const user = userEvent.setup();
    renderWithClient(<SettingsSection />, client);
    const api = (await screen.findByLabelText('API base URL')) as HTMLInputElement;
    await waitFor(() => expect(api.value).toBe('https://api.test'));
    await user.clear(api);
    await user.type(api, 'https://staging.example.com/v1/');
    const original = fakeBrowser.storage.local.set;
    let failures = 1;
    fakeBrowser.storage.local.set = async (items) => {
      if (failures-- > 0) throw new Error('QUOTA_BYTES quota exceeded');
      return original(items);
    };
    try {
      await user.click(screen.getByRole('button', { name: 'Save' }));
      expect((await screen.findByRole('alert')).textContent).toBe('Something went wrong in the extension. Try again.');
      expect(api.value).toBe('https://staging.example.com/v1/');
      expect((await settingsItem.getValue()).apiBaseUrl).toBe('https://api.test');
      await user.click(screen.getByRole('button', { name: 'Save' }));
      expect(await screen.findByText('Settings saved')).toBeTruthy();
      expect((await settingsItem.getValue()).apiBaseUrl).toBe('https://staging.example.com/v1');
    } finally {
      fakeBrowser.storage.local.set = original;
    }
  });

  it('a bad URL is explained on the field and never reaches the background', async () => {
    const user = userEvent.setup();
    renderWithClient(<SettingsSection />, client);
    const dashboard = (await screen.findByLabelText('Dashboard URL')) as HTMLInputElement;
    await waitFor(() => expect(dashboard.value).not.toBe(''));
    await user.clear(dashboard);
    await user.type(dashboard, 'http://kalshibook.io/billing');
    await user.click(screen.getByRole('button', { name: 'Save' }));
    expect(await screen.findByText('Dashboard URL must use https://. Plain http:// is only allowed for localhost and 127.0.0.1.')).toBeTruthy();
    expect(dashboard.value).toBe('http://kalshibook.io/billing');
    expect(client.saveSettings).not.toHaveBeenCalled();
  });
});

describe('the new key in the popup', () => {
  it('create → Copy → Done: the key is never logged, and is gone from the page and storage after Done', async () => {
    const logged: string[] = [];
    for (const method of ['log', 'info', 'warn', 'error', 'debug'] as const) {
      vi.spyOn(console, method).mockImplementation((...args: unknown[]) => {
        logged.push(args.map((a) => (typeof a === 'string' ? a : JSON.stringify(a) ?? String(a))).join(' '));
      });
    }
    const user = userEvent.setup();
    renderWithClient(<KeysList />, client);
    await screen.findByText('production');
    await user.click(screen.getByRole('button', { name: 'New key' }));
    await user.type(within(await screen.findByRole('dialog', { name: 'Create API Key' })).getByLabelText('Name'), 'ci');
    await user.click(within(screen.getByRole('dialog', { name: 'Create API Key' })).getByRole('button', { name: 'Create Key' }));
    const shown = await screen.findByRole('dialog', { name: 'API Key Created' });
    const raw = [...server.keys.values()].find((k) => k.name === 'ci')!.key;
    expect(within(shown).getByText(raw)).toBeTruthy();
    expect(JSON.stringify(await fakeBrowser.storage.session.get(null))).toContain(raw); // pending, memory only
    expect(JSON.stringify(await fakeBrowser.storage.local.get(null))).not.toContain(raw);
    await user.click(within(shown).getByRole('button', { name: 'Copy' }));
    await user.click(within(shown).getByRole('button', { name: 'Done' }));
    await waitFor(() => expect(client.clearPendingKey).toHaveBeenCalled());
    await waitFor(async () => expect(JSON.stringify(await fakeBrowser.storage.session.get(null))).not.toContain(raw));
    expect(document.body.innerHTML).not.toContain(raw);
    expect(logged.filter((l) => l.includes(raw) || l.includes('eyJ'))).toEqual([]);
    vi.restoreAllMocks();
  });
});
