// The background records usage history (lib/background/usage-history.ts) through the real
// BackgroundService against the fake server: a point per fresh billing status or key list, per
// account, kept across sign-out, never a key, cleared by "Clear usage history".
import { beforeEach, describe, expect, it } from 'vitest';
import { fakeBrowser } from 'wxt/testing/fake-browser';
import { BackgroundService } from '@/lib/background/service';
import { defaultSettings } from '@/lib/settings';
import { settingsItem, usageHistoryItem } from '@/lib/storage';
import { HOUR_MS } from '@/lib/usage/history';
import { createFakeServer } from '../../helpers/fake-server';

const START = '2026-12-01T00:00:00+00:00';
const T0 = Date.parse('2026-12-03T10:00:00Z');

describe('usage history recording', () => {
  let clock = T0;
  let api: ReturnType<typeof createFakeServer>;
  let bg: BackgroundService;

  beforeEach(async () => {
    clock = T0;
    api = createFakeServer({ now: () => clock });
    api.billing.billing_cycle_start = START;
    api.billing.credits_used = 100;
    const k1 = api.addKey('default', 'dev', { credits_used: 60 });
    api.addKey('backtest', 'prod', { credits_used: 40 });
    void k1;
    await settingsItem.setValue({ ...defaultSettings({}), apiBaseUrl: 'https://api.test', authUrl: 'https://auth.test', anonKey: 'anon' });
    bg = new BackgroundService({ fetch: api.fetch, now: () => clock });
    await bg.signIn('ada@example.com', 'correct-horse');
  });

  it('records a point from billing and keys, and nothing new for the same figures within the hour', async () => {
    await bg.listKeys();
    await bg.getBilling();
    const view = (await bg.getUsageHistory())!;
    expect(view.history.series).toHaveLength(1);
    const points = view.history.series[0]!.points;
    expect(points.at(-1)).toMatchObject({ t: T0, u: 100, c: 1000, tier: 'free', g: 0 });
    const byId = Object.fromEntries(view.history.keys.map((id, i) => [id, points.at(-1)!.k[i]]));
    expect(Object.values(byId).sort()).toEqual([40, 60]);
    clock += 10 * 60_000;
    await bg.getBilling();
    expect((await bg.getUsageHistory())!.history.series[0]!.points).toHaveLength(points.length);
    clock += HOUR_MS;
    api.billing.credits_used = 130;
    await bg.getBilling();
    expect((await bg.getUsageHistory())!.history.series[0]!.points.at(-1)).toMatchObject({ u: 130, t: clock });
  });

  it('the popup\'s glance: the forecast and sparkline from the cached status and the history, afresh after the stored history changed', async () => {
    await bg.listKeys();
    await bg.getBilling();
    const glance = (await bg.getUsageGlance())!;
    expect(glance.forecast.used).toBe(100);
    expect(glance.spark).toEqual({ t: [T0], u: [100] });
    // Written by something else (an older version, a test): read again, not the remembered copy.
    await usageHistoryItem.setValue({});
    await new Promise((r) => setTimeout(r, 0));
    expect((await bg.getUsageGlance())!.spark).toEqual({ t: [], u: [] });
    await bg.signOut();
    expect(await bg.getUsageGlance()).toBeNull();
  });

  it('the badge refresh records too', async () => {
    await bg.onAlarm('kb-badge-refresh');
    expect((await bg.getUsageHistory())!.history.series[0]!.points).toHaveLength(1);
  });

  it('kept across sign-out, per account; holds no key material', async () => {
    await bg.listKeys();
    await bg.getBilling();
    await bg.signOut();
    expect(await bg.getUsageHistory()).toBeNull();
    const stored = await usageHistoryItem.getValue();
    expect(Object.keys(stored)).toEqual(['user-1']);
    const dump = JSON.stringify(await fakeBrowser.storage.local.get(null));
    for (const key of api.keys.values()) {
      expect(dump).not.toContain(key.key);
      expect(dump).not.toContain(key.key_prefix);
      expect(dump).not.toContain(key.name);
    }
  });

  it('a corrupted store is read as far as it goes and the next point still lands', async () => {
    await usageHistoryItem.setValue({ 'user-1': { keys: ['x'], series: [{ start: START, points: [{ t: 'bad' }, { t: T0 - HOUR_MS, u: 50, c: 1000, tier: 'free', g: 0, k: [5] }] }] } });
    await bg.getBilling();
    const view = (await bg.getUsageHistory())!;
    expect(view.history.series[0]!.points.map((p) => p.u)).toEqual([50, 100]);
  });

  it('"Clear usage history" removes it', async () => {
    await bg.getBilling();
    await expect(bg.clearUsageHistory()).resolves.toEqual({ cleared: true });
    expect(await usageHistoryItem.getValue()).toEqual({});
    expect((await bg.getUsageHistory())!.history.series).toEqual([]);
  });
});
