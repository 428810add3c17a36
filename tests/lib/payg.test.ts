// The Pay-As-You-Go estimate: n × $0.008, in integer thousandths, rounded to cents.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { formatCents, overageCredits, overageText, paygEstimateCents } from '@/lib/payg';

/** The exact amount as a decimal string, by string arithmetic only (no floating point). */
function exactDollars(credits: number): string {
  const mills = BigInt(credits) * 8n;
  const cents = (mills + 5n) / 10n; // half up; 8n mills never end in exactly 5
  return `${cents / 100n}.${String(cents % 100n).padStart(2, '0')}`;
}

describe('overageCredits', () => {
  it('is what passed the allowance, never negative', () => {
    expect(overageCredits(1250, 1000)).toBe(250);
    expect(overageCredits(1000, 1000)).toBe(0);
    expect(overageCredits(10, 1000)).toBe(0);
    expect(overageCredits(5, 0)).toBe(5);
  });
});

describe('paygEstimateCents', () => {
  it.each([
    [0, 0],
    [1, 1], // $0.008 → $0.01
    [2, 2], // $0.016 → $0.02
    [5, 4], // $0.040
    [62, 50], // $0.496 → $0.50
    [125, 100], // $1.000
    [250, 200],
    [1250, 1000], // $10.00 exactly
    [1251, 1001], // $10.008 → $10.01
    [1_000_001, 800_001], // $8,000.008 → $8,000.01
  ])('%i credits → %i cents', (credits, cents) => {
    expect(paygEstimateCents(credits)).toBe(cents);
  });

  it('agrees with exact decimal arithmetic (floating point would not be exact)', () => {
    // 0.008 has no exact binary form: n × 0.008 drifts (9 × 0.008 = 0.07200000000000001).
    expect(9 * 0.008).not.toBe(0.072);
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 250_000_000 }), (credits) => {
        expect(formatCents(paygEstimateCents(credits)).replace(/[$,]/g, '')).toBe(exactDollars(credits));
      }),
      { numRuns: 2000 },
    );
  });
});

describe('formatCents and overageText', () => {
  it('two decimals, thousands separators', () => {
    expect(formatCents(0)).toBe('$0.00');
    expect(formatCents(5)).toBe('$0.05');
    expect(formatCents(1040)).toBe('$10.40');
    expect(formatCents(123_456_789)).toBe('$1,234,567.89');
  });

  it('"{n} credits over · ≈ ${n × 0.008}"', () => {
    expect(overageText(250)).toBe('250 credits over · ≈ $2.00');
    expect(overageText(1)).toBe('1 credit over · ≈ $0.01');
    expect(overageText(12_345)).toBe('12,345 credits over · ≈ $98.76');
  });
});
