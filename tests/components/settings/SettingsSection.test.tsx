import { screen, waitFor } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { toast } from 'sonner';
import { afterEach, describe, expect, it } from 'vitest';
import { useAccount } from '@/components/account/AccountProvider';
import { SettingsSection, SignOutButton } from '@/components/settings';
import type { SessionView } from '@/lib/session/session';
import { defaultSettings, type Settings } from '@/lib/settings';
import { createFakeClient, fail, ok } from '../../helpers/fake-client';
import { renderWithAccount } from '../../helpers/render';

afterEach(() => {
  toast.dismiss();
});

const signedOut: SessionView = { signedIn: false, email: null, userId: null, reason: null };
const stored: Settings = { ...defaultSettings({}), authUrl: 'https://abc.supabase.co', anonKey: 'anon-123' };

function setup(overrides: Parameters<typeof createFakeClient>[0] = {}) {
  const user = userEvent.setup();
  const client = createFakeClient({ getSettings: async () => ok(stored), ...overrides });
  const result = renderWithAccount(<SettingsSection />, client);
  return { ...result, user, client };
}

const input = (label: string) => screen.getByLabelText(label) as HTMLInputElement;

async function replace(user: ReturnType<typeof userEvent.setup>, label: string, value: string) {
  await user.clear(input(label));
  if (value) await user.type(input(label), value);
}

