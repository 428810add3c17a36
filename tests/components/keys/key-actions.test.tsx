// KeysSection on the options page, a key's actions: the Options menu (its items, keyboard, Copy
// key with reveal and its failures, Copy key prefix, Try in Playground), rename (validation,
// save, server errors, focus) and revoke (confirmation, once, already revoked, failure). The
// table itself is keys-section.test.tsx; shared helpers keys-section-helpers.tsx.
import { screen, waitFor, within } from '@testing-library/react';
import { toast } from 'sonner';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { ACTION_TOAST_MS } from '@/components/ui/toast';
import { fail, ok } from '../../helpers/fake-client';
import { RAW_KEY } from '../../helpers/fixtures';
import { ada, bodyRows, openMenu, renderTable } from './keys-section-helpers';

// Toasts live in a module-level store shared by every test; start each test with none.
afterEach(() => {
  toast.dismiss();
  vi.restoreAllMocks();
});

describe('KeysSection (options page)', () => {
  describe('Options menu', () => {
    it('offers Copy key, Copy key prefix, the four "Copy as" formats, Try in Playground, Rename and Revoke', async () => {
      const { user } = await renderTable();
      const menu = await openMenu(user, 'ada-prod');
      // The accessible name: aria-label where an item has a hint under its label, else the text.
      expect(within(menu).getAllByRole('menuitem').map((i) => i.getAttribute('aria-label') ?? i.textContent)).toEqual([
        'Copy key',
        'Copy key prefix',
        'Copy as .env line',
        'Copy as shell export',
        'Copy as Python',
        'Copy as curl',
        'Try in Playground',
        'Rename',
        'Revoke',
      ]);
      // Each format says what it is; curl says what it costs, Python names the SDK.
      expect(within(menu).getByRole('menuitem', { name: 'Copy as curl' }).getAttribute('aria-describedby')).toBeTruthy();
      expect(within(menu).getByRole('menuitem', { name: 'Copy as curl' }).textContent).toContain('costs 1 credit');
      expect(within(menu).getByRole('menuitem', { name: 'Copy as Python' }).textContent).toContain('pip install kalshibook');
      await user.keyboard('{Escape}');
      await waitFor(() => expect(screen.queryByRole('menu')).toBeNull());
    });

    it('Try in Playground opens the Playground section with that key (#playground?key=<id>)', async () => {
      window.location.hash = '';
      const { user } = await renderTable();
      const menu = await openMenu(user, 'ada-prod');
      await user.click(within(menu).getByRole('menuitem', { name: 'Try in Playground' }));
      await waitFor(() => expect(window.location.hash).toBe('#playground?key=k-ada'));
    });

    it('opens from the keyboard on the first item', async () => {
      const { user } = await renderTable();
      screen.getByRole('button', { name: 'Options for bob-dev' }).focus();
      await user.keyboard('{Enter}');
      const menu = await screen.findByRole('menu');
      await waitFor(() => expect(document.activeElement).toBe(within(menu).getByRole('menuitem', { name: 'Copy key' })));
    });

    it('Copy key reveals the full key into the clipboard', async () => {
      const { user, client } = await renderTable(undefined, { revealKey: async () => ok({ key: RAW_KEY }) });
      await openMenu(user, 'ada-prod');
      await user.click(screen.getByRole('menuitem', { name: 'Copy key' }));
      await screen.findByText('API key copied to clipboard. Clears in 1 minute.');
      expect(client.keyCopied).toHaveBeenCalledTimes(1);
      expect(client.revealKey).toHaveBeenCalledWith({ id: 'k-ada' });
      expect(await navigator.clipboard.readText()).toBe(RAW_KEY);
      expect(document.body.textContent).not.toContain(RAW_KEY);
    });

    it('explains a key that cannot be revealed and offers its prefix, for long enough to reach the button', async () => {
      await navigator.clipboard.writeText('nothing yet');
      const info = vi.spyOn(toast, 'info');
      const { user } = await renderTable(undefined, {
        revealKey: async () => fail({ code: 'key_not_found', status: 404, message: 'API key not found, revoked, or created before reveal was available.' }),
      });
      await openMenu(user, 'ada-prod');
      await user.click(screen.getByRole('menuitem', { name: 'Copy key' }));
      await screen.findByText('This key was created before keys could be revealed, so only its prefix can be copied.');
      expect(info).toHaveBeenCalledWith(expect.stringContaining('created before keys could be revealed'), expect.objectContaining({ duration: ACTION_TOAST_MS }));
      expect(await navigator.clipboard.readText()).toBe('nothing yet');
      await user.click(screen.getByRole('button', { name: 'Copy key prefix' }));
      await screen.findByText('Key prefix copied to clipboard');
      expect(await navigator.clipboard.readText()).toBe('kb-Ada1');
    });

    it('shows other reveal errors as they are', async () => {
      const { user } = await renderTable(undefined, { revealKey: async () => fail({ kind: 'network', message: 'Cannot reach api.kalshibook.io.' }) });
      await openMenu(user, 'ada-prod');
      await user.click(screen.getByRole('menuitem', { name: 'Copy key' }));
      await screen.findByText('Cannot reach api.kalshibook.io.');
    });

    it('Copy key prefix copies the prefix', async () => {
      const { user, client } = await renderTable();
      await openMenu(user, 'bob-dev');
      await user.click(screen.getByRole('menuitem', { name: 'Copy key prefix' }));
      await screen.findByText('Key prefix copied to clipboard');
      expect(await navigator.clipboard.readText()).toBe('kb-Bob2');
      expect(client.revealKey).not.toHaveBeenCalled();
    });
  });

  describe('rename', () => {
    it('returns focus to the row\'s Options button when the dialog closes', async () => {
      const { user } = await renderTable();
      await openMenu(user, 'ada-prod');
      await user.click(screen.getByRole('menuitem', { name: 'Rename' }));
      await user.click(within(screen.getByRole('dialog', { name: 'Rename API Key' })).getByRole('button', { name: 'Cancel' }));
      await waitFor(() => expect(document.activeElement).toBe(screen.getByRole('button', { name: 'Options for ada-prod' })));
    });

    it('validates the name in the dialog and sends nothing invalid', async () => {
      const { user, client } = await renderTable();
      await openMenu(user, 'ada-prod');
      await user.click(screen.getByRole('menuitem', { name: 'Rename' }));
      const dialog = screen.getByRole('dialog', { name: 'Rename API Key' });
      const input = within(dialog).getByLabelText('Name') as HTMLInputElement;
      expect(input.value).toBe('ada-prod');
      await user.clear(input);
      await user.type(input, '   ');
      await user.click(within(dialog).getByRole('button', { name: 'Save' }));
      expect(within(dialog).getByText('Name is required.')).toBeTruthy();
      expect(input.getAttribute('aria-invalid')).toBe('true');
      await user.clear(input);
      await user.click(input);
      await user.paste('n'.repeat(101));
      expect(within(dialog).getByText('Name must be at most 100 characters (it has 101).')).toBeTruthy();
      await user.click(within(dialog).getByRole('button', { name: 'Save' }));
      expect(client.renameKey).not.toHaveBeenCalled();
    });

    it('saves, updates the row and says so', async () => {
      const { user, client } = await renderTable(undefined, {
        // The PATCH answer is an ApiKeyInfo: no credits_used.
        renameKey: async ({ id, name }: { id: string; name: string }) => {
          const { credits_used: _usage, ...info } = ada;
          return ok({ ...info, id, name });
        },
      });
      await openMenu(user, 'ada-prod');
      await user.click(screen.getByRole('menuitem', { name: 'Rename' }));
      const input = screen.getByLabelText('Name');
      await user.clear(input);
      await user.type(input, 'research 🔑');
      await user.click(screen.getByRole('button', { name: 'Save' }));
      await screen.findByText('API key renamed');
      expect(client.renameKey).toHaveBeenCalledWith({ id: 'k-ada', name: 'research 🔑' });
      expect(screen.queryByRole('dialog')).toBeNull();
      const row = bodyRows().find((r) => r.textContent?.includes('research 🔑'))!;
      expect(row.textContent).toContain('1,234 credits'); // usage kept from the list
      expect(screen.queryByText('ada-prod')).toBeNull();
    });

    it('shows a server error in the dialog and keeps the typed name', async () => {
      const { user } = await renderTable(undefined, {
        renameKey: async () => fail({ code: 'key_not_found', status: 404, message: 'API key not found or already revoked.' }),
      });
      await openMenu(user, 'ada-prod');
      await user.click(screen.getByRole('menuitem', { name: 'Rename' }));
      const input = screen.getByLabelText('Name') as HTMLInputElement;
      await user.clear(input);
      await user.type(input, 'new name');
      await user.click(screen.getByRole('button', { name: 'Save' }));
      const dialog = screen.getByRole('dialog', { name: 'Rename API Key' });
      await within(dialog).findByText('API key not found or already revoked.');
      expect((within(dialog).getByLabelText('Name') as HTMLInputElement).value).toBe('new name');
    });
  });

  describe('revoke', () => {
    it('asks first; Cancel revokes nothing', async () => {
      const { user, client } = await renderTable();
      await openMenu(user, 'ada-prod');
      await user.click(screen.getByRole('menuitem', { name: 'Revoke' }));
      const dialog = screen.getByRole('alertdialog', { name: 'Revoke API Key' });
      expect(dialog.textContent).toContain('Are you sure you want to revoke "ada-prod"? This key will stop working immediately.');
      await user.click(within(dialog).getByRole('button', { name: 'Cancel' }));
      expect(screen.queryByRole('alertdialog')).toBeNull();
      expect(client.revokeKey).not.toHaveBeenCalled();
      expect(screen.getByText('ada-prod')).toBeTruthy();
    });

    it('revokes once on confirm, removes the row and says so', async () => {
      let finish: (v: unknown) => void = () => undefined;
      const { user, client } = await renderTable(undefined, { revokeKey: () => new Promise((r) => (finish = r)) });
      await openMenu(user, 'ada-prod');
      await user.click(screen.getByRole('menuitem', { name: 'Revoke' }));
      const confirm = within(screen.getByRole('alertdialog')).getByRole('button', { name: 'Revoke' });
      await user.dblClick(confirm);
      expect((confirm as HTMLButtonElement).disabled).toBe(true);
      finish(ok({ alreadyRevoked: false }));
      await screen.findByText('API key revoked');
      expect(client.revokeKey).toHaveBeenCalledTimes(1);
      expect(client.revokeKey).toHaveBeenCalledWith({ id: 'k-ada' });
      expect(screen.queryByText('ada-prod')).toBeNull();
      expect(bodyRows()).toHaveLength(2);
    });

    it('treats an already revoked key as revoked, without an error', async () => {
      const { user } = await renderTable(undefined, { revokeKey: async () => ok({ alreadyRevoked: true }) });
      await openMenu(user, 'bob-dev');
      await user.click(screen.getByRole('menuitem', { name: 'Revoke' }));
      await user.click(within(screen.getByRole('alertdialog')).getByRole('button', { name: 'Revoke' }));
      await screen.findByText('API key revoked');
      expect(screen.queryByRole('alert')).toBeNull();
      expect(screen.queryByText('bob-dev')).toBeNull();
    });

    it('shows a failure in the dialog and keeps the row', async () => {
      const { user } = await renderTable(undefined, { revokeKey: async () => fail({ kind: 'timeout', message: 'The server took too long to answer.' }) });
      await openMenu(user, 'bob-dev');
      await user.click(screen.getByRole('menuitem', { name: 'Revoke' }));
      const dialog = screen.getByRole('alertdialog');
      await user.click(within(dialog).getByRole('button', { name: 'Revoke' }));
      await within(dialog).findByText('The server took too long to answer.');
      expect(screen.queryByText('API key revoked')).toBeNull();
      await user.click(within(dialog).getByRole('button', { name: 'Cancel' }));
      expect(screen.getByText('bob-dev')).toBeTruthy();
    });
  });
});
