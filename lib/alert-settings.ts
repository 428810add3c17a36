// Checks of the low-credit alert settings (lib/settings.ts holds their shape and defaults). A module
// of its own so the popup, which loads settings.ts at startup, does not carry them.
import type { AlertSettings } from './settings';

export const MAX_PAYG_THRESHOLD_CENTS = 100_000_000;

/** "10" → 1000, "12.5" → 1250, "$0.99" → 99; a message when it is not a positive amount in dollars and cents. */
export function parseDollars(raw: string): { ok: true; cents: number } | { ok: false; error: string } {
  const value = raw.trim().replace(/^\$\s*/, '').replace(/,/g, '');
  const match = /^(\d{1,9})(?:\.(\d{1,2}))?$|^\.(\d{1,2})$/.exec(value);
  if (!match) return { ok: false, error: 'Enter an amount in dollars, such as 10 or 12.50.' };
  const whole = Number(match[1] ?? '0');
  const fraction = (match[2] ?? match[3] ?? '').padEnd(2, '0');
  const cents = whole * 100 + Number(fraction || '0');
  if (cents < 1) return { ok: false, error: 'The amount must be at least $0.01.' };
  if (cents > MAX_PAYG_THRESHOLD_CENTS) return { ok: false, error: 'The amount must be at most $1,000,000.' };
  return { ok: true, cents };
}

export function validateAlertSettings(input: unknown): { ok: true; value: AlertSettings } | { ok: false; error: string } {
  const value = (input ?? {}) as Partial<AlertSettings>;
  if (typeof value.enabled !== 'boolean') return { ok: false, error: 'Alerts must be on or off.' };
  const cents = value.paygThresholdCents;
  if (typeof cents !== 'number' || !Number.isInteger(cents) || cents < 1 || cents > MAX_PAYG_THRESHOLD_CENTS) {
    return { ok: false, error: 'The Pay-As-You-Go alert amount must be between $0.01 and $1,000,000.' };
  }
  return { ok: true, value: { enabled: value.enabled, paygThresholdCents: cents } };
}
