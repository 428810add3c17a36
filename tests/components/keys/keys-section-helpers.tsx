// What the KeysSection tests share (keys-section.test.tsx: the table; key-actions.test.tsx: the
// Options menu, rename and revoke): three keys, the section rendered on a fake client, its body
// rows, and a row's Options menu opened.
import { screen, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { KeysSection } from '@/components/keys/KeysSection';
import type { KeyUsageItem } from '@/lib/api/schemas';
import { createFakeClient, ok } from '../../helpers/fake-client';
import { keyRow } from '../../helpers/fixtures';
import { renderWithAccount } from '../../helpers/render';

export const ada = keyRow({ id: 'k-ada', name: 'ada-prod', key_prefix: 'kb-Ada1', key_type: 'prod', credits_used: 1234, created_at: '2026-02-10T10:00:00Z', last_used_at: '2026-02-15T12:00:00Z' });
export const bob = keyRow({ id: 'k-bob', name: 'bob-dev', key_prefix: 'kb-Bob2', key_type: 'dev', credits_used: 1, created_at: '2026-02-12T10:00:00Z' });
export const old = keyRow({ id: 'k-old', name: 'oldest', key_prefix: 'kb-Old3', created_at: '2025-12-01T00:00:00Z' });

export async function renderTable(rows: KeyUsageItem[] = [ada, bob, old], overrides: Parameters<typeof createFakeClient>[0] = {}) {
  const client = createFakeClient({ listKeys: async () => ok(rows), ...overrides });
  const view = renderWithAccount(<KeysSection />, client);
  if (rows.length) await screen.findByText(rows[0]!.name);
  return { ...view, client, user: userEvent.setup() };
}

export const bodyRows = () => within(screen.getByRole('table')).getAllByRole('row').slice(1);

export async function openMenu(user: ReturnType<typeof userEvent.setup>, name: string) {
  await user.click(screen.getByRole('button', { name: `Options for ${name}` }));
  return screen.findByRole('menu');
}
