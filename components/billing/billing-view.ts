// What the plan views show, derived from a BillingStatus: pure, shared by the options page's
// BillingSection, the popup's BillingSummary and PlanBadgeBar.
import { cycleUsage } from '@/lib/billing-cycle';
import { formatBillingDate, formatNumber, tierLabel, usedPercent } from '@/lib/format';
import { overageCredits, overageText } from '@/lib/payg';
import type { BillingStatus } from '@/lib/storage';

export type CreditsTone = 'default' | 'warning' | 'danger';
export type TierBadgeVariant = 'default' | 'secondary' | 'warning';

export interface BillingView {
  tierLabel: string;
  tierVariant: TierBadgeVariant;
  /** "250 / 1,000 used" */
  usedText: string;
  /** "750 remaining" */
  remainingText: string;
  /** 0..100, never NaN (credits_total may be 0, credits_used may exceed it). */
  percent: number;
  tone: CreditsTone;
  /** "March 1, 2026" (never a past date), or "—" when the cycle start cannot be read. */
  nextBilling: string;
  /**
   * The server's cycle has ended (its numbers are last month's until the next data request): the
   * credits above count from the fresh allowance and these say so.
   */
  newCycle: { began: string; previous: string } | null;
  /** Pay-As-You-Go so far: "250 credits over · ≈ $2.00" (an estimate), when usage passed the allowance. */
  overage: string | null;
  /** The portal needs a Stripe customer: the dashboard's rule is "not free, or PAYG on". */
  canManage: boolean;
  canUpgrade: boolean;
}

export function tierVariant(tier: string): TierBadgeVariant {
  if (tier === 'project') return 'default';
  if (tier === 'payg') return 'warning';
  return 'secondary';
}

/** `paygEnabled` lets a just-confirmed toggle count before the billing status is reloaded. */
export function billingView(billing: BillingStatus, paygEnabled: boolean = billing.payg_enabled, now: number = Date.now()): BillingView {
  const cycle = cycleUsage(billing, now);
  const { used, total, remaining, next } = cycle;
  const percent = usedPercent(used, total);
  const exhausted = remaining <= 0 && (total > 0 || used > 0);
  const tone: CreditsTone = paygEnabled ? 'default' : exhausted ? 'danger' : percent >= 90 ? 'warning' : 'default';
  let newCycle: BillingView['newCycle'] = null;
  if (cycle.previousUsed !== null && cycle.began) {
    const over = overageCredits(cycle.previousUsed, total);
    newCycle = {
      began: `A new cycle began on ${formatBillingDate(cycle.began)}. Credits reset to 0 at your next data request.`,
      previous:
        `Previous cycle${cycle.start ? ` (from ${formatBillingDate(cycle.start)})` : ''}: ${formatNumber(cycle.previousUsed)} / ${formatNumber(total)} used` +
        (over > 0 ? ` · ${overageText(over)}` : ''),
    };
  }
  const over = overageCredits(used, total);
  return {
    tierLabel: tierLabel(billing.tier),
    tierVariant: tierVariant(billing.tier),
    usedText: `${formatNumber(used)} / ${formatNumber(total)} used`,
    remainingText: `${formatNumber(remaining)} remaining`,
    percent,
    tone,
    nextBilling: next ? formatBillingDate(next) : '—',
    newCycle,
    overage: over > 0 ? overageText(over) : null,
    canManage: billing.tier !== 'free' || paygEnabled,
    canUpgrade: billing.tier === 'free',
  };
}

export const OVERAGE_NOTE = 'Estimate at $0.008/credit; your Stripe invoice is final.';
export const PAYG_DESCRIPTION = 'Continue using the API after credits run out ($0.008/credit)';
export const MANAGE_HINT = 'Available once you subscribe or enable Pay-As-You-Go.';
export const UPGRADE_LABEL = 'Upgrade to Project Plan — $30/mo';
export const CHECKOUT_OPENED = 'Checkout opened in a new tab.';
export const CHECKOUT_SUCCESS = 'Subscription activated! Your credits have been updated.';
export const CHECKOUT_CANCELED = 'Checkout canceled.';
