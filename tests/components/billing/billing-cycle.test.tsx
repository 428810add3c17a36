// The plan card (options and popup) in each state of the cycle: current, ended on the server's
// side (December 2 with a November cycle), Pay-As-You-Go overage, last cycle's overage; and the
// top keys on the Billing section.
import { screen, within } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import { BillingSection, BillingSummary, PlanBadgeBar } from '@/components/billing';
import type { BillingStatus } from '@/lib/api/schemas';
import { setNow } from '../../helpers/clock';
import { createFakeClient, ok } from '../../helpers/fake-client';
import { billing, keyRow } from '../../helpers/fixtures';
import { renderWithAccount } from '../../helpers/render';

const NOV = '2026-11-01T00:00:00+00:00';
const DEC = '2026-12-01T00:00:00+00:00';
const NEW_CYCLE = 'A new cycle began on December 1, 2026. Credits reset to 0 at your next data request.';
const ESTIMATE_NOTE = 'Estimate at $0.008/credit; your Stripe invoice is final.';

const status = (used: number, start: string, extra: Partial<BillingStatus> = {}) =>
  billing({ credits_total: 1000, credits_used: used, credits_remaining: Math.max(0, 1000 - used), billing_cycle_start: start, ...extra });

async function options(data: BillingStatus, keys = [keyRow()]) {
  setNow('2026-12-02T09:00:00Z');
  renderWithAccount(<BillingSection />, createFakeClient({ getBilling: async () => ok(data), listKeys: async () => ok(keys) }));
  await screen.findByText('Current Plan');
}

async function popup(data: BillingStatus) {
  setNow('2026-12-02T09:00:00Z');
  renderWithAccount(<BillingSummary />, createFakeClient({ getBilling: async () => ok(data) }));
  await screen.findByText('Current Plan');
}

const nextBilling = () => screen.getByText('Next billing date').parentElement?.textContent;

describe('plan card: a cycle that has ended (options)', () => {
  it('says a new cycle began, shows last cycle’s usage as such, counts from the fresh allowance, no past date', async () => {
    await options(status(640, NOV));
    expect(screen.getByRole('note', { name: 'New billing cycle' }).textContent).toContain(NEW_CYCLE);
    expect(screen.getByText('Previous cycle (from November 1, 2026): 640 / 1,000 used')).toBeTruthy();
    expect(screen.getByText('0 / 1,000 used')).toBeTruthy();
    expect(screen.getByText('1,000 remaining')).toBeTruthy();
    expect(screen.getByRole('progressbar', { name: 'Credits used' }).getAttribute('aria-valuenow')).toBe('0');
    expect(nextBilling()).toBe('Next billing dateJanuary 1, 2027');
    expect(screen.queryByText('640 / 1,000 used')).toBeNull();
  });

  it('exhausted last cycle: not shown as exhausted now', async () => {
    await options(status(1000, NOV));
    expect(screen.getByText('1,000 remaining')).toBeTruthy();
    expect(screen.getByText('1,000 remaining').className).not.toMatch(/text-red/);
    expect(screen.getByText('Previous cycle (from November 1, 2026): 1,000 / 1,000 used')).toBeTruthy();
  });

  it('last cycle’s Pay-As-You-Go overage is shown with last cycle, not as this cycle’s', async () => {
    await options(status(1250, NOV, { tier: 'payg', payg_enabled: true }));
    expect(screen.getByText('Previous cycle (from November 1, 2026): 1,250 / 1,000 used · 250 credits over · ≈ $2.00')).toBeTruthy();
    expect(screen.queryByText('Pay-As-You-Go so far (estimate)')).toBeNull();
  });

  it('the current cycle: no notice, the server’s numbers', async () => {
    await options(status(640, DEC));
    expect(screen.queryByRole('note', { name: 'New billing cycle' })).toBeNull();
    expect(screen.getByText('640 / 1,000 used')).toBeTruthy();
    expect(nextBilling()).toBe('Next billing dateJanuary 1, 2027');
  });
});

