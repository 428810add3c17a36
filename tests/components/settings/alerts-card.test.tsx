// Settings → "Notify me when credits run low": off by default; turning it on asks for the optional
// `notifications` permission within the click (a browser prompts only for a user gesture — the
// prompt itself cannot be driven in a headless browser, so its outcomes are tested here).
import { fireEvent, screen, waitFor } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { fakeBrowser } from 'wxt/testing/fake-browser';
import { AlertsCard, BLOCKED, NOT_ALLOWED } from '@/components/settings/AlertsCard';
import type { AlertSettings } from '@/lib/settings';
import { createFakeClient, fail, ok } from '../../helpers/fake-client';
import { renderWithAccount } from '../../helpers/render';

const LABEL = 'Notify me when credits run low';

afterEach(() => {
  vi.restoreAllMocks();
});

function setup(stored: AlertSettings = { enabled: false, paygThresholdCents: 1000 }, { granted = true, held = false } = {}) {
  const request = vi.spyOn(fakeBrowser.permissions, 'request').mockImplementation(async () => granted);
  const remove = vi.spyOn(fakeBrowser.permissions, 'remove').mockResolvedValue(true as never);
  vi.spyOn(fakeBrowser.permissions, 'contains').mockImplementation(async () => held);
  const client = createFakeClient({ getAlertSettings: async () => ok(stored), saveAlertSettings: async (s: AlertSettings) => ok(s) });
  renderWithAccount(<AlertsCard />, client);
  return { client, request, remove };
}

const toggle = () => screen.findByRole('switch', { name: LABEL });

describe('AlertsCard', () => {
  it('is off by default and says what it does', async () => {
    setup();
    expect((await toggle()).getAttribute('aria-checked')).toBe('false');
    expect(screen.getByText(/once per billing cycle, when 80 % and when 100 %/)).toBeTruthy();
    expect((screen.getByLabelText('Pay-As-You-Go alert amount (USD)') as HTMLInputElement).value).toBe('10.00');
  });

  it('turning it on asks for the permission in the click itself, then saves', async () => {
    const { client, request } = setup();
    const button = await toggle();
    fireEvent.click(button);
    // Synchronously, inside the click: no await may come before the request.
    expect(request).toHaveBeenCalledTimes(1);
    expect(request).toHaveBeenCalledWith({ permissions: ['notifications'] });
    await waitFor(() => expect(client.saveAlertSettings).toHaveBeenCalledWith({ enabled: true, paygThresholdCents: 1000 }));
    await waitFor(async () => expect((await toggle()).getAttribute('aria-checked')).toBe('true'));
    expect(await screen.findByText('Low-credit alerts on')).toBeTruthy();
  });

  it('the permission refused: alerts stay off, and the card says so', async () => {
    const { client } = setup(undefined, { granted: false });
    await userEvent.setup().click(await toggle());
    expect(await screen.findByText(NOT_ALLOWED)).toBeTruthy();
    expect(client.saveAlertSettings).not.toHaveBeenCalled();
    expect((await toggle()).getAttribute('aria-checked')).toBe('false');
  });

  it('turning it off saves and gives the permission back', async () => {
    const { client, request, remove } = setup({ enabled: true, paygThresholdCents: 1000 }, { held: true });
    await waitFor(async () => expect((await toggle()).getAttribute('aria-checked')).toBe('true'));
    await userEvent.setup().click(await toggle());
    await waitFor(() => expect(client.saveAlertSettings).toHaveBeenCalledWith({ enabled: false, paygThresholdCents: 1000 }));
    await waitFor(() => expect(remove).toHaveBeenCalledWith({ permissions: ['notifications'] }));
    expect(request).not.toHaveBeenCalled();
  });

  it('on, but the browser no longer allows notifications: says how to fix it', async () => {
    setup({ enabled: true, paygThresholdCents: 1000 }, { held: false });
    expect(await screen.findByText(BLOCKED)).toBeTruthy();
  });

  it('the Pay-As-You-Go amount: checked, then saved in cents', async () => {
    const { client } = setup();
    const user = userEvent.setup();
    const amount = (await screen.findByLabelText('Pay-As-You-Go alert amount (USD)')) as HTMLInputElement;
    await user.clear(amount);
    await user.type(amount, 'ten');
    await user.click(screen.getByRole('button', { name: 'Save amount' }));
    expect(await screen.findByText('Enter an amount in dollars, such as 10 or 12.50.')).toBeTruthy();
    expect(amount.getAttribute('aria-invalid')).toBe('true');
    await user.clear(amount);
    await user.type(amount, '$12.5');
    await user.click(screen.getByRole('button', { name: 'Save amount' }));
    await waitFor(() => expect(client.saveAlertSettings).toHaveBeenCalledWith({ enabled: false, paygThresholdCents: 1250 }));
    expect(await screen.findByText('Alert amount saved')).toBeTruthy();
  });

  it('a save the background refuses shows its message and keeps the switch as it was', async () => {
    vi.spyOn(fakeBrowser.permissions, 'request').mockResolvedValue(true as never);
    const client = createFakeClient({
      getAlertSettings: async () => ok({ enabled: false, paygThresholdCents: 1000 }),
      saveAlertSettings: async () => fail({ message: 'Could not save.' }),
    });
    renderWithAccount(<AlertsCard />, client);
    await userEvent.setup().click(await toggle());
    expect(await screen.findByText('Could not save.')).toBeTruthy();
    expect((await toggle()).getAttribute('aria-checked')).toBe('false');
  });
});
