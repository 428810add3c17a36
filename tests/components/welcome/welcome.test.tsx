// The options page's first-run welcome (components/welcome/Welcome.tsx) on a fake background:
// shown on first run as a named region, the pin hint only while not pinned (or the browser cannot
// tell), each browser's own words, the real shortcut or "not set", the demo email only when the
// background found one, and "Got it" hiding it for good (the background is told; reopening the
// page asks again and gets nothing to show).
import { screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { describe, expect, it } from 'vitest';
import { Welcome } from '@/components/welcome/Welcome';
import type { WelcomeView } from '@/lib/background/welcome';
import { createFakeClient, fail, ok } from '../../helpers/fake-client';
import { renderWithAccount } from '../../helpers/render';

const FIRST_RUN: WelcomeView = { show: true, browser: 'chrome', pinned: false, shortcut: 'Alt+Shift+K', demoEmail: null };

function renderWelcome(view: Partial<WelcomeView> = {}, overrides: Parameters<typeof createFakeClient>[0] = {}) {
  const client = createFakeClient({ getWelcome: async () => ok({ ...FIRST_RUN, ...view }), ...overrides });
  return renderWithAccount(<Welcome />, client);
}

const region = () => screen.findByRole('region', { name: 'Welcome to KalshiBook' });

describe('first-run welcome', () => {
  it('is shown on first run: a region with a heading, the pin hint, the shortcut and "Got it"', async () => {
    renderWelcome();
    const welcome = await region();
    expect(within(welcome).getByRole('heading', { name: 'Welcome to KalshiBook' })).toBeTruthy();
    expect(within(welcome).getByText('Pin KalshiBook to the toolbar')).toBeTruthy();
    expect(within(welcome).getByText(/puzzle piece.*then the pin next to KalshiBook/)).toBeTruthy();
    expect(within(welcome).getByText('Alt+Shift+K')).toBeTruthy();
    expect(within(welcome).getByRole('button', { name: 'Got it' })).toBeTruthy();
  });

  it('Chrome: no pin hint once it is pinned', async () => {
    renderWelcome({ pinned: true });
    const welcome = await region();
    expect(within(welcome).queryByText('Pin KalshiBook to the toolbar')).toBeNull();
    expect(within(welcome).getByText('Alt+Shift+K')).toBeTruthy();
  });

  it('Firefox: its own words; the pin hint also when the browser cannot tell', async () => {
    renderWelcome({ browser: 'firefox', pinned: null, shortcut: null });
    const welcome = await region();
    expect(within(welcome).getByText('Pin KalshiBook to the toolbar')).toBeTruthy();
    expect(within(welcome).getByText(/gear next to KalshiBook, and choose "Pin to Toolbar"/)).toBeTruthy();
    expect(within(welcome).getByText(/Not set\. Set one in the Add-ons Manager/)).toBeTruthy();
  });

  it('shortcut: the one the browser has, or "not set" with where to set it', async () => {
    const { unmount } = renderWelcome({ shortcut: 'Ctrl+Shift+U' });
    expect(within(await region()).getByText('Ctrl+Shift+U')).toBeTruthy();
    expect(screen.queryByText('Alt+Shift+K')).toBeNull();
    unmount();
    renderWelcome({ shortcut: null });
    const welcome = await region();
    expect(within(welcome).getByText('Not set. Set one at chrome://extensions/shortcuts.')).toBeTruthy();
  });

  it('demo account: its email only when the background found one (the local API)', async () => {
    const { unmount } = renderWelcome({ demoEmail: null });
    expect(within(await region()).queryByText('Demo account')).toBeNull();
    unmount();
    renderWelcome({ demoEmail: 'demo@kalshibook.local' });
    const welcome = await region();
    expect(within(welcome).getByText('Demo account')).toBeTruthy();
    expect(within(welcome).getByText('demo@kalshibook.local')).toBeTruthy();
    expect(welcome.textContent).not.toMatch(/demo-password/);
  });

  it('"Got it" dismisses it for good: the background is told, and a reopened page shows nothing', async () => {
    let dismissed = false;
    const overrides = {
      getWelcome: async () => ok({ ...FIRST_RUN, show: !dismissed }),
      dismissWelcome: async () => {
        dismissed = true;
        return ok({ dismissed: true as const });
      },
    };
    const { client, unmount } = renderWelcome({}, overrides);
    const user = userEvent.setup();
    await user.click(within(await region()).getByRole('button', { name: 'Got it' }));
    await waitFor(() => expect(screen.queryByRole('region', { name: 'Welcome to KalshiBook' })).toBeNull());
    expect(client.dismissWelcome).toHaveBeenCalledTimes(1);
    unmount();

    const again = renderWelcome({}, overrides);
    await waitFor(() => expect(again.client.getWelcome).toHaveBeenCalled());
    await new Promise((resolve) => setTimeout(resolve, 50));
    expect(screen.queryByRole('region', { name: 'Welcome to KalshiBook' })).toBeNull();
  });

  it('a failed dismiss says why and keeps the welcome', async () => {
    renderWelcome({}, { dismissWelcome: async () => fail({ kind: 'extension', code: 'storage', message: 'Could not save that. Try again.' }) });
    const user = userEvent.setup();
    await user.click(within(await region()).getByRole('button', { name: 'Got it' }));
    expect(await screen.findByText('Could not save that. Try again.')).toBeTruthy();
    expect(await region()).toBeTruthy();
  });

  it('a returning user (dismissed before) or a background that cannot answer: no welcome', async () => {
    const { client, unmount } = renderWelcome({ show: false });
    await waitFor(() => expect(client.getWelcome).toHaveBeenCalled());
    expect(screen.queryByRole('region', { name: 'Welcome to KalshiBook' })).toBeNull();
    unmount();
    const down = renderWelcome({}, { getWelcome: async () => fail({ message: 'The KalshiBook extension is not responding.' }) });
    await waitFor(() => expect(down.client.getWelcome).toHaveBeenCalled());
    expect(screen.queryByRole('region', { name: 'Welcome to KalshiBook' })).toBeNull();
  });
});
