// The Pay-As-You-Go alert amount as typed in Settings, and the alert settings the background accepts.
import { describe, expect, it } from 'vitest';
import { parseDollars, validateAlertSettings } from '@/lib/alert-settings';
import { defaultAlertSettings } from '@/lib/settings';

describe('parseDollars', () => {
  it.each([
    ['10', 1000],
    ['10.00', 1000],
    ['12.5', 1250],
    ['$0.99', 99],
    ['$ 1,250.05', 125005],
    ['.5', 50],
    [' 7 ', 700],
  ])('%j → %i cents', (raw, cents) => {
    expect(parseDollars(raw)).toEqual({ ok: true, cents });
  });

  it.each([
    ['', 'Enter an amount in dollars, such as 10 or 12.50.'],
    ['ten', 'Enter an amount in dollars, such as 10 or 12.50.'],
    ['1.234', 'Enter an amount in dollars, such as 10 or 12.50.'],
    ['-5', 'Enter an amount in dollars, such as 10 or 12.50.'],
    ['1e3', 'Enter an amount in dollars, such as 10 or 12.50.'],
    ['0', 'The amount must be at least $0.01.'],
    ['0.00', 'The amount must be at least $0.01.'],
    ['1000001', 'The amount must be at most $1,000,000.'],
  ])('%j is refused: %s', (raw, error) => {
    expect(parseDollars(raw)).toEqual({ ok: false, error });
  });
});

describe('validateAlertSettings', () => {
  it('accepts the defaults (off, $10) and a changed amount', () => {
    expect(defaultAlertSettings()).toEqual({ enabled: false, paygThresholdCents: 1000 });
    expect(validateAlertSettings({ enabled: true, paygThresholdCents: 1 })).toEqual({ ok: true, value: { enabled: true, paygThresholdCents: 1 } });
  });

  it.each([null, {}, { enabled: 'yes', paygThresholdCents: 1000 }, { enabled: true, paygThresholdCents: 0 }, { enabled: true, paygThresholdCents: 10.5 }, { enabled: true, paygThresholdCents: 1e12 }])(
    'refuses %j',
    (input) => {
      expect(validateAlertSettings(input).ok).toBe(false);
    },
  );

  it('keeps only the known fields', () => {
    expect(validateAlertSettings({ enabled: false, paygThresholdCents: 500, extra: 1 })).toEqual({ ok: true, value: { enabled: false, paygThresholdCents: 500 } });
  });
});
