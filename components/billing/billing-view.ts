// What the plan views show, derived from a BillingStatus: pure, shared by the options page's
// BillingSection, the popup's BillingSummary and PlanBadgeBar.
import { cycleUsage } from '@/lib/billing-cycle';
import { formatBillingDate, formatNumber, tierLabel, usedPercent } from '@/lib/format';
import type { BillingStatus } from '@/lib/api/schemas';

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
   * credits above count from the fresh allowance; this is what to say about it (cycle-parts.tsx).
   */
  newCycle: { began: Date; previousStart: Date | null; previousUsed: number; total: number } | null;
  /** Credits past the allowance this cycle (Pay-As-You-Go overage), 0 when none. */
  overage: number;
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
  const newCycle =
    cycle.previousUsed !== null && cycle.began ? { began: cycle.began, previousStart: cycle.start, previousUsed: cycle.previousUsed, total } : null;
  return {
    tierLabel: tierLabel(billing.tier),
    tierVariant: tierVariant(billing.tier),
    usedText: `${formatNumber(used)} / ${formatNumber(total)} used`,
    remainingText: `${formatNumber(remaining)} remaining`,
    percent,
    tone,
    nextBilling: next ? formatBillingDate(next) : '—',
    newCycle,
    overage: Math.max(0, used - total),
    canManage: billing.tier !== 'free' || paygEnabled,
    canUpgrade: billing.tier === 'free',
  };
}

export const PAYG_DESCRIPTION = 'Continue using the API after credits run out ($0.008/credit)';
export const MANAGE_HINT = 'Available once you subscribe or enable Pay-As-You-Go.';
export const UPGRADE_LABEL = 'Upgrade to Project Plan — $30/mo';
export const CHECKOUT_OPENED = 'Checkout opened in a new tab.';
export const CHECKOUT_SUCCESS = 'Subscription activated! Your credits have been updated.';
export const CHECKOUT_CANCELED = 'Checkout canceled.';