describe('SettingsSection', () => {
  it('shows the stored values with stable ids and hints', async () => {
    setup();
    expect(screen.getByRole('heading', { level: 2, name: 'Settings' })).toBeTruthy();
    await waitFor(() => expect(input('API base URL').value).toBe('https://api.kalshibook.io'));
    expect(input('API base URL').id).toBe('settings-api-base-url');
    expect(input('Auth URL').value).toBe('https://abc.supabase.co');
    expect(input('Auth URL').id).toBe('settings-auth-url');
    expect(input('Anon key').value).toBe('anon-123');
    expect(input('Anon key').id).toBe('settings-anon-key');
    expect(input('Dashboard URL').value).toBe('https://kalshibook.io');
    expect(input('Dashboard URL').id).toBe('settings-dashboard-url');
    expect(screen.getByText('Default: https://api.kalshibook.io')).toBeTruthy();
    expect(screen.getByText('Supabase project URL used to refresh your session')).toBeTruthy();
    expect(screen.getByText('Where Stripe returns you after checkout')).toBeTruthy();
  });

  it('saves, normalizing a trailing slash, and toasts', async () => {
    const { user, client } = setup();
    await waitFor(() => expect(input('API base URL').value).not.toBe(''));
    await replace(user, 'API base URL', 'https://staging.example.com/');
    await user.click(screen.getByRole('button', { name: 'Save' }));
    expect(await screen.findByText('Settings saved')).toBeTruthy();
    expect(client.saveSettings).toHaveBeenCalledWith({ ...stored, apiBaseUrl: 'https://staging.example.com' });
    expect(input('API base URL').value).toBe('https://staging.example.com');
    // another server: its keys and plan are fetched
    await waitFor(() => expect(client.getBilling).toHaveBeenCalledTimes(2));
    expect(client.listKeys).toHaveBeenCalledTimes(2);
  });

  it('saving the same API base URL does not refetch account data', async () => {
    const { user, client } = setup();
    await waitFor(() => expect(input('Dashboard URL').value).not.toBe(''));
    await replace(user, 'Dashboard URL', 'https://dash.example.com');
    await user.click(screen.getByRole('button', { name: 'Save' }));
    expect(await screen.findByText('Settings saved')).toBeTruthy();
    expect(client.getBilling).toHaveBeenCalledTimes(1);
    expect(client.listKeys).toHaveBeenCalledTimes(1);
  });

  it('accepts http:// for localhost', async () => {
    const { user, client } = setup();
    await waitFor(() => expect(input('API base URL').value).not.toBe(''));
    await replace(user, 'API base URL', 'http://127.0.0.1:8000');
    await replace(user, 'Dashboard URL', 'http://localhost:3000/');
    await user.click(screen.getByRole('button', { name: 'Save' }));
    await waitFor(() =>
      expect(client.saveSettings).toHaveBeenCalledWith({ ...stored, apiBaseUrl: 'http://127.0.0.1:8000', dashboardUrl: 'http://localhost:3000' }),
    );
  });

  it.each([
    ['javascript:alert(1)', 'API base URL must start with https:// (javascript: is not allowed).'],
    ['http://example.com', 'API base URL must use https://. Plain http:// is only allowed for localhost and 127.0.0.1.'],
    ['not a url', 'API base URL must be a full URL such as https://api.example.com.'],
    ['', 'API base URL is required.'],
  ])('refuses %j with a message on the field, without sending, keeping the input', async (value, message) => {
    const { user, client } = setup();
    await waitFor(() => expect(input('API base URL').value).not.toBe(''));
    await replace(user, 'API base URL', value);
    await user.click(screen.getByRole('button', { name: 'Save' }));
    expect(await screen.findByText(message)).toBeTruthy();
    expect(input('API base URL').getAttribute('aria-invalid')).toBe('true');
    expect(input('API base URL').getAttribute('aria-describedby')).toContain('settings-api-base-url-error');
    expect(input('API base URL').value).toBe(value);
    expect(client.saveSettings).not.toHaveBeenCalled();
  });

  it('validates every URL field and the anon key', async () => {
    const { user, client } = setup();
    await waitFor(() => expect(input('API base URL').value).not.toBe(''));
    await replace(user, 'Auth URL', 'http://abc.supabase.co');
    await replace(user, 'Anon key', '');
    await replace(user, 'Dashboard URL', 'ftp://x');
    await user.click(screen.getByRole('button', { name: 'Save' }));
    expect(await screen.findByText('Auth URL must use https://. Plain http:// is only allowed for localhost and 127.0.0.1.')).toBeTruthy();
    expect(screen.getByText('Anon key is required when an Auth URL is set.')).toBeTruthy();
    expect(screen.getByText('Dashboard URL must start with https:// (ftp: is not allowed).')).toBeTruthy();
    expect(client.saveSettings).not.toHaveBeenCalled();
    // fixing a field clears its message
    await user.type(input('Anon key'), 'k');
    expect(screen.queryByText('Anon key is required when an Auth URL is set.')).toBeNull();
  });

  it('shows the background’s per-field errors and keeps the typed values', async () => {
    const { user, client } = setup({
      saveSettings: async () =>
        fail({ kind: 'validation', code: 'invalid_settings', message: 'Some settings need fixing.', fields: { dashboardUrl: 'Dashboard URL is not reachable from here.' } }),
    });
    await waitFor(() => expect(input('API base URL').value).not.toBe(''));
    await replace(user, 'Dashboard URL', 'https://dash.example.com');
    await user.click(screen.getByRole('button', { name: 'Save' }));
    expect(await screen.findByText('Dashboard URL is not reachable from here.')).toBeTruthy();
    expect(input('Dashboard URL').getAttribute('aria-invalid')).toBe('true');
    expect(input('Dashboard URL').value).toBe('https://dash.example.com');
    expect(client.saveSettings).toHaveBeenCalledTimes(1);
    expect(screen.queryByText('Settings saved')).toBeNull();
  });

  it('shows other save errors in the form and keeps the typed values', async () => {
    const { user } = setup({ saveSettings: async () => fail({ kind: 'extension', message: 'The KalshiBook extension is not responding. Close this window and open it again.' }) });
    await waitFor(() => expect(input('API base URL').value).not.toBe(''));
    await replace(user, 'API base URL', 'https://staging.example.com');
    await user.click(screen.getByRole('button', { name: 'Save' }));
    expect((await screen.findByRole('alert')).textContent).toBe('The KalshiBook extension is not responding. Close this window and open it again.');
    expect(input('API base URL').value).toBe('https://staging.example.com');
  });

  it('works signed out: the form is there, the account block is not', async () => {
    const { user, client } = setup({ getSession: async () => ok(signedOut) });
    await waitFor(() => expect(client.getSession).toHaveBeenCalled());
    await waitFor(() => expect(input('API base URL').value).not.toBe(''));
    expect(screen.queryByRole('button', { name: 'Sign out' })).toBeNull();
    await replace(user, 'API base URL', 'http://localhost:8000');
    await user.click(screen.getByRole('button', { name: 'Save' }));
    expect(await screen.findByText('Settings saved')).toBeTruthy();
  });

  it('shows the signed-in email', async () => {
    setup();
    expect(await screen.findByText('ada@example.com')).toBeTruthy();
    expect(screen.getByText(/Signed in as/).textContent).toBe('Signed in as ada@example.com');
  });

  it('"Stay signed in" saves at once with the stored values', async () => {
    const { user, client } = setup();
    const box = (await screen.findByRole('checkbox', { name: 'Stay signed in' })) as HTMLInputElement;
    await waitFor(() => expect(box.disabled).toBe(false));
    expect(box.checked).toBe(true);
    expect(screen.getByText('Keep you signed in after the browser restarts. Off: you are signed out when the browser closes.')).toBeTruthy();
    // unsaved edits in the form are not part of this save
    await replace(user, 'API base URL', 'https://typed-but-not-saved.example.com');
    await user.click(box);
    await waitFor(() => expect(client.saveSettings).toHaveBeenCalledWith({ ...stored, staySignedIn: false }));
    expect(await screen.findByText('Settings saved')).toBeTruthy();
    await waitFor(() => expect(box.checked).toBe(false));
    expect(input('API base URL').value).toBe('https://typed-but-not-saved.example.com');
  });

  it('"Stay signed in" goes back when saving fails', async () => {
    const { user } = setup({ saveSettings: async () => fail({ kind: 'extension', message: 'Could not save.' }) });
    const box = (await screen.findByRole('checkbox', { name: 'Stay signed in' })) as HTMLInputElement;
    await waitFor(() => expect(box.disabled).toBe(false));
    await user.click(box);
    expect(await screen.findByText('Could not save.')).toBeTruthy();
    await waitFor(() => expect(box.checked).toBe(true));
  });

  it('Sign out calls signOut, flips the session and toasts', async () => {
    const { user, client } = setup();
    await user.click(await screen.findByRole('button', { name: 'Sign out' }));
    expect(client.signOut).toHaveBeenCalledTimes(1);
    expect(await screen.findByText('Signed out')).toBeTruthy();
    await waitFor(() => expect(screen.queryByRole('button', { name: 'Sign out' })).toBeNull());
    expect(screen.queryByText(/Signed in as/)).toBeNull();
  });

  it('loading error shows the message and Retry', async () => {
    let calls = 0;
    const { user } = setup({ getSettings: async () => (++calls === 1 ? fail({ kind: 'extension', message: 'Settings could not be read.' }) : ok(stored)) });
    expect(await screen.findByText('Settings could not be read.')).toBeTruthy();
    await user.click(screen.getByRole('button', { name: 'Retry' }));
    await waitFor(() => expect(input('API base URL').value).toBe('https://api.kalshibook.io'));
  });
});

describe('SignOutButton', () => {
  function Header() {
    const { session } = useAccount();
    return (
      <div>
        <span>{session?.signedIn ? 'in' : 'out'}</span>
        <SignOutButton />
      </div>
    );
  }

  it('shows the error and stays signed in when signOut fails', async () => {
    const user = userEvent.setup();
    const client = createFakeClient({ signOut: async () => fail({ kind: 'extension', message: 'The KalshiBook extension is not responding.' }) });
    renderWithAccount(<Header />, client);
    expect(await screen.findByText('in')).toBeTruthy();
    await user.click(screen.getByRole('button', { name: 'Sign out' }));
    expect(await screen.findByText('The KalshiBook extension is not responding.')).toBeTruthy();
    expect(screen.getByText('in')).toBeTruthy();
  });

  it('flips the session to signed out', async () => {
    const user = userEvent.setup();
    const client = createFakeClient();
    renderWithAccount(<Header />, client);
    expect(await screen.findByText('in')).toBeTruthy();
    await user.click(screen.getByRole('button', { name: 'Sign out' }));
    expect(await screen.findByText('out')).toBeTruthy();
  });
});
