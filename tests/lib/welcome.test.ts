// The first-run welcome's background side (lib/background/welcome.ts), on fake browser APIs: shown
// until "Got it" (for good: storage.local, so also after a restart), pinned as the browser says
// (null where it cannot tell), the popup command's real shortcut (null when the browser has none),
// and the demo email only from a loopback server that answers the local API's /__local/demo.
import { beforeEach, describe, expect, it, vi } from 'vitest';
import { fakeBrowser } from 'wxt/testing/fake-browser';
import type { FetchLike } from '@/lib/api/client';
import { dismissWelcome, getWelcome, type WelcomeApis } from '@/lib/background/welcome';
import { defaultSettings } from '@/lib/settings';
import { settingsItem, welcomeDismissedItem } from '@/lib/storage';

const COMMANDS = [
  { name: 'some_other_command', shortcut: 'Ctrl+Shift+Y' },
  { name: '_execute_action', shortcut: 'Alt+Shift+K' },
];

function apis(overrides: Partial<WelcomeApis> = {}): WelcomeApis {
  return {
    getUserSettings: async () => ({ isOnToolbar: false }),
    getCommands: async () => COMMANDS,
    browserName: 'chrome',
    fetch: vi.fn<FetchLike>(async () => new Response('not found', { status: 404 })),
    ...overrides,
  };
}

/** A server at `base` that answers /__local/demo like the local API. */
function localApiFetch(email = 'demo@kalshibook.local') {
  return vi.fn<FetchLike>(async (url) =>
    url.endsWith('/__local/demo')
      ? new Response(JSON.stringify({ email }), { status: 200, headers: { 'content-type': 'application/json' } })
      : new Response('{"detail":"Not Found"}', { status: 404, headers: { 'content-type': 'application/json' } }),
  );
}

async function useServer(apiBaseUrl: string) {
  await settingsItem.setValue({ ...defaultSettings({}), apiBaseUrl });
}

beforeEach(async () => {
  fakeBrowser.reset();
  await useServer('https://api.kalshibook.io');
});

describe('getWelcome', () => {
  it('a new user: shown, with the pin hint, the real shortcut and no demo account on the production server', async () => {
    const fetch = localApiFetch();
    expect(await getWelcome(apis({ fetch }))).toEqual({ show: true, browser: 'chrome', pinned: false, shortcut: 'Alt+Shift+K', demoEmail: null });
    // Production is never asked for a demo account.
    expect(fetch).not.toHaveBeenCalled();
  });

  it('pinned: as the browser says; null when it cannot tell (no getUserSettings, no boolean, or an error)', async () => {
    expect((await getWelcome(apis({ getUserSettings: async () => ({ isOnToolbar: true }) }))).pinned).toBe(true);
    expect((await getWelcome(apis({ getUserSettings: undefined }))).pinned).toBeNull();
    expect((await getWelcome(apis({ getUserSettings: async () => ({}) }))).pinned).toBeNull();
    expect((await getWelcome(apis({ getUserSettings: async () => Promise.reject(new Error('nope')) }))).pinned).toBeNull();
  });

  it('shortcut: the popup command only; null when the browser assigned none', async () => {
    expect((await getWelcome(apis({ getCommands: async () => [{ name: '_execute_action', shortcut: 'Ctrl+Shift+U' }] }))).shortcut).toBe('Ctrl+Shift+U');
    expect((await getWelcome(apis({ getCommands: async () => [{ name: '_execute_action', shortcut: '' }] }))).shortcut).toBeNull();
    expect((await getWelcome(apis({ getCommands: async () => [{ name: '_execute_action' }] }))).shortcut).toBeNull();
    expect((await getWelcome(apis({ getCommands: async () => [{ name: 'other', shortcut: 'Alt+Shift+K' }] }))).shortcut).toBeNull();
  });

  it('demo account: only from a loopback server that answers /__local/demo', async () => {
    await useServer('http://127.0.0.1:8000');
    const fetch = localApiFetch();
    expect((await getWelcome(apis({ fetch }))).demoEmail).toBe('demo@kalshibook.local');
    expect(fetch).toHaveBeenCalledWith('http://127.0.0.1:8000/__local/demo', expect.objectContaining({ method: 'GET' }));

    await useServer('http://localhost:9000/kb');
    expect((await getWelcome(apis({ fetch: localApiFetch() }))).demoEmail).toBe('demo@kalshibook.local');
  });

  it('no demo account from a loopback server without the route (a real backend), a down server, a malformed answer, or a remote server', async () => {
    await useServer('http://127.0.0.1:8000');
    expect((await getWelcome(apis())).demoEmail).toBeNull(); // 404
    expect((await getWelcome(apis({ fetch: async () => Promise.reject(new TypeError('Failed to fetch')) }))).demoEmail).toBeNull();
    expect((await getWelcome(apis({ fetch: async () => new Response('{"email": 42}', { status: 200 }) }))).demoEmail).toBeNull();
    expect((await getWelcome(apis({ fetch: async () => new Response('<html>', { status: 200 }) }))).demoEmail).toBeNull();

    await useServer('https://staging.example.com');
    const fetch = localApiFetch();
    expect((await getWelcome(apis({ fetch }))).demoEmail).toBeNull();
    expect(fetch).not.toHaveBeenCalled();
  });

  it('"Got it" dismisses it for good: storage.local, so it stays away on the next ask and after a restart', async () => {
    expect((await getWelcome(apis())).show).toBe(true);
    await dismissWelcome();
    expect(await welcomeDismissedItem.getValue()).toBe(true);
    expect(await fakeBrowser.storage.local.get('welcomeDismissed')).toEqual({ welcomeDismissed: true });
    const fetch = localApiFetch();
    expect(await getWelcome(apis({ fetch }))).toMatchObject({ show: false });
    // Nothing is asked of the browser or the server for a welcome that is not shown.
    expect(fetch).not.toHaveBeenCalled();
  });
});
