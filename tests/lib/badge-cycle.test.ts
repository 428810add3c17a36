// The toolbar badge counts from the current cycle: once the server's cycle has ended (its numbers
// are last month's until the next data request), never "exhausted" or "low" from stale numbers.
import { describe, expect, it } from 'vitest';
import { fakeBrowser } from 'wxt/testing/fake-browser';
import { badgeFor } from '@/lib/badge';
import { billing } from '../helpers/fixtures';

const DEC_2 = Date.parse('2026-12-02T09:00:00Z');
const november = (used: number, payg = false) =>
  billing({ credits_total: 1000, credits_used: used, credits_remaining: Math.max(0, 1000 - used), payg_enabled: payg, billing_cycle_start: '2026-11-01T00:00:00+00:00' });

describe('badge in a cycle that has ended', () => {
  it.each([
    ['exhausted last cycle', november(1000)],
    ['low last cycle', november(950)],
    ['PAYG overage last cycle', november(1400, true)],
  ])('%s: nothing to warn about', (_name, status) => {
    expect(badgeFor(status, DEC_2)).toEqual({ text: '', color: '#4f46e5', title: 'KalshiBook' });
  });

  it('the same numbers in the current cycle still warn', () => {
    expect(badgeFor(november(1000), Date.parse('2026-11-28T00:00:00Z')).text).toBe('0');
    expect(badgeFor(november(950), Date.parse('2026-11-28T00:00:00Z')).text).toBe('!');
  });

  it('the background sets it with its own clock (after a restart, from the cache)', async () => {
    const { BackgroundService } = await import('@/lib/background/service');
    const { dataCacheItem, sessionTokensItem } = await import('@/lib/storage');
    await sessionTokensItem.setValue({ accessToken: 'a', refreshToken: 'r', expiresAt: DEC_2 + 3600_000, userId: 'user-1', email: 'ada@example.com' });
    await dataCacheItem.setValue({ userId: 'user-1', keys: null, billing: november(1000), updatedAt: 1 });
    await new BackgroundService({ now: () => Date.parse('2026-11-29T00:00:00Z') }).resume();
    expect(await fakeBrowser.action.getBadgeText({})).toBe('0');
    await new BackgroundService({ now: () => DEC_2 }).resume();
    expect(await fakeBrowser.action.getBadgeText({})).toBe('');
  });
});