describe('plan card: what Pay-As-You-Go costs so far', () => {
  it('over the allowance with PAYG on: the overage and its estimate, labelled an estimate', async () => {
    await options(status(1250, DEC, { tier: 'payg', payg_enabled: true }));
    expect(screen.getByText('Pay-As-You-Go so far (estimate)')).toBeTruthy();
    expect(screen.getByText('250 credits over · ≈ $2.00')).toBeTruthy();
    expect(screen.getByText(ESTIMATE_NOTE)).toBeTruthy();
    expect(screen.getByText('1,250 / 1,000 used')).toBeTruthy();
  });

  it('rounds to cents from exact thousandths', async () => {
    await options(status(2301, DEC, { tier: 'project', credits_total: 1000, payg_enabled: true }));
    expect(screen.getByText('1,301 credits over · ≈ $10.41')).toBeTruthy(); // $10.408
  });

  it('within the allowance: no overage line', async () => {
    await options(status(999, DEC, { tier: 'payg', payg_enabled: true }));
    expect(screen.queryByText('Pay-As-You-Go so far (estimate)')).toBeNull();
    // (The forecast line may project credits over; the overage line itself starts with the number.)
    expect(screen.queryByText(/^[\d,]+ credits? over/)).toBeNull();
  });
});

describe('popup plan card', () => {
  it('an ended cycle: the new-cycle wording, no past date', async () => {
    await popup(status(640, NOV));
    expect(screen.getByText(NEW_CYCLE)).toBeTruthy();
    expect(screen.getByText('0 / 1,000 used')).toBeTruthy();
    expect(screen.getByText('January 1, 2027')).toBeTruthy();
    expect(screen.queryByText('December 1, 2026')).toBeNull();
  });

  it('PAYG overage with its estimate', async () => {
    await popup(status(1250, DEC, { tier: 'payg', payg_enabled: true }));
    expect(screen.getByText('250 credits over · ≈ $2.00')).toBeTruthy();
    expect(screen.getByText(ESTIMATE_NOTE)).toBeTruthy();
  });

  it('the header bar counts from the fresh allowance', async () => {
    setNow('2026-12-02T09:00:00Z');
    renderWithAccount(<PlanBadgeBar />, createFakeClient({ getBilling: async () => ok(status(1000, NOV)) }));
    const bar = await screen.findByRole('progressbar', { name: 'Credits used' });
    expect(bar.getAttribute('aria-valuenow')).toBe('0');
  });
});

describe('top keys this cycle (options Billing)', () => {
  const keys = [
    keyRow({ id: 'a', name: 'backfill', key_prefix: 'kb-Aaaa', credits_used: 100 }),
    keyRow({ id: 'b', name: 'live', key_prefix: 'kb-Bbbb', key_type: 'prod', credits_used: 600 }),
    keyRow({ id: 'c', name: 'notebook', key_prefix: 'kb-Cccc', credits_used: 300 }),
    keyRow({ id: 'd', name: 'idle', key_prefix: 'kb-Dddd', credits_used: 0 }),
  ];

  it('lists the keys that spent, most first, with their share', async () => {
    await options(status(1000, DEC), keys);
    const list = await screen.findByRole('region', { name: 'Top keys this cycle' });
    const items = within(list).getAllByRole('listitem');
    expect(items.map((li) => li.getAttribute('aria-label'))).toEqual(['live', 'notebook', 'backfill']);
    expect(items[0]!.textContent).toContain('600 credits · 60%');
    expect(items[2]!.textContent).toContain('100 credits · 10%');
    const bars = items.map((li) => li.querySelector('[data-share-bar]'));
    expect(bars.map((b) => b?.getAttribute('data-share-bar'))).toEqual(['60.00', '30.00', '10.00']);
    expect(bars.every((b) => b?.getAttribute('aria-hidden') === 'true')).toBe(true);
  });

  it('no usage yet', async () => {
    await options(status(0, DEC), [keyRow({ credits_used: 0 })]);
    expect(await screen.findByText('No key has used credits this cycle yet.')).toBeTruthy();
  });

  it('an ended cycle: the numbers are called last cycle’s', async () => {
    await options(status(1000, NOV), keys);
    expect(await screen.findByRole('region', { name: 'Top keys in the last cycle' })).toBeTruthy();
  });
});
