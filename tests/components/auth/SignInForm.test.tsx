import { screen, waitFor } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { toast } from 'sonner';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { SignInForm } from '@/components/auth';
import type { SessionView } from '@/lib/session/session';
import { defaultSettings } from '@/lib/settings';
import { createFakeClient, fail, ok } from '../../helpers/fake-client';
import { renderWithAccount, SignInGate } from '../../helpers/render';

afterEach(() => {
  toast.dismiss();
});

const signedOut = (reason: string | null = null): SessionView => ({ signedIn: false, email: null, userId: null, reason });
const signedIn: SessionView = { signedIn: true, email: 'ada@example.com', userId: 'user-1', reason: null };

function setup(overrides: Parameters<typeof createFakeClient>[0] = {}, props: Parameters<typeof SignInForm>[0] = {}) {
  const user = userEvent.setup();
  const client = createFakeClient({
    getSession: async () => ok(signedOut()),
    getSettings: async () => ok({ ...defaultSettings({}), apiBaseUrl: 'http://127.0.0.1:8000' }),
    ...overrides,
  });
  const result = renderWithAccount(<SignInGate {...props} />, client);
  return { ...result, user, client };
}

describe('SignInForm', () => {
  it('signs in with the typed credentials and flips the session', async () => {
    const { user, client } = setup({ signIn: async () => ok(signedIn) });
    await user.type(await screen.findByLabelText('Email'), 'ada@example.com');
    await user.type(screen.getByLabelText('Password'), 'correct horse');
    await user.click(screen.getByRole('button', { name: 'Sign in' }));
    expect(client.signIn).toHaveBeenCalledWith({ email: 'ada@example.com', password: 'correct horse' });
    expect(await screen.findByText('Signed in as ada@example.com')).toBeTruthy();
    // "Stay signed in" was already on: nothing to save
    expect(client.saveSettings).not.toHaveBeenCalled();
  });

  it('has the expected fields and autocomplete hints', async () => {
    const { user } = setup();
    const email = (await screen.findByLabelText('Email')) as HTMLInputElement;
    const password = screen.getByLabelText('Password') as HTMLInputElement;
    expect(email.type).toBe('email');
    expect(email.autocomplete).toBe('username');
    expect(password.type).toBe('password');
    expect(password.autocomplete).toBe('current-password');
    expect((screen.getByRole('checkbox', { name: 'Stay signed in' }) as HTMLInputElement).checked).toBe(true);
    await user.click(screen.getByRole('button', { name: 'Create account' }));
    expect((screen.getByLabelText('Password') as HTMLInputElement).autocomplete).toBe('new-password');
  });

  it('names the server it signs in to', async () => {
    setup();
    expect(await screen.findByText('127.0.0.1:8000')).toBeTruthy();
    expect(screen.getByText(/Signing in to/).textContent).toBe('Signing in to 127.0.0.1:8000');
  });

  it('shows the server error and keeps what was typed', async () => {
    const { user, client } = setup({ signIn: async () => fail({ code: 'invalid_credentials', status: 401, message: 'Invalid email or password.' }) });
    await user.type(await screen.findByLabelText('Email'), 'ada@example.com');
    await user.type(screen.getByLabelText('Password'), 'wrong-password');
    await user.click(screen.getByRole('button', { name: 'Sign in' }));
    const alert = await screen.findByRole('alert');
    expect(alert.textContent).toBe('Invalid email or password.');
    expect((screen.getByLabelText('Email') as HTMLInputElement).value).toBe('ada@example.com');
    expect((screen.getByLabelText('Password') as HTMLInputElement).value).toBe('wrong-password');
    expect(client.signIn).toHaveBeenCalledTimes(1);
  });

  it('disables the button while signing in; a double click sends once', async () => {
    let release!: () => void;
    const gate = new Promise<void>((r) => (release = r));
    const { user, client } = setup({
      signIn: async () => {
        await gate;
        return ok(signedIn);
      },
    });
    await user.type(await screen.findByLabelText('Email'), 'ada@example.com');
    await user.type(screen.getByLabelText('Password'), 'secret123');
    const button = screen.getByRole('button', { name: 'Sign in' }) as HTMLButtonElement;
    await user.dblClick(button);
    expect(button.disabled).toBe(true);
    release();
    expect(await screen.findByText('Signed in as ada@example.com')).toBeTruthy();
    expect(client.signIn).toHaveBeenCalledTimes(1);
  });

  it('create account: a 7-character password is refused before sending', async () => {
    const { user, client } = setup();
    await user.click(await screen.findByRole('button', { name: 'Create account' }));
    await user.type(screen.getByLabelText('Email'), 'new@example.com');
    await user.type(screen.getByLabelText('Password'), '1234567');
    await user.click(screen.getByRole('button', { name: 'Create account' }));
    expect(await screen.findByText('Password must be at least 8 characters.')).toBeTruthy();
    expect(screen.getByLabelText('Password').getAttribute('aria-invalid')).toBe('true');
    expect(client.createAccount).not.toHaveBeenCalled();
    expect((screen.getByLabelText('Email') as HTMLInputElement).value).toBe('new@example.com');
  });

  it('create account: calls createAccount and shows "already exists"; "Sign in" goes back', async () => {
    const { user, client } = setup({ createAccount: async () => fail({ code: 'user_exists', status: 409, message: 'A user with this email already exists.' }) });
    await user.click(await screen.findByRole('button', { name: 'Create account' }));
    await user.type(screen.getByLabelText('Email'), 'ada@example.com');
    await user.type(screen.getByLabelText('Password'), '12345678');
    await user.click(screen.getByRole('button', { name: 'Create account' }));
    expect(client.createAccount).toHaveBeenCalledWith({ email: 'ada@example.com', password: '12345678' });
    expect(client.signIn).not.toHaveBeenCalled();
    expect((await screen.findByRole('alert')).textContent).toBe('A user with this email already exists.');
    await user.click(screen.getByRole('button', { name: 'Sign in' }));
    expect(screen.getByRole('button', { name: 'Sign in' }).getAttribute('type')).toBe('submit');
    expect((screen.getByLabelText('Email') as HTMLInputElement).value).toBe('ada@example.com');
  });

  it('shows the reason the session ended', async () => {
    setup({ getSession: async () => ok(signedOut('Your session expired. Sign in again.')) });
    expect(await screen.findByText('Your session expired. Sign in again.')).toBeTruthy();
  });

  it('"Stay signed in" off is saved on top of the stored settings before signing in', async () => {
    const stored = { ...defaultSettings({}), apiBaseUrl: 'https://staging.example.com' };
    const order: string[] = [];
    const { user, client } = setup({
      getSettings: async () => ok(stored),
      saveSettings: async (s: typeof stored) => {
        order.push('save');
        return ok(s);
      },
      signIn: async () => {
        order.push('signIn');
        return ok(signedIn);
      },
    });
    await user.type(await screen.findByLabelText('Email'), 'ada@example.com');
    await user.type(screen.getByLabelText('Password'), 'secret123');
    await user.click(screen.getByRole('checkbox', { name: 'Stay signed in' }));
    await user.click(screen.getByRole('button', { name: 'Sign in' }));
    await waitFor(() => expect(client.signIn).toHaveBeenCalled());
    expect(client.saveSettings).toHaveBeenCalledWith({ ...stored, staySignedIn: false });
    expect(order).toEqual(['save', 'signIn']);
  });

  it('does not sign in when saving "Stay signed in" fails', async () => {
    const { user, client } = setup({ saveSettings: async () => fail({ kind: 'extension', message: 'The KalshiBook extension is not responding.' }) });
    await user.type(await screen.findByLabelText('Email'), 'ada@example.com');
    await user.type(screen.getByLabelText('Password'), 'secret123');
    await user.click(screen.getByRole('checkbox', { name: 'Stay signed in' }));
    await user.click(screen.getByRole('button', { name: 'Sign in' }));
    expect((await screen.findByRole('alert')).textContent).toContain('The KalshiBook extension is not responding.');
    expect(client.signIn).not.toHaveBeenCalled();
  });

  it('shows field errors from the background on the field', async () => {
    const message = 'body.email: value is not a valid email address';
    const { user, client } = setup({ signIn: async () => fail({ kind: 'validation', message, fields: { email: message } }) });
    await user.type(await screen.findByLabelText('Email'), 'ada@');
    await user.type(screen.getByLabelText('Password'), 'x');
    await user.click(screen.getByRole('button', { name: 'Sign in' }));
    expect(await screen.findByText(message)).toBeTruthy();
    expect(client.signIn).toHaveBeenCalledTimes(1);
    expect(screen.getByLabelText('Email').getAttribute('aria-invalid')).toBe('true');
  });

  it('empty fields are refused before sending', async () => {
    const { user, client } = setup();
    await user.click(await screen.findByRole('button', { name: 'Sign in' }));
    expect(screen.getByText('Email is required.')).toBeTruthy();
    expect(screen.getByText('Password is required.')).toBeTruthy();
    expect(client.signIn).not.toHaveBeenCalled();
  });

  it('compact: offers "Server settings" when asked', async () => {
    const onOpenSettings = vi.fn();
    const { user } = setup({}, { compact: true, onOpenSettings });
    await user.click(await screen.findByRole('button', { name: 'Server settings' }));
    expect(onOpenSettings).toHaveBeenCalledTimes(1);
  });

  it('without onOpenSettings there is no "Server settings" button', async () => {
    setup();
    await screen.findByLabelText('Email');
    expect(screen.queryByRole('button', { name: 'Server settings' })).toBeNull();
  });
});
