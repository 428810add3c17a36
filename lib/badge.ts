import type { BillingStatus } from './api/schemas';
import { cycleUsage } from './billing-cycle';
import { formatNumber } from './format';

export interface BadgeState {
  text: string;
  color: string;
  title: string;
}

const LOW_FRACTION = 0.1;

/**
 * What the toolbar badge says about credits: nothing when all is well. Counted from the current
 * cycle: once the server's cycle has ended, from the fresh allowance (never "exhausted" then).
 */
export function badgeFor(billing: BillingStatus | null, now: number = Date.now()): BadgeState {
  if (!billing) return { text: '', color: '#4f46e5', title: 'KalshiBook' };
  const { total, remaining } = cycleUsage(billing, now);
  const payg = billing.payg_enabled;
  if (remaining <= 0 && !payg) {
    return { text: '0', color: '#dc2626', title: 'KalshiBook: credits exhausted. Enable Pay-As-You-Go or upgrade.' };
  }
  if (remaining <= 0 && payg) {
    return { text: '$', color: '#d97706', title: 'KalshiBook: credits used up, Pay-As-You-Go overage is being billed.' };
  }
  if (total > 0 && remaining < total * LOW_FRACTION) {
    return { text: '!', color: '#d97706', title: `KalshiBook: ${formatNumber(remaining)} credits left.` };
  }
  return { text: '', color: '#4f46e5', title: 'KalshiBook' };
}
