// "Continue with Google" on the sign-in form (popup and options), the first-key notice, and the
// redirect URL in Settings, against a fake background.
import { act, screen, waitFor } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { toast } from 'sonner';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { SignInForm } from '@/components/auth';
import { FirstKeyNotice, FirstKeyNoticeWatch } from '@/components/auth/FirstKeyNotice';
import { GoogleRedirectCard } from '@/components/settings/GoogleRedirectCard';
import type { SessionView } from '@/lib/session/session';
import { defaultSettings, type Settings } from '@/lib/settings';
import { firstKeyNoticeItem } from '@/lib/storage';
import { createFakeClient, fail, ok } from '../../helpers/fake-client';
import { renderWithAccount, SignInGate } from '../../helpers/render';

afterEach(() => {
  toast.dismiss();
});

const signedOut: SessionView = { signedIn: false, email: null, userId: null, reason: null };
const googleUser: SessionView = { signedIn: true, email: 'ada@gmail.com', userId: 'user-1', reason: null };
const configured: Settings = { ...defaultSettings({}), apiBaseUrl: 'http://127.0.0.1:8000', authUrl: 'http://127.0.0.1:8000', anonKey: 'local-anon-key' };

function setup(overrides: Parameters<typeof createFakeClient>[0] = {}, props: Parameters<typeof SignInForm>[0] = {}) {
  const user = userEvent.setup();
  const client = createFakeClient({ getSession: async () => ok(signedOut), getSettings: async () => ok(configured), ...overrides });
  const result = renderWithAccount(
    <>
      <SignInGate {...props} />
      <FirstKeyNotice />
      <FirstKeyNoticeWatch />
    </>,
    client,
  );
  return { ...result, user, client };
}

const googleButton = () => screen.findByRole('button', { name: 'Continue with Google' });
const enabled = async () => {
  const button = await googleButton();
  await waitFor(() => expect((button as HTMLButtonElement).disabled).toBe(false));
  return button;
};

describe('Continue with Google', () => {
  it('is on the sign-in and the create-account form', async () => {
    const { user } = setup();
    await enabled();
    await user.click(screen.getByRole('button', { name: 'Create account' }));
    expect(await screen.findByRole('heading', { name: 'Create your KalshiBook account' })).toBeTruthy();
    await enabled();
  });

  it('signs in through the background and flips the page to the account', async () => {
    const { user, client } = setup({ signInWithGoogle: async () => ok({ outcome: 'signedIn' as const, session: googleUser }) });
    await user.click(await enabled());
    expect(await screen.findByText('Signed in as ada@gmail.com')).toBeTruthy();
    expect(client.signInWithGoogle).toHaveBeenCalledTimes(1);
    expect(client.signIn).not.toHaveBeenCalled();
  });

  it('canceled: a quiet status, no error, the form as it was', async () => {
    const { user } = setup({ signInWithGoogle: async () => ok({ outcome: 'canceled' as const, message: 'Google sign-in was canceled.' }) });
    await user.type(await screen.findByLabelText('Email'), 'ada@example.com');
    await user.click(await enabled());
    expect((await screen.findByRole('status')).textContent).toBe('Google sign-in was canceled.');
    expect(screen.queryByRole('alert')).toBeNull();
    expect((screen.getByLabelText('Email') as HTMLInputElement).value).toBe('ada@example.com');
    expect((screen.getByRole('button', { name: 'Continue with Google' }) as HTMLButtonElement).disabled).toBe(false);
  });

  it('an error: the server’s message as an alert; signing in with a password clears it', async () => {
    const { user } = setup({
      signInWithGoogle: async () => fail({ code: 'flow_state_expired', message: 'Google sign-in took too long (more than 5 minutes). Try again.' }),
      signIn: async () => fail({ message: 'Invalid email or password.' }),
    });
    await user.click(await enabled());
    expect((await screen.findByRole('alert')).textContent).toBe('Google sign-in took too long (more than 5 minutes). Try again.');
    await user.type(screen.getByLabelText('Email'), 'ada@gmail.com');
    await user.type(screen.getByLabelText('Password'), 'whatever-1');
    await user.click(screen.getByRole('button', { name: 'Sign in' }));
    await waitFor(() => expect(screen.getByRole('alert').textContent).toBe('Invalid email or password.'));
  });

  it('while the Google window is open: busy, a second click does nothing, password sign-in waits', async () => {
    let finish!: (value: ReturnType<typeof ok>) => void;
    const { user, client } = setup({ signInWithGoogle: () => new Promise((resolve) => (finish = resolve as never)) });
    const button = await enabled();
    await user.click(button);
    await waitFor(() => expect(button.getAttribute('aria-busy')).toBe('true'));
    await user.click(button);
    expect(client.signInWithGoogle).toHaveBeenCalledTimes(1);
    expect((screen.getByRole('button', { name: 'Sign in' }) as HTMLButtonElement).disabled).toBe(true);
    await act(async () => finish(ok({ outcome: 'canceled' as const, message: 'Google sign-in was canceled.' })));
    await waitFor(() => expect(button.getAttribute('aria-busy')).toBeNull());
    expect((screen.getByRole('button', { name: 'Sign in' }) as HTMLButtonElement).disabled).toBe(false);
  });

  it('"Stay signed in" off is saved before the flow starts', async () => {
    const { user, client } = setup({ signInWithGoogle: async () => ok({ outcome: 'signedIn' as const, session: googleUser }) });
    await user.click(await screen.findByRole('checkbox', { name: 'Stay signed in' }));
    await user.click(await enabled());
    await screen.findByText('Signed in as ada@gmail.com');
    expect(client.saveSettings).toHaveBeenCalledWith({ ...configured, staySignedIn: false });
    expect(client.saveSettings.mock.invocationCallOrder[0]).toBeLessThan(client.signInWithGoogle.mock.invocationCallOrder[0]!);
  });

  it('without an Auth URL or Anon key: disabled, says it needs them, links to Settings (options page)', async () => {
    setup({ getSettings: async () => ok({ ...configured, authUrl: '', anonKey: '' }) });
    const button = (await googleButton()) as HTMLButtonElement;
    await waitFor(() => expect(screen.getByText(/Google sign-in needs an Auth URL and an Anon key in Settings\./)).toBeTruthy());
    expect(button.disabled).toBe(true);
    expect(button.getAttribute('aria-describedby')).toBeTruthy();
    expect(document.getElementById(button.getAttribute('aria-describedby') as string)?.textContent).toContain('Google sign-in needs an Auth URL and an Anon key');
    expect(screen.getByRole('link', { name: 'Open Settings' }).getAttribute('href')).toBe('#settings');
  });

  it('popup: "Open Settings" opens the options page at Settings', async () => {
    const onOpenSettings = vi.fn();
    const { user } = setup({ getSettings: async () => ok({ ...configured, anonKey: '' }) }, { compact: true, onOpenSettings });
    await user.click(await screen.findByRole('button', { name: 'Open Settings' }));
    expect(onOpenSettings).toHaveBeenCalledTimes(1);
  });
});

