import { screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { toast } from 'sonner';
import { fakeBrowser } from 'wxt/testing/fake-browser';
import { afterEach, describe, expect, it } from 'vitest';
import { KeysList } from '@/components/keys/KeysList';
import { KeysSection } from '@/components/keys/KeysSection';
import type { CreatedKey } from '@/lib/api/schemas';
import type { PendingKey } from '@/lib/storage';
import { createFakeClient, fail, ok } from '../../helpers/fake-client';
import { keyRow, RAW_KEY } from '../../helpers/fixtures';
import { renderWithAccount } from '../../helpers/render';

afterEach(() => {
  toast.dismiss();
});

const created = (overrides: Partial<CreatedKey> = {}): CreatedKey => ({
  id: 'k-new',
  key: RAW_KEY,
  name: 'testing',
  key_prefix: 'kb-AbC1',
  key_type: 'dev',
  created_at: '2026-02-20T09:00:00Z',
  ...overrides,
});

function setup(ui: 'options' | 'popup', overrides: Parameters<typeof createFakeClient>[0] = {}) {
  // A server in miniature: created keys show up in the next list.
  const rows = [keyRow({ id: 'k-old', name: 'existing', created_at: '2026-01-01T00:00:00Z' })];
  const client = createFakeClient({
    listKeys: async () => ok([...rows]),
    createKey: async ({ name, keyType }: { name: string; keyType: 'dev' | 'prod' }) => {
      const key = created({ id: `k-new-${rows.length}`, name, key_type: keyType });
      const { key: _raw, ...info } = key;
      rows.unshift({ ...info, last_used_at: null, credits_used: 0 });
      return ok(key);
    },
    ...overrides,
  });
  renderWithAccount(ui === 'options' ? <KeysSection /> : <KeysList />, client);
  return { client, user: userEvent.setup() };
}

const openButton = (ui: 'options' | 'popup') => (ui === 'options' ? 'Create Key' : 'New key');
const form = () => screen.getByRole('dialog', { name: 'Create API Key' });
const submit = () => within(form()).getByRole('button', { name: 'Create Key' });

async function storedEverywhere(): Promise<string> {
  return JSON.stringify(await fakeBrowser.storage.local.get(null));
}

describe.each(['options', 'popup'] as const)('Create key (%s)', (ui) => {
  it('creates a key, shows it once, copies it, and forgets it on Done', async () => {
    const { client, user } = setup(ui);
    await screen.findByText('existing');
    await user.click(screen.getByRole('button', { name: openButton(ui) }));
    await screen.findByRole('dialog', { name: 'Create API Key' }); // the popup loads the dialog on first use
    const name = within(form()).getByLabelText('Name');
    expect(name.getAttribute('placeholder')).toBe('e.g., production, testing');
    const type = within(form()).getByLabelText('Type') as HTMLSelectElement;
    expect(type.value).toBe('dev');
    expect(Array.from(type.options).map((o) => [o.value, o.textContent])).toEqual([
      ['dev', 'Development'],
      ['prod', 'Production'],
    ]);
    await user.type(name, 'testing');
    await user.selectOptions(type, 'Production');
    await user.click(submit());

    const shown = await screen.findByRole('dialog', { name: 'API Key Created' });
    expect(shown.textContent).toContain("Your API key has been created. Copy it now — you won't be able to see it again.");
    expect(within(shown).getByText(RAW_KEY).className).toMatch(/font-mono/);
    expect(client.createKey).toHaveBeenCalledTimes(1);
    expect(client.createKey).toHaveBeenCalledWith(
      ui === 'popup' ? { name: 'testing', keyType: 'prod', keepPending: true } : { name: 'testing', keyType: 'prod' },
    );

    await user.click(within(shown).getByRole('button', { name: 'Copy' }));
    await screen.findByText('API key copied to clipboard. Clears in 1 minute.');
    expect(client.keyCopied).toHaveBeenCalledTimes(1);
    expect(await navigator.clipboard.readText()).toBe(RAW_KEY);

    // Escape does not lose the key: only Done closes this view.
    await user.keyboard('{Escape}');
    expect(screen.getByText(RAW_KEY)).toBeTruthy();

    const listCalls = client.listKeys.mock.calls.length;
    await user.click(within(shown).getByRole('button', { name: 'Done' }));
    expect(screen.queryByRole('dialog')).toBeNull();
    expect(document.body.textContent).not.toContain(RAW_KEY);
    await waitFor(() => expect(client.listKeys.mock.calls.length).toBe(listCalls + 1));
    expect(client.clearPendingKey).toHaveBeenCalledTimes(ui === 'popup' ? 1 : 0);
    expect(await storedEverywhere()).not.toContain(RAW_KEY);

    // Reopening starts from a clean form, not from the last key.
    await user.click(screen.getByRole('button', { name: openButton(ui) }));
    await screen.findByRole('dialog', { name: 'Create API Key' }); // the popup loads the dialog on first use
    expect((within(form()).getByLabelText('Name') as HTMLInputElement).value).toBe('');
    expect(document.body.textContent).not.toContain(RAW_KEY);
  });

  it('sends one request for a double click', async () => {
    let answer: (v: unknown) => void = () => undefined;
    const { client, user } = setup(ui, { createKey: () => new Promise((r) => (answer = r)) });
    await user.click(screen.getByRole('button', { name: openButton(ui) }));
    await screen.findByRole('dialog', { name: 'Create API Key' }); // the popup loads the dialog on first use
    await user.type(within(form()).getByLabelText('Name'), 'testing');
    await user.dblClick(submit());
    await user.keyboard('{Enter}');
    expect(submit().hasAttribute('disabled')).toBe(true);
    answer(ok(created()));
    await screen.findByText(RAW_KEY);
    expect(client.createKey).toHaveBeenCalledTimes(1);
  });

  it.each([
    ['empty', '', 'Name is required.'],
    ['whitespace only', '    ', 'Name is required.'],
    ['101 characters', 'x'.repeat(101), 'Name must be at most 100 characters (it has 101).'],
  ])('refuses a name that is %s and sends nothing', async (_label, typed, message) => {
    const { client, user } = setup(ui);
    await user.click(screen.getByRole('button', { name: openButton(ui) }));
    await screen.findByRole('dialog', { name: 'Create API Key' }); // the popup loads the dialog on first use
    const name = within(form()).getByLabelText('Name');
    if (typed) {
      await user.click(name);
      await user.paste(typed);
    }
    await user.click(submit());
    expect(within(form()).getByRole('alert').textContent).toBe(message);
    expect(name.getAttribute('aria-invalid')).toBe('true');
    expect(client.createKey).not.toHaveBeenCalled();
  });

  it('sends emoji and right-to-left names as typed, and shows markup as text', async () => {
    const { client, user } = setup(ui);
    await user.click(screen.getByRole('button', { name: openButton(ui) }));
    await screen.findByRole('dialog', { name: 'Create API Key' }); // the popup loads the dialog on first use
    await user.click(within(form()).getByLabelText('Name'));
    await user.paste('مفتاح 🔑 prod');
    await user.click(submit());
    await screen.findByText(RAW_KEY);
    expect(client.createKey.mock.calls[0]![0]).toMatchObject({ name: 'مفتاح 🔑 prod' });
    await user.click(screen.getByRole('button', { name: 'Done' }));

    const evil = '<img src=x onerror=alert(1)>';
    await user.click(screen.getByRole('button', { name: openButton(ui) }));
    await screen.findByRole('dialog', { name: 'Create API Key' }); // the popup loads the dialog on first use
    await user.click(within(form()).getByLabelText('Name'));
    await user.paste(evil);
    await user.click(submit());
    await screen.findByText(RAW_KEY);
    expect(client.createKey.mock.calls[1]![0]).toMatchObject({ name: evil });
    // The new row is in the list at once, behind the dialog, with the name shown literally.
    expect(await screen.findByText(evil)).toBeTruthy();
    await user.click(screen.getByRole('button', { name: 'Done' }));
    expect(await screen.findByText(evil)).toBeTruthy();
    expect(screen.getByText('مفتاح 🔑 prod')).toBeTruthy();
    expect(document.querySelector('img')).toBeNull();
  });

  it('shows the server error in the form and keeps what was typed', async () => {
    const { user } = setup(ui, { createKey: async () => fail({ kind: 'network', message: 'Cannot reach api.kalshibook.io.' }) });
    await user.click(screen.getByRole('button', { name: openButton(ui) }));
    await screen.findByRole('dialog', { name: 'Create API Key' }); // the popup loads the dialog on first use
    await user.type(within(form()).getByLabelText('Name'), 'my key');
    await user.selectOptions(within(form()).getByLabelText('Type'), 'prod');
    await user.click(submit());
    await within(form()).findByText('Cannot reach api.kalshibook.io.');
    expect((within(form()).getByLabelText('Name') as HTMLInputElement).value).toBe('my key');
    expect((within(form()).getByLabelText('Type') as HTMLSelectElement).value).toBe('prod');
    expect(submit().hasAttribute('disabled')).toBe(false);
  });

  it('shows a per-field server error under Name', async () => {
    const { user } = setup(ui, { createKey: async () => fail({ kind: 'validation', code: 'invalid_name', message: 'Invalid name.', fields: { name: 'That name is not allowed.' } }) });
    await user.click(screen.getByRole('button', { name: openButton(ui) }));
    await screen.findByRole('dialog', { name: 'Create API Key' }); // the popup loads the dialog on first use
    const name = within(form()).getByLabelText('Name');
    await user.type(name, 'bad');
    await user.click(submit());
    await within(form()).findByText('That name is not allowed.');
    expect(name.getAttribute('aria-invalid')).toBe('true');
  });

  it('Cancel closes the form without creating', async () => {
    const { client, user } = setup(ui);
    await user.click(screen.getByRole('button', { name: openButton(ui) }));
    await screen.findByRole('dialog', { name: 'Create API Key' }); // the popup loads the dialog on first use
    await user.type(within(form()).getByLabelText('Name'), 'never mind');
    await user.click(within(form()).getByRole('button', { name: 'Cancel' }));
    expect(screen.queryByRole('dialog')).toBeNull();
    expect(client.createKey).not.toHaveBeenCalled();
  });
});

describe('Create key (popup): a key not yet acknowledged survives the popup closing', () => {
  const pending: PendingKey = { id: 'k-new', key: RAW_KEY, name: 'testing', key_type: 'dev', key_prefix: 'kb-AbC1', expiresAt: Date.now() + 60_000 };

  it('shows the pending key again on open; Done clears it', async () => {
    const { client, user } = setup('popup', { getPendingKey: async () => ok(pending) });
    const shown = await screen.findByRole('dialog', { name: 'API Key Created' });
    expect(within(shown).getByText(RAW_KEY)).toBeTruthy();
    expect(client.createKey).not.toHaveBeenCalled();
    await user.click(within(shown).getByRole('button', { name: 'Done' }));
    expect(client.clearPendingKey).toHaveBeenCalledTimes(1);
    expect(document.body.textContent).not.toContain(RAW_KEY);
    expect(await storedEverywhere()).not.toContain(RAW_KEY);
  });

  it('shows nothing when no key is pending', async () => {
    const { client } = setup('popup');
    await screen.findByText('existing');
    await waitFor(() => expect(client.getPendingKey).toHaveBeenCalled());
    expect(screen.queryByRole('dialog')).toBeNull();
  });

  it('the options page does not look for a pending key', async () => {
    const { client } = setup('options', { getPendingKey: async () => ok(pending) });
    await screen.findByText('existing');
    expect(client.getPendingKey).not.toHaveBeenCalled();
    expect(screen.queryByText(RAW_KEY)).toBeNull();
  });
});
