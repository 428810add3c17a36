import { act, screen, waitFor } from '@testing-library/react';
import { toast } from 'sonner';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { BillingSection, CheckoutOutcomeWatcher, useCheckoutOutcome } from '@/components/billing';
import { checkoutOutcomeItem } from '@/lib/storage';
import { createFakeClient } from '../../helpers/fake-client';
import { renderWithAccount } from '../../helpers/render';

const SUCCESS = 'Subscription activated! Your credits have been updated.';
const CANCELED = 'Checkout canceled.';

afterEach(() => {
  toast.dismiss();
  window.history.replaceState(null, '', '/');
  vi.restoreAllMocks();
});

function OptionsPage() {
  useCheckoutOutcome({ watchUrl: true });
  return <BillingSection />;
}

function PopupPage() {
  useCheckoutOutcome();
  return <BillingSection />;
}

describe('useCheckoutOutcome: URL parameters (options page)', () => {
  beforeEach(() => {
    window.history.replaceState(null, '', '/');
  });

  it('?success=true → success toast, billing reloaded, parameter removed, hash kept', async () => {
    window.history.replaceState(null, '', '/options.html?success=true#billing');
    const { client } = renderWithAccount(<OptionsPage />);
    expect(await screen.findByText(SUCCESS)).toBeTruthy();
    expect(window.location.search).toBe('');
    expect(window.location.hash).toBe('#billing');
    expect(window.location.pathname).toBe('/options.html');
    await waitFor(() => expect(client.getBilling).toHaveBeenCalledTimes(2));
  });

  it('?canceled=true → info toast, parameter removed, other parameters kept', async () => {
    window.history.replaceState(null, '', '/options.html?tab=billing&canceled=true');
    renderWithAccount(<OptionsPage />);
    expect(await screen.findByText(CANCELED)).toBeTruthy();
    expect(window.location.search).toBe('?tab=billing');
    expect(screen.queryByText(SUCCESS)).toBeNull();
  });

  it('ignores the URL unless asked (popup)', async () => {
    window.history.replaceState(null, '', '/popup.html?success=true');
    renderWithAccount(<PopupPage />);
    await screen.findByText('Current Plan');
    expect(screen.queryByText(SUCCESS)).toBeNull();
    expect(window.location.search).toBe('?success=true');
  });

  it('works as a component too', async () => {
    window.history.replaceState(null, '', '/options.html?success=true');
    renderWithAccount(
      <>
        <CheckoutOutcomeWatcher watchUrl />
        <BillingSection />
      </>,
    );
    expect(await screen.findByText(SUCCESS)).toBeTruthy();
    expect(window.location.search).toBe('');
  });
});

describe('useCheckoutOutcome: outcome recorded by the background', () => {
  it('a new outcome while mounted → toast and billing reloaded', async () => {
    const { client } = renderWithAccount(<PopupPage />);
    await screen.findByText('Current Plan');
    await waitFor(() => expect(client.getBilling).toHaveBeenCalledTimes(1));
    await act(() => checkoutOutcomeItem.setValue({ outcome: 'success', at: Date.now() }));
    expect(await screen.findByText(SUCCESS)).toBeTruthy();
    await waitFor(() => expect(client.getBilling).toHaveBeenCalledTimes(2));
  });

  it('a canceled outcome while mounted → info toast', async () => {
    renderWithAccount(<PopupPage />);
    await screen.findByText('Current Plan');
    await act(() => checkoutOutcomeItem.setValue({ outcome: 'canceled', at: Date.now() }));
    expect(await screen.findByText(CANCELED)).toBeTruthy();
  });

  it('an outcome stored just before opening is shown; an old one is not', async () => {
    await checkoutOutcomeItem.setValue({ outcome: 'success', at: Date.now() - 5_000 });
    const first = renderWithAccount(<PopupPage />);
    expect(await screen.findByText(SUCCESS)).toBeTruthy();
    first.unmount();
    toast.dismiss();

    await checkoutOutcomeItem.setValue({ outcome: 'canceled', at: Date.now() - 60_000 });
    renderWithAccount(<PopupPage />);
    await screen.findByText('Current Plan');
    await new Promise((r) => setTimeout(r, 50));
    expect(screen.queryByText(CANCELED)).toBeNull();
  });
});

describe('useCheckoutOutcome: refetch when the page comes back', () => {
  it('reloads billing on focus, at most once per 5 s', async () => {
    const start = Date.now();
    const now = vi.spyOn(Date, 'now').mockReturnValue(start);
    const { client } = renderWithAccount(<PopupPage />);
    await screen.findByText('Current Plan');
    await waitFor(() => expect(client.getSession).toHaveBeenCalled());
    await waitFor(() => expect(client.getBilling).toHaveBeenCalledTimes(1));

    now.mockReturnValue(start + 1_000);
    window.dispatchEvent(new Event('focus'));
    expect(client.getBilling).toHaveBeenCalledTimes(1);

    now.mockReturnValue(start + 6_000);
    window.dispatchEvent(new Event('focus'));
    await waitFor(() => expect(client.getBilling).toHaveBeenCalledTimes(2));

    now.mockReturnValue(start + 7_000);
    document.dispatchEvent(new Event('visibilitychange'));
    expect(client.getBilling).toHaveBeenCalledTimes(2);

    now.mockReturnValue(start + 12_000);
    document.dispatchEvent(new Event('visibilitychange'));
    await waitFor(() => expect(client.getBilling).toHaveBeenCalledTimes(3));
  });

  it('does not refetch while signed out', async () => {
    const start = Date.now();
    const now = vi.spyOn(Date, 'now').mockReturnValue(start);
    const client = createFakeClient({ getSession: async () => ({ ok: true, data: { signedIn: false, email: null, userId: null, reason: null } }) });
    renderWithAccount(<PopupPage />, client);
    await waitFor(() => expect(client.getSession).toHaveBeenCalled());
    await waitFor(() => expect(client.getBilling).toHaveBeenCalledTimes(1));
    await new Promise((r) => setTimeout(r, 10));
    now.mockReturnValue(start + 60_000);
    window.dispatchEvent(new Event('focus'));
    await new Promise((r) => setTimeout(r, 10));
    expect(client.getBilling).toHaveBeenCalledTimes(1);
  });
});
