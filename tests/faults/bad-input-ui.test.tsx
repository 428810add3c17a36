// Key names as typed, stored by the server and shown back: emoji, right-to-left text and markup
// are text, never HTML; the 100-character limit counts characters the way the server does.
import { screen, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { beforeEach, describe, expect, it } from 'vitest';
import { KeysList } from '@/components/keys/KeysList';
import { KeysSection } from '@/components/keys/KeysSection';
import { type FakeServer } from '../helpers/fake-server';
import { renderWithClient, type ServiceClient, signedInWorld } from './harness';

const HOSTILE = [
  'مفتاح الإنتاج',
  'prod 🔑🚀 key',
  '<img src=x onerror=alert(1)>',
  '<script>document.title="owned"</script>',
  '"><svg onload=alert(1)>',
  'invoice\u202Egnp.exe',
  '&lt;b&gt;entity&lt;/b&gt;',
];

let server: FakeServer;
let client: ServiceClient;

beforeEach(async () => {
  ({ server, client } = await signedInWorld(HOSTILE.map((name) => [name, 'dev'])));
});

describe.each([
  { page: 'options', ui: <KeysSection />, open: 'Create Key' },
  { page: 'popup', ui: <KeysList />, open: 'New key' },
])('$page', ({ ui, open }) => {
  it('shows every stored name exactly as typed, as text', async () => {
    const { container } = renderWithClient(ui, client);
    for (const name of HOSTILE) expect(await within(container).findByText(name)).toBeTruthy();
    expect(container.querySelector('img, script, svg[onload], [onerror]')).toBeNull();
    expect(document.title).not.toBe('owned');
  });

  it('100 emoji are accepted and sent as typed; 101 are refused before sending', async () => {
    const user = userEvent.setup();
    renderWithClient(ui, client);
    await screen.findByText(HOSTILE[0]!);
    await user.click(screen.getByRole('button', { name: open }));
    const form = await screen.findByRole('dialog', { name: 'Create API Key' });
    const name = within(form).getByLabelText('Name');
    await user.click(name);
    await user.paste('🔑'.repeat(101));
    expect(within(form).getByText('Name must be at most 100 characters (it has 101).')).toBeTruthy();
    await user.click(within(form).getByRole('button', { name: 'Create Key' }));
    expect(server.requests('POST /keys')).toEqual([]);

    await user.clear(name);
    await user.paste('🔑'.repeat(100));
    expect((name as HTMLInputElement).value).toBe('🔑'.repeat(100));
    expect(within(form).queryByText(/at most 100 characters/)).toBeNull();
    await user.click(within(form).getByRole('button', { name: 'Create Key' }));
    await screen.findByRole('dialog', { name: 'API Key Created' });
    expect(server.requests('POST /keys').map((c) => c.json)).toEqual([{ name: '🔑'.repeat(100), key_type: 'dev' }]);
    await user.click(screen.getByRole('button', { name: 'Done' }));
    expect(await screen.findByText('🔑'.repeat(100))).toBeTruthy();
  });
});
