// Settings → "Clear clipboard after copying a key": the choices, saving on change on top of what is
// stored, errors, and the server form never undoing it.
import { screen, waitFor } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { toast } from 'sonner';
import { afterEach, describe, expect, it } from 'vitest';
import { SettingsSection } from '@/components/settings';
import type { SessionView } from '@/lib/session/session';
import { defaultSettings, type Settings } from '@/lib/settings';
import { createFakeClient, fail, ok } from '../../helpers/fake-client';
import { renderWithAccount } from '../../helpers/render';

afterEach(() => {
  toast.dismiss();
});

const stored: Settings = { ...defaultSettings({}), authUrl: 'https://abc.supabase.co', anonKey: 'anon-123' };
const LABEL = 'Clear clipboard after copying a key';
const select = () => screen.getByRole('combobox', { name: LABEL }) as HTMLSelectElement;

function setup(overrides: Parameters<typeof createFakeClient>[0] = {}) {
  const client = createFakeClient({ getSettings: async () => ok(stored), ...overrides });
  renderWithAccount(<SettingsSection />, client);
  return { client, user: userEvent.setup() };
}

describe('Settings: Clear clipboard after copying a key', () => {
  it('offers Never, 30 seconds, 1 minute (the default), 2 minutes and 5 minutes, and explains itself', async () => {
    setup();
    await waitFor(() => expect(select().disabled).toBe(false));
    expect(Array.from(select().options).map((o) => o.textContent)).toEqual(['Never', '30 seconds', '1 minute', '2 minutes', '5 minutes']);
    expect(select().selectedOptions[0]!.textContent).toBe('1 minute');
    const hint = document.getElementById(select().getAttribute('aria-describedby')!);
    expect(hint?.textContent).toMatch(/not a prefix/);
    expect(hint?.textContent).toMatch(/Signing out/);
  });

  it('saves a new choice at once, on top of the settings stored right now', async () => {
    const newer = { ...stored, apiBaseUrl: 'https://saved-elsewhere.example' };
    let reads = 0;
    const { client, user } = setup({ getSettings: async () => ok(reads++ === 0 ? stored : newer) });
    await waitFor(() => expect(select().disabled).toBe(false));
    await user.selectOptions(select(), '30 seconds');
    expect(await screen.findByText('Settings saved')).toBeTruthy();
    expect(client.saveSettings).toHaveBeenCalledWith({ ...newer, clipboardClearSeconds: 30 });
    await waitFor(() => expect(select().value).toBe('30'));
  });

  it('a failed save says why and shows the stored choice again', async () => {
    const { user } = setup({ saveSettings: async () => fail({ kind: 'extension', code: 'unexpected', message: 'Something went wrong in the extension. Try again.' }) });
    await waitFor(() => expect(select().disabled).toBe(false));
    await user.selectOptions(select(), 'Never');
    expect(await screen.findByText('Something went wrong in the extension. Try again.')).toBeTruthy();
    await waitFor(() => expect(select().value).toBe('60'));
  });

  it('is there when signed out too (it is a setting of this browser, not of the account)', async () => {
    setup({ getSession: async () => ok({ signedIn: false, email: null, userId: null, reason: null } satisfies SessionView) });
    await waitFor(() => expect(select().value).toBe('60'));
  });

  it('saving the server form keeps the choice stored now (it may have been changed on another page)', async () => {
    let reads = 0;
    const { client, user } = setup({ getSettings: async () => ok(reads++ === 0 ? stored : { ...stored, clipboardClearSeconds: 300 }) });
    await waitFor(() => expect((screen.getByLabelText('API base URL') as HTMLInputElement).value).not.toBe(''));
    await user.click(screen.getByRole('button', { name: 'Save' }));
    expect(await screen.findByText('Settings saved')).toBeTruthy();
    expect(client.saveSettings).toHaveBeenCalledWith({ ...stored, clipboardClearSeconds: 300 });
  });
});
