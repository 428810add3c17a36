import { describe, expect, it } from 'vitest';
import { billingStatusSchema, createKeyResponseSchema, keysUsageResponseSchema, authResponseSchema } from '@/lib/api/schemas';

const key = {
  id: '0b6c3f0e-6c0a-4c8e-9d5c-2f7d9d1c2b3a',
  name: 'default',
  key_prefix: 'kb-AbC1',
  key_type: 'dev',
  created_at: '2026-02-16T14:03:48.512345+00:00',
  last_used_at: null,
  credits_used: 0,
};

describe('response schemas', () => {
  it('accept the contract examples: +00:00 with microseconds, null last_used_at', () => {
    const parsed = keysUsageResponseSchema.parse({ data: [key, { ...key, last_used_at: '2026-02-01T00:00:00+00:00', credits_used: 12 }], request_id: 'req_0123456789ab' });
    expect(parsed.data).toHaveLength(2);
    expect(parsed.data[0]?.last_used_at).toBeNull();
  });

  it('accept credits_used greater than credits_total (PAYG overdraft)', () => {
    const parsed = billingStatusSchema.parse({ tier: 'payg', credits_total: 1000, credits_used: 1500, credits_remaining: 0, payg_enabled: true, billing_cycle_start: '2026-02-01T00:00:00+00:00', request_id: 'req_1' });
    expect(parsed.credits_used).toBe(1500);
  });

  it('accept an auth response with an empty refresh token, as the contract allows', () => {
    expect(authResponseSchema.parse({ access_token: 'eyJ.x.y', refresh_token: '', user_id: '', request_id: 'r' }).refresh_token).toBe('');
  });

  it('reject drifted shapes', () => {
    expect(keysUsageResponseSchema.safeParse({ data: [{ ...key, credits_used: '3' }], request_id: 'r' }).success).toBe(false);
    expect(keysUsageResponseSchema.safeParse({ data: [{ ...key, key_type: 'staging' }], request_id: 'r' }).success).toBe(false);
    expect(keysUsageResponseSchema.safeParse({ keys: [key], request_id: 'r' }).success).toBe(false);
    expect(keysUsageResponseSchema.safeParse({ data: [{ ...key, created_at: 'yesterday' }], request_id: 'r' }).success).toBe(false);
    expect(billingStatusSchema.safeParse({ tier: 'enterprise', credits_total: 1, credits_used: 0, credits_remaining: 1, payg_enabled: false, billing_cycle_start: '2026-02-01T00:00:00+00:00', request_id: 'r' }).success).toBe(false);
    expect(createKeyResponseSchema.safeParse({ data: { id: 'x', key: 'sk-live', name: 'n', key_prefix: 'sk-live', key_type: 'dev', created_at: '2026-02-01T00:00:00+00:00' }, request_id: 'r' }).success).toBe(false);
  });
});
