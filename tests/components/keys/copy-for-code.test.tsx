// "Copy for code" in the three places it appears: the options row menu, the popup row's own menu
// (next to the one-click "Copy key") and the show-once view. The clipboard receives exactly the
// format's text, the toast says what was copied and when the clipboard clears, and keys that
// cannot be revealed explain it instead.
import { screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { toast } from 'sonner';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { KeysList } from '@/components/keys/KeysList';
import { KeysSection } from '@/components/keys/KeysSection';
import { NOT_REVEALABLE } from '@/components/keys/use-copy-key';
import { defaultSettings } from '@/lib/settings';
import { createFakeClient, fail, ok } from '../../helpers/fake-client';
import { keyRow, RAW_KEY } from '../../helpers/fixtures';
import { renderWithAccount } from '../../helpers/render';

afterEach(() => {
  toast.dismiss();
});
beforeEach(async () => {
  await navigator.clipboard.writeText('before');
});

const ada = keyRow({ id: 'k-ada', name: 'ada-prod', key_prefix: 'kb-AbC1', key_type: 'prod' });
const EXPECTED = {
  'Copy as .env line': `KALSHIBOOK_API_KEY=${RAW_KEY}`,
  'Copy as shell export': `export KALSHIBOOK_API_KEY="${RAW_KEY}"`,
  'Copy as Python': `from kalshibook import KalshiBook\nclient = KalshiBook("${RAW_KEY}", base_url="https://staging.example/kb")`,
  'Copy as curl': `curl -H "Authorization: Bearer ${RAW_KEY}" "https://staging.example/kb/markets"`,
} as const;
const TOAST = {
  'Copy as .env line': '.env line copied to clipboard. Clears in 1 minute.',
  'Copy as shell export': 'Shell export copied to clipboard. Clears in 1 minute.',
  'Copy as Python': 'Python snippet copied to clipboard. Clears in 1 minute.',
  'Copy as curl': 'curl command copied to clipboard. Clears in 1 minute.',
} as const;
type Item = keyof typeof EXPECTED;
const ITEMS = Object.keys(EXPECTED) as Item[];

function client(overrides: Parameters<typeof createFakeClient>[0] = {}) {
  return createFakeClient({
    listKeys: async () => ok([ada]),
    revealKey: async () => ok({ key: RAW_KEY }),
    getSettings: async () => ok({ ...defaultSettings({}), apiBaseUrl: 'https://staging.example/kb' }),
    ...overrides,
  });
}

async function openOptionsMenu(user: ReturnType<typeof userEvent.setup>) {
  await user.click(await screen.findByRole('button', { name: 'Options for ada-prod' }));
  return screen.findByRole('menu', { name: 'Options for ada-prod' });
}

async function openPopupMenu(user: ReturnType<typeof userEvent.setup>) {
  const row = await screen.findByRole('listitem', { name: 'ada-prod' });
  await user.click(within(row).getByRole('button', { name: 'Copy for code' }));
  // The menu's code loads on this first open (a dynamic import): allow for a cold module load.
  return screen.findByRole('menu', { name: 'Copy for code' });
}

describe.each([
  ['options row menu', () => <KeysSection />, openOptionsMenu],
  ['popup row menu', () => <KeysList />, openPopupMenu],
] as const)('%s', (_where, ui, openMenu) => {
  it.each(ITEMS)('%s puts exactly its text in the clipboard, and the toast says when it clears', async (item) => {
    const c = client();
    renderWithAccount(ui(), c);
    const user = userEvent.setup();
    const menu = await openMenu(user);
    await user.click(within(menu).getByRole('menuitem', { name: item }));
    await screen.findByText(TOAST[item]);
    expect(await navigator.clipboard.readText()).toBe(EXPECTED[item]);
    expect(c.revealKey).toHaveBeenCalledWith({ id: 'k-ada' });
    expect(c.keyCopied).toHaveBeenCalledTimes(1);
    if (item === 'Copy as curl') expect(screen.getByText('Running it costs 1 credit.')).toBeTruthy();
    // The full key went to the clipboard only, never into the page.
    expect(document.body.textContent).not.toContain(RAW_KEY);
  });

  it('a key that cannot be revealed is explained, with its prefix on offer; nothing is copied or scheduled', async () => {
    const c = client({ revealKey: async () => fail({ code: 'key_not_found', status: 404, message: 'API key not found, revoked, or created before reveal was available.' }) });
    renderWithAccount(ui(), c);
    const user = userEvent.setup();
    const menu = await openMenu(user);
    await user.click(within(menu).getByRole('menuitem', { name: 'Copy as .env line' }));
    await screen.findByText(NOT_REVEALABLE);
    expect(await navigator.clipboard.readText()).toBe('before');
    expect(c.keyCopied).not.toHaveBeenCalled();
    await user.click(screen.getByRole('button', { name: 'Copy key prefix' }));
    await waitFor(async () => expect(await navigator.clipboard.readText()).toBe('kb-AbC1'));
    // A prefix never schedules a clear.
    expect(c.keyCopied).not.toHaveBeenCalled();
  });

  it('curl: Settings that cannot be read are said, and nothing is copied', async () => {
    const c = client({ getSettings: async () => fail({ kind: 'extension', code: 'background_unavailable', message: 'The KalshiBook extension is not responding. Close this window and open it again.' }) });
    renderWithAccount(ui(), c);
    const user = userEvent.setup();
    const menu = await openMenu(user);
    await user.click(within(menu).getByRole('menuitem', { name: 'Copy as curl' }));
    await screen.findByText('The KalshiBook extension is not responding. Close this window and open it again.');
    expect(await navigator.clipboard.readText()).toBe('before');
  });
});

describe('popup row', () => {
  it('keeps the one-click "Copy key" next to "Copy for code" and "Revoke"', async () => {
    renderWithAccount(<KeysList />, client());
    const row = await screen.findByRole('listitem', { name: 'ada-prod' });
    expect(within(row).getAllByRole('button').map((b) => b.getAttribute('aria-label'))).toEqual(['Copy key', 'Copy for code', 'Revoke']);
  });

  it('the menu opens from the keyboard on its first item, and Escape closes it back to its button', async () => {
    renderWithAccount(<KeysList />, client());
    const user = userEvent.setup();
    const row = await screen.findByRole('listitem', { name: 'ada-prod' });
    within(row).getByRole('button', { name: 'Copy for code' }).focus();
    await user.keyboard('{Enter}');
    const menu = await screen.findByRole('menu', { name: 'Copy for code' });
    await waitFor(() => expect(document.activeElement).toBe(within(menu).getByRole('menuitem', { name: 'Copy as .env line' })));
    expect(within(menu).getAllByRole('menuitem').map((i) => i.getAttribute('aria-label') ?? i.textContent)).toEqual([...ITEMS, 'Try in Playground']);
    await user.keyboard('{Escape}');
    await waitFor(() => expect(screen.queryByRole('menu')).toBeNull());
    expect(document.activeElement).toBe(within(row).getByRole('button', { name: 'Copy for code' }));
  });
});

describe('popup: Try in Playground', () => {
  it('opens the options page at #playground with that key, and closes the popup', async () => {
    const { fakeBrowser } = await import('wxt/testing/fake-browser');
    const created: string[] = [];
    const create = fakeBrowser.tabs.create.bind(fakeBrowser.tabs);
    fakeBrowser.tabs.create = (async (props: { url?: string }) => {
      created.push(props.url ?? '');
      return create(props);
    }) as typeof fakeBrowser.tabs.create;
    const close = window.close;
    let closed = false;
    window.close = () => void (closed = true);
    try {
      renderWithAccount(<KeysList />, client());
      const user = userEvent.setup();
      const row = await screen.findByRole('listitem', { name: 'ada-prod' });
      await user.click(within(row).getByRole('button', { name: 'Copy for code' }));
      await user.click(await screen.findByRole('menuitem', { name: 'Try in Playground' }));
      await waitFor(() => expect(created).toEqual([expect.stringMatching(/\/options\.html#playground\?key=k-ada$/)]));
      expect(closed).toBe(true);
    } finally {
      window.close = close;
    }
  });
});

describe('toast', () => {
  it('with "Never" says only that the key was copied', async () => {
    const c = client({ keyCopied: async () => ok({ clearsInSeconds: null }) });
    renderWithAccount(<KeysList />, c);
    const user = userEvent.setup();
    await user.click(within(await screen.findByRole('listitem', { name: 'ada-prod' })).getByRole('button', { name: 'Copy key' }));
    expect(await screen.findByText('API key copied to clipboard')).toBeTruthy();
    expect(screen.queryByText(/Clears in/)).toBeNull();
  });

  it.each([
    [30, 'API key copied to clipboard. Clears in 30 seconds.'],
    [120, 'API key copied to clipboard. Clears in 2 minutes.'],
    [300, 'API key copied to clipboard. Clears in 5 minutes.'],
  ])('after %i seconds: "%s"', async (seconds, text) => {
    renderWithAccount(<KeysList />, client({ keyCopied: async () => ok({ clearsInSeconds: seconds }) }));
    const user = userEvent.setup();
    await user.click(within(await screen.findByRole('listitem', { name: 'ada-prod' })).getByRole('button', { name: 'Copy key' }));
    expect(await screen.findByText(text)).toBeTruthy();
  });

  it('says so when the clear could not be scheduled (the key is still copied)', async () => {
    renderWithAccount(<KeysList />, client({ keyCopied: async () => fail({ kind: 'extension', code: 'unexpected', message: 'Something went wrong in the extension. Try again.' }) }));
    const user = userEvent.setup();
    await user.click(within(await screen.findByRole('listitem', { name: 'ada-prod' })).getByRole('button', { name: 'Copy key' }));
    expect(await screen.findByText('API key copied to clipboard')).toBeTruthy();
    expect(screen.getByText('It will not be cleared automatically: Something went wrong in the extension. Try again.')).toBeTruthy();
    expect(await navigator.clipboard.readText()).toBe(RAW_KEY);
  });
});

describe.each(['options', 'popup'] as const)('show-once view (%s)', (ui) => {
  it.each(ITEMS)('%s copies the new key in that format', async (item) => {
    const c = client({
      createKey: async () => ok({ id: 'k-new', key: RAW_KEY, name: 'testing', key_prefix: 'kb-AbC1', key_type: 'dev', created_at: '2026-02-20T09:00:00Z' }),
    });
    renderWithAccount(ui === 'options' ? <KeysSection /> : <KeysList />, c);
    const user = userEvent.setup();
    await screen.findByText('ada-prod');
    await user.click(screen.getByRole('button', { name: ui === 'options' ? 'Create Key' : 'New key' }));
    const form = await screen.findByRole('dialog', { name: 'Create API Key' });
    await user.type(within(form).getByLabelText('Name'), 'testing');
    await user.click(within(form).getByRole('button', { name: 'Create Key' }));
    const shown = await screen.findByRole('dialog', { name: 'API Key Created' });
    const group = await within(shown).findByRole('group', { name: 'Copy for code' });
    expect(group.textContent).toContain('pip install kalshibook');
    expect(group.textContent).toContain('costs 1 credit');
    await user.click(within(group).getByRole('button', { name: item }));
    await screen.findByText(TOAST[item]);
    expect(await navigator.clipboard.readText()).toBe(EXPECTED[item]);
    expect(c.revealKey).not.toHaveBeenCalled();
    expect(c.keyCopied).toHaveBeenCalledTimes(1);
  });
});
