// Double clicks and two pages at once, as the user does them, over one real background.
import { screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { beforeEach, describe, expect, it } from 'vitest';
import { BillingSection } from '@/components/billing/BillingSection';
import { BillingSummary } from '@/components/billing/BillingSummary';
import { KeysList } from '@/components/keys/KeysList';
import { KeysSection } from '@/components/keys/KeysSection';
import type { BackgroundService } from '@/lib/background/service';
import { createFakeServer, type FakeServer } from '../helpers/fake-server';
import { configure, renderWithClient, serviceClient, signedInService } from './harness';

let server: FakeServer;
let bg: BackgroundService;

beforeEach(async () => {
  await configure();
  server = createFakeServer();
  server.addKey('production', 'prod');
  bg = await signedInService(server);
});

describe('double clicks', () => {
  it('double-click on Create Key creates one key', async () => {
    const user = userEvent.setup();
    const held = server.hold('POST /keys', 'request');
    renderWithClient(<KeysSection />, serviceClient(bg));
    await screen.findByText('production');
    await user.click(screen.getByRole('button', { name: 'Create Key' }));
    const form = await screen.findByRole('dialog', { name: 'Create API Key' });
    await user.type(within(form).getByLabelText('Name'), 'ci');
    await user.dblClick(within(form).getByRole('button', { name: 'Create Key' }));
    await user.keyboard('{Enter}');
    await held.reached;
    held.release();
    await screen.findByRole('dialog', { name: 'API Key Created' });
    expect(server.requests('POST /keys')).toHaveLength(1);
    expect([...server.keys.values()].filter((k) => k.name === 'ci')).toHaveLength(1);
  });

  it('double-click on Revoke revokes once, with no error', async () => {
    const user = userEvent.setup();
    renderWithClient(<KeysList />, serviceClient(bg));
    await screen.findByText('production');
    await user.click(within(screen.getByRole('listitem', { name: 'production' })).getByRole('button', { name: 'Revoke' }));
    await user.dblClick(within(await screen.findByRole('alertdialog')).getByRole('button', { name: 'Revoke' }));
    await screen.findByText('API key revoked');
    expect(server.requests('DELETE /keys/*')).toHaveLength(1);
    expect(screen.queryByRole('alert')).toBeNull();
  });

  it('PAYG clicked twice quickly: the second click waits, the switch ends as the server says', async () => {
    const user = userEvent.setup();
    const held = server.hold('POST /billing/payg', 'request');
    renderWithClient(<BillingSection />, serviceClient(bg));
    const sw = await screen.findByRole('switch', { name: 'Pay-As-You-Go' });
    await user.click(sw);
    await user.click(sw); // ignored: a toggle is running
    await held.reached;
    held.release();
    await screen.findByText('Pay-As-You-Go enabled. Overage credits will be billed at $0.008/credit.');
    await waitFor(() => expect((sw as HTMLButtonElement).disabled).toBe(false));
    expect(server.requests('POST /billing/payg')).toHaveLength(1);
    await user.click(sw);
    await screen.findByText('Pay-As-You-Go disabled. API access will stop when credits are exhausted.');
    await waitFor(() => expect(sw.getAttribute('aria-checked')).toBe('false'));
    expect(server.billing.payg_enabled).toBe(false);
    await waitFor(() => expect(screen.getByText('Disabled')).toBeTruthy());
  });
});

describe('two pages at once (popup and options page)', () => {
  it('revoke from both: one DELETE, the row leaves both, no error on either', async () => {
    const user = userEvent.setup();
    const options = renderWithClient(<KeysSection />, serviceClient(bg));
    const popup = renderWithClient(<KeysList />, serviceClient(bg), { toaster: false });
    const inOptions = within(options.container);
    const inPopup = within(popup.container);
    await inOptions.findByText('production');
    await inPopup.findByText('production');

    const held = server.hold('DELETE /keys/*', 'request');
    await user.click(inPopup.getByRole('button', { name: 'Revoke' }));
    await user.click(within(await inPopup.findByRole('alertdialog')).getByRole('button', { name: 'Revoke' }));
    await held.reached;
    // The options page revokes the same key while the popup's request is on its way.
    await user.click(inOptions.getByRole('button', { name: 'Options for production' }));
    await user.click(await screen.findByRole('menuitem', { name: 'Revoke' }));
    await user.click(within(inOptions.getByRole('alertdialog')).getByRole('button', { name: 'Revoke' }));
    held.release();

    await waitFor(() => expect(screen.queryAllByRole('alertdialog')).toHaveLength(0));
    expect(server.requests('DELETE /keys/*')).toHaveLength(1);
    await waitFor(() => expect(inOptions.queryByText('production')).toBeNull());
    await waitFor(() => expect(inPopup.queryByText('production')).toBeNull());
    expect(screen.queryByRole('alert')).toBeNull();
  });

  it('revoke on one page after the other already did: "revoked", no error', async () => {
    const user = userEvent.setup();
    const popup = renderWithClient(<KeysList />, serviceClient(bg));
    await within(popup.container).findByText('production');
    // Revoked elsewhere (the web dashboard) after this page loaded.
    [...server.keys.values()][0]!.revoked = true;
    await user.click(within(popup.container).getByRole('button', { name: 'Revoke' }));
    await user.click(within(await screen.findByRole('alertdialog')).getByRole('button', { name: 'Revoke' }));
    await screen.findByText('API key revoked');
    expect(screen.queryByRole('alert')).toBeNull();
    await waitFor(() => expect(within(popup.container).queryByText('production')).toBeNull());
  });

  it('PAYG switched on in one page and off in the other: both end as the server says (off)', async () => {
    const user = userEvent.setup();
    const options = renderWithClient(<BillingSection />, serviceClient(bg));
    const popup = renderWithClient(<BillingSummary />, serviceClient(bg), { toaster: false });
    const optionsSwitch = await within(options.container).findByRole('switch', { name: 'Pay-As-You-Go' });
    const popupSwitch = await within(popup.container).findByRole('switch', { name: 'Pay-As-You-Go' });

    await user.click(optionsSwitch);
    await waitFor(() => expect(server.billing.payg_enabled).toBe(true));
    // The popup learns it from the cache the background keeps.
    await waitFor(() => expect(popupSwitch.getAttribute('aria-checked')).toBe('true'));
    await waitFor(() => expect((popupSwitch as HTMLButtonElement).disabled).toBe(false));
    await user.click(popupSwitch);
    await waitFor(() => expect(server.billing.payg_enabled).toBe(false));
    await waitFor(() => expect(optionsSwitch.getAttribute('aria-checked')).toBe('false'));
    await waitFor(() => expect(popupSwitch.getAttribute('aria-checked')).toBe('false'));
    expect(server.requests('POST /billing/payg').map((c) => c.json)).toEqual([{ enable: true }, { enable: false }]);
  });
});
