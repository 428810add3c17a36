import { screen, waitFor } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { toast } from 'sonner';
import { afterEach, describe, expect, it } from 'vitest';
import { BillingSummary, PlanBadgeBar } from '@/components/billing';
import { createFakeClient, fail, ok } from '../../helpers/fake-client';
import { billing } from '../../helpers/fixtures';
import { renderWithAccount } from '../../helpers/render';
import { setNow } from '../../helpers/clock';

afterEach(() => {
  toast.dismiss();
});

const UPGRADE = 'Upgrade to Project Plan — $30/mo';

describe('BillingSummary (popup)', () => {
  it('free: tier, credits, next billing date, PAYG status, Upgrade and a disabled Manage', async () => {
    setNow('2026-02-10T08:00:00Z');
    renderWithAccount(<BillingSummary />, createFakeClient({ getBilling: async () => ok(billing()) }));
    expect(await screen.findByText('Free')).toBeTruthy();
    expect(screen.getByText('250 / 1,000 used')).toBeTruthy();
    expect(screen.getByText('750 remaining')).toBeTruthy();
    expect(screen.getByText('March 1, 2026')).toBeTruthy();
    expect(screen.getByText('Pay-As-You-Go: Disabled')).toBeTruthy();
    expect(screen.getByRole('switch', { name: 'Pay-As-You-Go' })).toBeTruthy();
    expect(screen.getByRole('button', { name: UPGRADE })).toBeTruthy();
    expect((screen.getByRole('button', { name: 'Manage in Stripe' }) as HTMLButtonElement).disabled).toBe(true);
  });

  it('project: Manage only, opens the portal', async () => {
    const user = userEvent.setup();
    const client = createFakeClient({ getBilling: async () => ok(billing({ tier: 'project', credits_total: 4000 })) });
    renderWithAccount(<BillingSummary />, client);
    expect(await screen.findByText('Project')).toBeTruthy();
    expect(screen.queryByRole('button', { name: UPGRADE })).toBeNull();
    await user.click(screen.getByRole('button', { name: 'Manage in Stripe' }));
    expect(client.openPortal).toHaveBeenCalledTimes(1);
  });

  it('PAYG toggle in the popup calls setPayg and toasts the message', async () => {
    const user = userEvent.setup();
    let payg = false;
    const client = createFakeClient({
      getBilling: async () => ok(billing({ tier: payg ? 'payg' : 'free', payg_enabled: payg })),
      setPayg: async ({ enable }: { enable: boolean }) => {
        payg = enable;
        return ok({ payg_enabled: enable, message: 'Pay-As-You-Go enabled. Overage credits will be billed at $0.008/credit.' });
      },
    });
    renderWithAccount(<BillingSummary />, client);
    await user.click(await screen.findByRole('switch', { name: 'Pay-As-You-Go' }));
    expect(client.setPayg).toHaveBeenCalledWith({ enable: true });
    expect(await screen.findByText('Pay-As-You-Go enabled. Overage credits will be billed at $0.008/credit.')).toBeTruthy();
    expect(await screen.findByText('Pay-As-You-Go: Enabled')).toBeTruthy();
    await waitFor(() => expect(client.getBilling).toHaveBeenCalledTimes(2));
    expect(await screen.findByText('Pay-As-You-Go')).toBeTruthy(); // the tier badge after the reload
    expect((screen.getByRole('button', { name: 'Manage in Stripe' }) as HTMLButtonElement).disabled).toBe(false);
  });

  it('error without data: message and Retry', async () => {
    renderWithAccount(<BillingSummary />, createFakeClient({ getBilling: async () => fail({ kind: 'timeout', message: 'KalshiBook did not answer within 15 seconds. Try again.' }) }));
    expect(await screen.findByText('KalshiBook did not answer within 15 seconds. Try again.')).toBeTruthy();
    expect(screen.getByRole('button', { name: 'Retry' })).toBeTruthy();
  });
});

describe('PlanBadgeBar (popup header)', () => {
  it('shows the plan badge and a credits bar', async () => {
    renderWithAccount(<PlanBadgeBar />, createFakeClient({ getBilling: async () => ok(billing({ tier: 'payg', payg_enabled: true, credits_used: 500 })) }));
    expect(await screen.findByText('Pay-As-You-Go')).toBeTruthy();
    const bar = screen.getByRole('progressbar', { name: 'Credits used' });
    expect(bar.getAttribute('aria-valuenow')).toBe('50');
  });

  it('renders nothing once loading ends without data', async () => {
    const client = createFakeClient({ getBilling: async () => fail({ message: 'nope' }) });
    const { container } = renderWithAccount(<PlanBadgeBar />, client);
    await waitFor(() => expect(client.getBilling).toHaveBeenCalled());
    await waitFor(() => expect(container.querySelector('[role="progressbar"]')).toBeNull());
    expect(screen.queryByText('Free')).toBeNull();
  });
});
