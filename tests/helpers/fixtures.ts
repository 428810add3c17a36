import type { BillingStatus, KeyUsageItem } from '@/lib/api/schemas';
import { currentCycleStart } from './clock';

export function keyRow(overrides: Partial<KeyUsageItem> = {}): KeyUsageItem {
  return {
    id: '3f1c2a4e-8b7d-4c1a-9e2f-0a1b2c3d4e5f',
    name: 'default',
    key_prefix: 'kb-AbC1',
    key_type: 'dev',
    created_at: '2026-02-16T14:03:48.512345+00:00',
    last_used_at: null,
    credits_used: 0,
    ...overrides,
  };
}

export function billing(overrides: Partial<BillingStatus> = {}): BillingStatus {
  return {
    tier: 'free',
    credits_total: 1000,
    credits_used: 250,
    credits_remaining: 750,
    payg_enabled: false,
    // The current cycle (this month in UTC), as after a data request this month: a fixed date would
    // be a cycle that has ended once the calendar moves on (tests of that state say so explicitly).
    billing_cycle_start: currentCycleStart(),
    ...overrides,
  };
}

export const RAW_KEY = 'kb-AbC1defghijklmnopqrstuvwxyz0123456789ABCDEFG';
