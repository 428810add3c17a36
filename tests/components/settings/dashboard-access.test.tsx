// "Return from Stripe on any dashboard": a Dashboard URL on another host than the build's asks for
// host access to that origin on Save — in the click itself, since browsers prompt only for a user
// gesture — with the reason shown beforehand. The prompt cannot be driven headless; its answers are
// tested here (the real-browser suite covers a granted permission).
import { fireEvent, screen, waitFor } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { fakeBrowser } from 'wxt/testing/fake-browser';
import { SettingsSection } from '@/components/settings';
import { defaultSettings, type Settings } from '@/lib/settings';
import { needsHostAccess } from '@/lib/permissions';
import { originPattern } from '@/lib/settings';
import { createFakeClient, ok } from '../../helpers/fake-client';
import { renderWithAccount } from '../../helpers/render';

afterEach(() => {
  vi.restoreAllMocks();
});

const input = (label: string) => screen.getByLabelText(label) as HTMLInputElement;

function setup(stored: Settings = defaultSettings({}), { granted = true, held = false } = {}) {
  const request = vi.spyOn(fakeBrowser.permissions, 'request').mockImplementation(async () => granted);
  vi.spyOn(fakeBrowser.permissions, 'contains').mockImplementation(async () => held);
  vi.spyOn(fakeBrowser.permissions, 'getAll').mockResolvedValue({ origins: ['https://kalshibook.io/*'], permissions: [] } as never);
  const remove = vi.spyOn(fakeBrowser.permissions, 'remove').mockResolvedValue(true as never);
  let saved = stored;
  const client = createFakeClient({
    getSettings: async () => ok(saved),
    saveSettings: async (s: Settings) => ok((saved = s)),
  });
  renderWithAccount(<SettingsSection />, client);
  return { client, request, remove, user: userEvent.setup() };
}

async function typeDashboard(user: ReturnType<typeof userEvent.setup>, value: string) {
  await waitFor(() => expect(input('Dashboard URL').value).not.toBe(''));
  await user.clear(input('Dashboard URL'));
  await user.type(input('Dashboard URL'), value);
}

describe('match patterns', () => {
  it('one pattern per host, any port; the build’s own dashboard needs nothing', () => {
    expect(originPattern('https://dash.example.com:8443/app')).toBe('https://dash.example.com/*');
    expect(originPattern('http://localhost:3000')).toBe('http://localhost/*');
    expect(originPattern('not a url')).toBeNull();
    expect(needsHostAccess('https://kalshibook.io')).toBe(false); // the default build's dashboard
    expect(needsHostAccess('https://kalshibook.io:444/x')).toBe(false);
    expect(needsHostAccess('https://staging.kalshibook.io')).toBe(true);
  });
});

describe('Settings: host access for a custom Dashboard URL', () => {
  it('says why before Save, asks within the Save click, and notes the access granted', async () => {
    const { request, client, user } = setup();
    await typeDashboard(user, 'https://dash.example.com');
    expect(screen.getByTestId('dashboard-access').textContent).toBe(
      'On Save, the browser asks you to let KalshiBook see your tabs’ addresses on dash.example.com: that is how it notices when Stripe sends you back there after a checkout.',
    );
    fireEvent.click(screen.getByRole('button', { name: 'Save' }));
    expect(request).toHaveBeenCalledTimes(1); // synchronously, in the click
    expect(request).toHaveBeenCalledWith({ origins: ['https://dash.example.com/*'] });
    expect(await screen.findByText('Settings saved')).toBeTruthy();
    expect(client.saveSettings).toHaveBeenCalledWith(expect.objectContaining({ dashboardUrl: 'https://dash.example.com' }));
    await waitFor(() => expect(screen.getByTestId('dashboard-access').textContent).toContain('KalshiBook may see your tabs’ addresses on dash.example.com'));
  });

  it('refused: saved anyway, polling only, and Settings says so with a way to allow it later', async () => {
    const { request, user } = setup(undefined, { granted: false });
    await typeDashboard(user, 'https://dash.example.com');
    await user.click(screen.getByRole('button', { name: 'Save' }));
    expect(await screen.findByText('Settings saved')).toBeTruthy();
    await waitFor(() => expect(screen.getByTestId('dashboard-access').textContent).toContain('No access to dash.example.com: after a checkout, KalshiBook only polls'));
    request.mockResolvedValue(true as never);
    fireEvent.click(screen.getByRole('button', { name: 'Allow access to dash.example.com' }));
    expect(request).toHaveBeenCalledTimes(2);
    await waitFor(() => expect(screen.getByTestId('dashboard-access').textContent).toContain('KalshiBook may see'));
  });

  it('the build’s dashboard: no prompt, no note; earlier custom access is given back', async () => {
    const { request, remove, user } = setup({ ...defaultSettings({}), dashboardUrl: 'https://dash.example.com' }, { held: true });
    vi.spyOn(fakeBrowser.permissions, 'getAll').mockResolvedValue({ origins: ['https://kalshibook.io/*', 'https://dash.example.com/*'], permissions: [] } as never);
    await waitFor(() => expect(screen.getByTestId('dashboard-access').textContent).toContain('KalshiBook may see'));
    await typeDashboard(user, 'https://kalshibook.io');
    expect(screen.queryByTestId('dashboard-access')).toBeNull();
    await user.click(screen.getByRole('button', { name: 'Save' }));
    expect(await screen.findByText('Settings saved')).toBeTruthy();
    expect(request).not.toHaveBeenCalled();
    await waitFor(() => expect(remove).toHaveBeenCalledWith({ origins: ['https://dash.example.com/*'] }));
    expect(screen.queryByTestId('dashboard-access')).toBeNull();
  });

  it('a stored custom dashboard without access shows the polling note on opening Settings', async () => {
    setup({ ...defaultSettings({}), dashboardUrl: 'https://dash.example.com' }, { held: false });
    await waitFor(() => expect(screen.getByTestId('dashboard-access').textContent).toContain('No access to dash.example.com'));
  });

  it('an invalid URL asks nothing', async () => {
    const { request, user } = setup();
    await typeDashboard(user, 'http://dash.example.com');
    await user.click(screen.getByRole('button', { name: 'Save' }));
    expect(await screen.findByText(/Plain http:\/\/ is only allowed/)).toBeTruthy();
    expect(request).not.toHaveBeenCalled();
  });
});
