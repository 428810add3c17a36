// What Pay-As-You-Go costs so far: overage credits × $0.008, computed in whole thousandths of a
// dollar (one credit = 8 of them) so no floating-point error creeps in, then rounded to cents.
// An estimate: the real rate is the metered Stripe price, and the server meters the whole cost of
// the request that crosses the allowance (contract §7.1, §7.3). Stripe's invoice is the truth.

/** $0.008 per credit, in thousandths of a dollar. */
export const PAYG_MILLS_PER_CREDIT = 8;

/** Credits used beyond the allowance (only Pay-As-You-Go lets usage go past it). */
export function overageCredits(used: number, total: number): number {
  return Math.max(0, Math.floor(used) - Math.max(0, Math.floor(total)));
}

/** The estimate in cents, rounded half up (8 × n thousandths never ends in exactly a half cent). */
export function paygEstimateCents(credits: number): number {
  const mills = Math.max(0, Math.floor(credits)) * PAYG_MILLS_PER_CREDIT;
  return Math.floor((mills + 5) / 10);
}

const dollars = new Intl.NumberFormat('en-US');

/** "$10.40", "$1,234.05": whole dollars and two-digit cents, built from the integer. */
export function formatCents(cents: number): string {
  const whole = Math.floor(cents / 100);
  const rest = cents % 100;
  return `$${dollars.format(whole)}.${rest < 10 ? '0' : ''}${rest}`;
}

/** "1,250 credits over · ≈ $10.00" */
export function overageText(credits: number): string {
  return `${dollars.format(credits)} ${credits === 1 ? 'credit' : 'credits'} over · ≈ ${formatCents(paygEstimateCents(credits))}`;
}
