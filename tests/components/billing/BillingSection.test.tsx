import { screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { toast } from 'sonner';
import { afterEach, describe, expect, it } from 'vitest';
import { BillingSection } from '@/components/billing';
import { createFakeClient, fail, ok } from '../../helpers/fake-client';
import { billing } from '../../helpers/fixtures';
import { renderWithAccount } from '../../helpers/render';
import { setNow } from '../../helpers/clock';

// sonner keeps toasts in a module-level store and replays them to a new <Toaster/>.
afterEach(() => {
  toast.dismiss();
});

const UPGRADE = 'Upgrade to Project Plan — $30/mo';
const HINT = 'Available once you subscribe or enable Pay-As-You-Go.';

function deferred<T>() {
  let resolve!: (v: T) => void;
  const promise = new Promise<T>((r) => (resolve = r));
  return { promise, resolve };
}

async function renderBilling(data = billing(), overrides: Parameters<typeof createFakeClient>[0] = {}) {
  const client = createFakeClient({ getBilling: async () => ok(data), ...overrides });
  const result = renderWithAccount(<BillingSection />, client);
  await screen.findByText('Current Plan');
  return result;
}

describe('BillingSection plan card', () => {
  it('shows the title, a free plan with upgrade and a disabled Manage button with its hint', async () => {
    await renderBilling(billing({ tier: 'free', credits_total: 1000, credits_used: 250, credits_remaining: 750 }));
    expect(screen.getByRole('heading', { level: 2, name: 'Billing' })).toBeTruthy();
    expect(screen.getByText('Manage your subscription and payment methods.')).toBeTruthy();
    expect(screen.getByText('Free')).toBeTruthy();
    expect(screen.getByText('250 / 1,000 used')).toBeTruthy();
    expect(screen.getByText('750 remaining')).toBeTruthy();
    expect(screen.getByRole('progressbar', { name: 'Credits used' }).getAttribute('aria-valuenow')).toBe('25');
    expect(screen.getByRole('button', { name: UPGRADE })).toBeTruthy();
    const manage = screen.getByRole('button', { name: 'Manage in Stripe' }) as HTMLButtonElement;
    expect(manage.disabled).toBe(true);
    expect(screen.getByText(HINT)).toBeTruthy();
    expect(manage.getAttribute('aria-describedby')).toBe(screen.getByText(HINT).id);
    expect(screen.getByText('Disabled')).toBeTruthy();
    expect(screen.getByText('Continue using the API after credits run out ($0.008/credit)')).toBeTruthy();
    expect(screen.getByRole('switch', { name: 'Pay-As-You-Go' }).getAttribute('aria-checked')).toBe('false');
  });

  it('payg: no upgrade, Manage enabled, PAYG enabled', async () => {
    await renderBilling(billing({ tier: 'payg', payg_enabled: true }));
    expect(screen.getByText('Pay-As-You-Go', { selector: 'span' })).toBeTruthy();
    expect(screen.queryByRole('button', { name: UPGRADE })).toBeNull();
    expect((screen.getByRole('button', { name: 'Manage in Stripe' }) as HTMLButtonElement).disabled).toBe(false);
    expect(screen.queryByText(HINT)).toBeNull();
    expect(screen.getByText('Enabled')).toBeTruthy();
    expect(screen.getByRole('switch', { name: 'Pay-As-You-Go' }).getAttribute('aria-checked')).toBe('true');
  });

  it('project: no upgrade, Manage enabled', async () => {
    await renderBilling(billing({ tier: 'project', credits_total: 4000, credits_used: 1234, credits_remaining: 2766 }));
    expect(screen.getByText('Project')).toBeTruthy();
    expect(screen.getByText('1,234 / 4,000 used')).toBeTruthy();
    expect(screen.getByText('2,766 remaining')).toBeTruthy();
    expect(screen.queryByRole('button', { name: UPGRADE })).toBeNull();
    expect((screen.getByRole('button', { name: 'Manage in Stripe' }) as HTMLButtonElement).disabled).toBe(false);
  });

  it('free with PAYG on: Manage enabled', async () => {
    await renderBilling(billing({ tier: 'free', payg_enabled: true }));
    expect((screen.getByRole('button', { name: 'Manage in Stripe' }) as HTMLButtonElement).disabled).toBe(false);
  });

  it('credits_total 0: no NaN, empty bar', async () => {
    await renderBilling(billing({ credits_total: 0, credits_used: 0, credits_remaining: 0 }));
    expect(screen.getByText('0 / 0 used')).toBeTruthy();
    expect(screen.getByText('0 remaining')).toBeTruthy();
    expect(screen.getByRole('progressbar', { name: 'Credits used' }).getAttribute('aria-valuenow')).toBe('0');
    expect(document.body.textContent).not.toContain('NaN');
  });

  it('credits_total 0 with usage: full bar', async () => {
    await renderBilling(billing({ credits_total: 0, credits_used: 5, credits_remaining: 0 }));
    expect(screen.getByRole('progressbar', { name: 'Credits used' }).getAttribute('aria-valuenow')).toBe('100');
  });

  it('used > total: bar capped at 100 %, 0 remaining', async () => {
    await renderBilling(billing({ tier: 'payg', payg_enabled: true, credits_total: 1000, credits_used: 1500, credits_remaining: 0 }));
    expect(screen.getByText('1,500 / 1,000 used')).toBeTruthy();
    expect(screen.getByText('0 remaining')).toBeTruthy();
    expect(screen.getByRole('progressbar', { name: 'Credits used' }).getAttribute('aria-valuenow')).toBe('100');
  });

  it.each([
    ['2026-01-31T00:00:00+00:00', 'February 28, 2026'],
    ['2026-02-01T00:00:00+00:00', 'March 1, 2026'],
  ])('next billing date for %s is %s', async (start, expected) => {
    setNow('2026-02-20T12:00:00Z');
    await renderBilling(billing({ billing_cycle_start: start }));
    const label = screen.getByText('Next billing date');
    expect(label.parentElement?.textContent).toBe(`Next billing date${expected}`);
  });
});

describe('BillingSection states', () => {
  it('shows a skeleton while loading, then the card', async () => {
    const d = deferred<ReturnType<typeof ok<ReturnType<typeof billing>>>>();
    renderWithAccount(<BillingSection />, createFakeClient({ getBilling: () => d.promise }));
    expect(screen.getByRole('status', { name: 'Loading billing' })).toBeTruthy();
    expect(screen.queryByText('Current Plan')).toBeNull();
    d.resolve(ok(billing()));
    expect(await screen.findByText('Current Plan')).toBeTruthy();
    expect(screen.queryByRole('status', { name: 'Loading billing' })).toBeNull();
  });

  it('shows the error with Retry, and Retry reloads', async () => {
    const user = userEvent.setup();
    let calls = 0;
    const client = createFakeClient({
      getBilling: async () => (++calls === 1 ? fail({ kind: 'network', message: "Can't reach KalshiBook at api.kalshibook.io." }) : ok(billing())),
    });
    renderWithAccount(<BillingSection />, client);
    const alert = await screen.findByRole('alert');
    expect(alert.textContent).toContain("Can't reach KalshiBook at api.kalshibook.io.");
    await user.click(within(alert).getByRole('button', { name: 'Retry' }));
    expect(await screen.findByText('Current Plan')).toBeTruthy();
    expect(client.getBilling).toHaveBeenCalledTimes(2);
  });
});

describe('Pay-As-You-Go switch', () => {
  it('enables PAYG, disables the switch while running, toasts the server message and reloads', async () => {
    const user = userEvent.setup();
    const d = deferred<unknown>();
    let enabled = false;
    const client = createFakeClient({
      getBilling: async () => ok(billing({ tier: enabled ? 'payg' : 'free', payg_enabled: enabled })),
      setPayg: async () => {
        await d.promise;
        enabled = true;
        return ok({ payg_enabled: true, message: 'Pay-As-You-Go enabled. Overage credits will be billed at $0.008/credit.' });
      },
    });
    renderWithAccount(<BillingSection />, client);
    await screen.findByText('Current Plan');
    const sw = screen.getByRole('switch', { name: 'Pay-As-You-Go' }) as HTMLButtonElement;
    await user.click(sw);
    expect(client.setPayg).toHaveBeenCalledWith({ enable: true });
    expect(sw.disabled).toBe(true);
    expect(sw.getAttribute('aria-checked')).toBe('true');
    await user.click(sw); // ignored while running
    expect(client.setPayg).toHaveBeenCalledTimes(1);
    d.resolve(undefined);
    expect(await screen.findByText('Pay-As-You-Go enabled. Overage credits will be billed at $0.008/credit.')).toBeTruthy();
    await waitFor(() => expect(client.getBilling).toHaveBeenCalledTimes(2));
    await waitFor(() => expect(sw.disabled).toBe(false));
    expect(sw.getAttribute('aria-checked')).toBe('true');
    expect(screen.getByText('Enabled')).toBeTruthy();
    // PAYG on → the portal is reachable
    expect((screen.getByRole('button', { name: 'Manage in Stripe' }) as HTMLButtonElement).disabled).toBe(false);
  });

  it('disables PAYG with enable: false', async () => {
    const user = userEvent.setup();
    const client = createFakeClient({
      getBilling: async () => ok(billing({ tier: 'payg', payg_enabled: true })),
      setPayg: async () => ok({ payg_enabled: false, message: 'Pay-As-You-Go disabled. API access will stop when credits are exhausted.' }),
    });
    renderWithAccount(<BillingSection />, client);
    await screen.findByText('Current Plan');
    await user.click(screen.getByRole('switch', { name: 'Pay-As-You-Go' }));
    expect(client.setPayg).toHaveBeenCalledWith({ enable: false });
    expect(await screen.findByText('Pay-As-You-Go disabled. API access will stop when credits are exhausted.')).toBeTruthy();
  });

  it('on error toasts the message and puts the switch back', async () => {
    const user = userEvent.setup();
    const client = createFakeClient({
      setPayg: async () => fail({ code: 'stripe_error', status: 502, message: 'Payment service temporarily unavailable. Please try again.' }),
    });
    renderWithAccount(<BillingSection />, client);
    await screen.findByText('Current Plan');
    const sw = screen.getByRole('switch', { name: 'Pay-As-You-Go' }) as HTMLButtonElement;
    await user.click(sw);
    expect(await screen.findByText('Payment service temporarily unavailable. Please try again.')).toBeTruthy();
    expect(sw.getAttribute('aria-checked')).toBe('false');
    expect(sw.disabled).toBe(false);
    expect(screen.getByText('Disabled')).toBeTruthy();
  });
});

describe('Stripe buttons', () => {
  it('Upgrade calls openCheckout once with a spinner and says the tab opened', async () => {
    const user = userEvent.setup();
    const d = deferred<unknown>();
    const client = createFakeClient({
      openCheckout: async () => {
        await d.promise;
        return ok({ opened: true as const });
      },
    });
    renderWithAccount(<BillingSection />, client);
    await screen.findByText('Current Plan');
    const upgrade = screen.getByRole('button', { name: 'Upgrade to Project Plan — $30/mo' }) as HTMLButtonElement;
    await user.click(upgrade);
    expect(upgrade.disabled).toBe(true);
    expect(upgrade.getAttribute('aria-busy')).toBe('true');
    await user.click(upgrade);
    expect(client.openCheckout).toHaveBeenCalledTimes(1);
    d.resolve(undefined);
    expect(await screen.findByText('Checkout opened in a new tab.')).toBeTruthy();
    await waitFor(() => expect(upgrade.disabled).toBe(false));
  });

  it('Upgrade shows the server error', async () => {
    const user = userEvent.setup();
    const client = createFakeClient({ openCheckout: async () => fail({ code: 'stripe_error', message: 'Payment service temporarily unavailable. Please try again.' }) });
    renderWithAccount(<BillingSection />, client);
    await screen.findByText('Current Plan');
    await user.click(screen.getByRole('button', { name: 'Upgrade to Project Plan — $30/mo' }));
    expect(await screen.findByText('Payment service temporarily unavailable. Please try again.')).toBeTruthy();
    expect(screen.queryByText('Checkout opened in a new tab.')).toBeNull();
  });

  it('Manage in Stripe calls openPortal with a spinner', async () => {
    const user = userEvent.setup();
    const d = deferred<unknown>();
    const client = createFakeClient({
      getBilling: async () => ok(billing({ tier: 'project' })),
      openPortal: async () => {
        await d.promise;
        return ok({ opened: true as const });
      },
    });
    renderWithAccount(<BillingSection />, client);
    await screen.findByText('Current Plan');
    const manage = screen.getByRole('button', { name: 'Manage in Stripe' }) as HTMLButtonElement;
    await user.click(manage);
    expect(manage.getAttribute('aria-busy')).toBe('true');
    expect(manage.disabled).toBe(true);
    await user.click(manage);
    expect(client.openPortal).toHaveBeenCalledTimes(1);
    d.resolve(undefined);
    await waitFor(() => expect(manage.disabled).toBe(false));
  });

  it('Manage in Stripe shows no_billing_account from the server', async () => {
    const user = userEvent.setup();
    const message = 'No billing account found. Subscribe first via POST /billing/checkout.';
    const client = createFakeClient({
      getBilling: async () => ok(billing({ tier: 'free', payg_enabled: true })),
      openPortal: async () => fail({ code: 'no_billing_account', status: 400, message }),
    });
    renderWithAccount(<BillingSection />, client);
    await screen.findByText('Current Plan');
    await user.click(screen.getByRole('button', { name: 'Manage in Stripe' }));
    expect(await screen.findByText(message)).toBeTruthy();
  });
});