describe('the first-key notice', () => {
  it('the page that signed in shows `Created your first key, "default"` once', async () => {
    let notices = 1;
    const { user, client } = setup({
      signInWithGoogle: async () => ok({ outcome: 'signedIn' as const, session: googleUser }),
      takeFirstKeyNotice: async () => ok(notices-- > 0 ? { keyName: 'default' } : null),
    });
    await user.click(await enabled());
    expect(await screen.findByText('Created your first key, "default"')).toBeTruthy();
    expect(client.takeFirstKeyNotice).toHaveBeenCalledTimes(1);
  });

  it('a page opened later (the popup reopened) shows a waiting notice', async () => {
    const { client } = setup({ getSession: async () => ok(googleUser), takeFirstKeyNotice: async () => ok({ keyName: 'default' }) });
    expect(await screen.findByText('Created your first key, "default"')).toBeTruthy();
    expect(client.takeFirstKeyNotice).toHaveBeenCalledTimes(1);
  });

  it('an open options page takes a new notice after leaving the starting page a moment', async () => {
    const { client } = setup({ getSession: async () => ok(googleUser), takeFirstKeyNotice: async () => ok(null) });
    await waitFor(() => expect(client.takeFirstKeyNotice).toHaveBeenCalledTimes(1));
    client.takeFirstKeyNotice.mockImplementation(async () => ok({ keyName: 'default' }));
    await firstKeyNoticeItem.setValue({ userId: 'user-1', keyName: 'default', at: 1 });
    expect(client.takeFirstKeyNotice).toHaveBeenCalledTimes(1);
    expect(await screen.findByText('Created your first key, "default"')).toBeTruthy();
    expect(client.takeFirstKeyNotice).toHaveBeenCalledTimes(2);
  });

  it('a signed-out page asks for nothing', async () => {
    const { client } = setup();
    await enabled();
    expect(client.takeFirstKeyNotice).not.toHaveBeenCalled();
  });
});

describe('Settings: Redirect URL for Google sign-in', () => {
  it('shows the background’s redirect URL read-only and copies it', async () => {
    const user = userEvent.setup();
    const client = createFakeClient({ googleRedirectUrl: async () => ok('https://abcdefghijklmnop.chromiumapp.org/') });
    renderWithAccount(<GoogleRedirectCard />, client);
    const field = (await screen.findByLabelText('Redirect URL for Google sign-in')) as HTMLInputElement;
    await waitFor(() => expect(field.value).toBe('https://abcdefghijklmnop.chromiumapp.org/'));
    expect(field.readOnly).toBe(true);
    await user.click(screen.getByRole('button', { name: 'Copy redirect URL' }));
    expect(await navigator.clipboard.readText()).toBe('https://abcdefghijklmnop.chromiumapp.org/');
    expect(await screen.findByText('Redirect URL copied to clipboard')).toBeTruthy();
  });

  it('says so when the background cannot tell', async () => {
    const client = createFakeClient({ googleRedirectUrl: async () => fail({ kind: 'extension', code: 'background_unavailable', message: 'The KalshiBook extension is not responding.' }) });
    renderWithAccount(<GoogleRedirectCard />, client);
    expect((await screen.findByRole('alert')).textContent).toBe('The KalshiBook extension is not responding.');
    expect((screen.getByRole('button', { name: 'Copy redirect URL' }) as HTMLButtonElement).disabled).toBe(true);
  });
});
