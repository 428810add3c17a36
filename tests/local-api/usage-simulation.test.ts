/**
 * What makes the extension's usage history visible against the local API: `/__admin/cycle-usage`
 * (a cycle's start and its usage, in /billing/status and /keys/usage alike), `/__admin/simulate-usage`
 * and the `simulateUsage` option (credits spent over time across the keys, within the allowance).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { LocalApi } from '../../local-api/server';
import { DEMO_EMAIL } from '../../local-api/seed';
import { call, signUp, startTestApi, type TestUser } from './helpers';

let api: LocalApi;
beforeAll(async () => {
  api = await startTestApi();
});
afterAll(() => api.close());

const admin = (path: string, json: unknown) => call(api, 'POST', `/__admin/${path}`, { json, origin: false });
const status = async (user: TestUser) => (await call(api, 'GET', '/billing/status', { token: user.accessToken })).body;
const usage = async (user: TestUser) => (await call(api, 'GET', '/keys/usage', { token: user.accessToken })).body.data as { id: string; key_prefix: string; credits_used: number }[];

async function userWithKeys(n: number): Promise<{ user: TestUser; keys: { id: string; prefix: string }[] }> {
  const user = await signUp(api);
  const keys = [];
  for (let i = 0; i < n; i++) {
    const created = await call(api, 'POST', '/keys', { token: user.accessToken, json: { name: `k${i}` } });
    keys.push({ id: created.body.data.id as string, prefix: created.body.data.key_prefix as string });
  }
  return { user, keys };
}

describe('/__admin/cycle-usage', () => {
  it('sets the cycle start and the usage; billing status and per-key usage agree; no reset happens', async () => {
    const { user, keys } = await userWithKeys(2);
    const start = new Date(Date.now() - 10 * 86_400_000).toISOString();
    const res = await admin('cycle-usage', { email: user.email, start, keys: [{ key: keys[0]!.id, credits: 300 }, { key: keys[1]!.prefix, credits: 200 }] });
    expect(res.status).toBe(200);
    expect(res.body).toEqual({ billing_cycle_start: start, credits_used: 500 });
    const billing = await status(user);
    expect(billing.credits_used).toBe(500);
    expect(Date.parse(billing.billing_cycle_start)).toBe(Date.parse(start));
    // (Sign-up made a "default" key too: it keeps 0 this cycle.)
    const byId = Object.fromEntries((await usage(user)).map((k) => [k.id, k.credits_used]));
    expect(byId).toMatchObject({ [keys[0]!.id]: 300, [keys[1]!.id]: 200 });
    expect(Object.values(byId).reduce((a, b) => a + b, 0)).toBe(500);
    // Setting it again replaces this cycle's usage rather than adding to it.
    await admin('cycle-usage', { email: user.email, start, credits_used: 120, keys: [{ key: keys[0]!.id, credits: 120 }] });
    expect((await status(user)).credits_used).toBe(120);
    expect(Object.fromEntries((await usage(user)).map((k) => [k.id, k.credits_used]))).toMatchObject({ [keys[0]!.id]: 120, [keys[1]!.id]: 0 });
  });

  it.each([
    [{ start: 'yesterday' }, 400, /start must be an ISO/],
    [{ start: '2999-01-01T00:00:00Z' }, 400, /future/],
    [{ start: '2026-01-01T00:00:00Z', keys: [{ key: 'kb-nope', credits: 1 }] }, 404, /No single active key/],
    [{ start: '2026-01-01T00:00:00Z', credits_used: -1 }, 400, /credits_used/],
    [{ start: '2026-01-01T00:00:00Z', keys: 'all' }, 400, /keys must be a list/],
  ])('bad input %j → %i', async (body, code, message) => {
    const { user } = await userWithKeys(1);
    const res = await admin('cycle-usage', { email: user.email, ...body });
    expect(res.status).toBe(code);
    expect(JSON.stringify(res.body)).toMatch(message);
  });

  it('an unknown account is a 404', async () => {
    expect((await admin('cycle-usage', { email: 'nobody@example.com', start: '2026-01-01T00:00:00Z' })).status).toBe(404);
  });
});

describe('simulated usage', () => {
  it('spends credits across the keys, the busiest first, and never past the allowance without PAYG', async () => {
    const { user, keys } = await userWithKeys(3);
    const res = await admin('simulate-usage', { email: user.email, ticks: 40 });
    expect(res.status).toBe(200);
    const spent = res.body.credits_spent as number;
    expect(spent).toBeGreaterThan(0);
    expect((await status(user)).credits_used).toBe(spent);
    const perKey = await usage(user);
    expect(perKey.reduce((a, k) => a + k.credits_used, 0)).toBe(spent);
    expect(perKey.filter((k) => k.credits_used > 0).length).toBeGreaterThanOrEqual(2);
    void keys;
    // Near the allowance: it stops at it.
    await admin('billing', { email: user.email, credits_used: 998 });
    await admin('simulate-usage', { email: user.email, ticks: 20 });
    expect((await status(user)).credits_used).toBeLessThanOrEqual(1000);
  });

  it('the simulateUsage option spends the demo account’s credits on its own, and stops on close', async () => {
    const sim = await startTestApi({ seedDemo: true, simulateUsage: { intervalMs: 50 } });
    try {
      const login = (await call(sim, 'POST', '/auth/login', { json: { email: DEMO_EMAIL, password: sim.demo!.password } })).body;
      const before = (await call(sim, 'GET', '/billing/status', { token: login.access_token })).body.credits_used as number;
      let after = before;
      for (let i = 0; i < 100 && after === before; i++) {
        await new Promise((r) => setTimeout(r, 50));
        after = (await call(sim, 'GET', '/billing/status', { token: login.access_token })).body.credits_used;
      }
      expect(after).toBeGreaterThan(before);
    } finally {
      await sim.close();
    }
  });
});
