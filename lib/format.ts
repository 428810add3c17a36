// Formatting shared by popup and options: credits, dates, masking, the next billing date.

const numberFormat = new Intl.NumberFormat('en-US');

export function formatNumber(n: number): string {
  return numberFormat.format(n);
}

export function formatCredits(n: number): string {
  return `${numberFormat.format(n)} ${n === 1 ? 'credit' : 'credits'}`;
}

export function maskedKey(prefix: string): string {
  return `${prefix}...`;
}

const longDate = new Intl.DateTimeFormat('en-US', { year: 'numeric', month: 'long', day: 'numeric', timeZone: 'UTC' });
const shortDate = new Intl.DateTimeFormat('en-US', { year: 'numeric', month: 'short', day: 'numeric' });

/** `start` + `months` calendar months in UTC, clamped to the last day of that month (Jan 31 + 1 → Feb 28/29). */
export function addUtcMonths(start: Date, months: number): Date {
  const year = start.getUTCFullYear();
  const month = start.getUTCMonth() + months;
  const lastDay = new Date(Date.UTC(year, month + 1, 0)).getUTCDate();
  return new Date(
    Date.UTC(year, month, Math.min(start.getUTCDate(), lastDay), start.getUTCHours(), start.getUTCMinutes(), start.getUTCSeconds(), start.getUTCMilliseconds()),
  );
}

/**
 * `billing_cycle_start` + 1 calendar month, in UTC, clamped to the last day of that month
 * (Jan 31 → Feb 28/29, never March). The dashboard computes this in local time and overflows.
 */
export function nextBillingDate(cycleStartIso: string): Date | null {
  const start = new Date(cycleStartIso);
  return Number.isNaN(start.getTime()) ? null : addUtcMonths(start, 1);
}

/** "March 1, 2026" (UTC). */
export function formatBillingDate(date: Date): string {
  return longDate.format(date);
}

/** "Feb 16, 2026" in the user's time zone, or "Never". */
export function formatShortDate(iso: string | null): string {
  if (!iso) return 'Never';
  const d = new Date(iso);
  return Number.isNaN(d.getTime()) ? '—' : shortDate.format(d);
}

export function tierLabel(tier: string): string {
  if (tier === 'payg') return 'Pay-As-You-Go';
  return tier.charAt(0).toUpperCase() + tier.slice(1);
}

/** Percentage of credits used, capped to 0..100 (used may exceed total with PAYG; total may be 0). */
export function usedPercent(used: number, total: number): number {
  if (total <= 0) return used > 0 ? 100 : 0;
  return Math.min(100, Math.max(0, (used / total) * 100));
}

/** Key names are limited to 100 characters as Python counts them (code points, not UTF-16 units). */
export const KEY_NAME_MAX = 100;
export function keyNameProblem(name: string): string | null {
  if (name.trim() === '') return 'Name is required.';
  const length = [...name.trim()].length;
  if (length > KEY_NAME_MAX) return `Name must be at most ${KEY_NAME_MAX} characters (it has ${length}).`;
  return null;
}

/** The shortest password an account can be created with (the server's rule, checked here first). */
export const PASSWORD_MIN = 8;
export const PASSWORD_TOO_SHORT = `Password must be at least ${PASSWORD_MIN} characters.`;

/** The host (with port) of a URL, or null when it is not an absolute URL with a host. */
export function hostOf(url: string): string | null {
  try {
    return new URL(url).host || null;
  } catch {
    return null;
  }
}
