/**
 * The billing cycle as the real server runs it (contract §5.4, §5.9, §7.3, §7.4): the lazy monthly
 * reset happens only on a data request; /billing/status, /keys/usage and the billing endpoints
 * never reset; Pay-As-You-Go overage is metered per request. And the /__admin switches the
 * extension's tests use to produce these states.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { LocalApi } from '../../local-api/server';
import { admin, call, signUp, startTestApi, type TestUser } from './helpers';

let api: LocalApi;

beforeAll(async () => {
  api = await startTestApi();
});
afterAll(() => api.close());

const monthStart = (monthsBack = 0): string => {
  const now = new Date();
  const d = new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth() - monthsBack, 1));
  return `${d.getUTCFullYear()}-${String(d.getUTCMonth() + 1).padStart(2, '0')}-01T00:00:00+00:00`;
};

async function userWithKey(): Promise<{ user: TestUser; key: string; keyId: string }> {
  const user = await signUp(api);
  const created = await call(api, 'POST', '/keys', { token: user.accessToken, json: { name: 'data' } });
  return { user, key: created.body.data.key, keyId: created.body.data.id };
}

const status = async (user: TestUser) => (await call(api, 'GET', '/billing/status', { token: user.accessToken })).body;
const keyCredits = async (user: TestUser, keyId: string) =>
  (await call(api, 'GET', '/keys/usage', { token: user.accessToken })).body.data.find((k: { id: string }) => k.id === keyId).credits_used;
const markets = (key: string) => call(api, 'GET', '/markets', { token: key });
const meterEvents = async (user: TestUser) =>
  (await call(api, 'GET', `/__admin/meter-events?email=${encodeURIComponent(user.email)}`, { origin: false })).body;

describe('the lazy monthly reset', () => {
  it('a cycle moved into the past stays as it is until a data request; then it restarts at this month with that request', async () => {
    const { user, key, keyId } = await userWithKey();
    for (let i = 0; i < 3; i++) expect((await markets(key)).status).toBe(200);
    const moved = await admin(api, '/cycle', { email: user.email, months_back: 1, credits_used: 640 });
    expect(moved.status).toBe(200);
    expect(moved.body.billing_account).toMatchObject({ credits_used: 640, billing_cycle_start: monthStart(1) });

    // Account endpoints read, never reset: last month's numbers, with the usage moved along.
    for (let i = 0; i < 2; i++) {
      expect(await status(user)).toMatchObject({ credits_used: 640, credits_remaining: 360, billing_cycle_start: monthStart(1) });
      expect(await keyCredits(user, keyId)).toBe(3);
    }
    await call(api, 'POST', '/billing/payg', { token: user.accessToken, json: { enable: false } });
    await call(api, 'GET', '/keys', { token: user.accessToken });
    expect(await status(user)).toMatchObject({ credits_used: 640, billing_cycle_start: monthStart(1) });

    // The first data request of the month resets, then charges.
    const first = await markets(key);
    expect(first.headers.get('x-credits-used')).toBe('1');
    expect(first.headers.get('x-credits-remaining')).toBe('999');
    expect(await status(user)).toMatchObject({ credits_used: 1, credits_remaining: 999, billing_cycle_start: monthStart() });
    // Last month's usage rows no longer count for the key.
    expect(await keyCredits(user, keyId)).toBe(1);
  });

  it('last cycle’s exhausted allowance does not block the first request of the new cycle (reset, then deduction)', async () => {
    const { user, key } = await userWithKey();
    await admin(api, '/cycle', { email: user.email, months_back: 2, credits_used: 1000 });
    expect(await status(user)).toMatchObject({ credits_used: 1000, credits_remaining: 0, billing_cycle_start: monthStart(2) });
    const response = await markets(key);
    expect(response.status).toBe(200);
    expect(await status(user)).toMatchObject({ credits_used: 1, billing_cycle_start: monthStart() });
  });

  it('market detail is a data request too', async () => {
    const { user, key } = await userWithKey();
    await admin(api, '/cycle', { email: user.email, credits_used: 10 });
    await call(api, 'GET', '/markets/NOPE', { token: key }); // 404, but charged (and reset) first
    expect(await status(user)).toMatchObject({ credits_used: 1, billing_cycle_start: monthStart() });
  });

  it('/__admin/usage records usage like a data request, reset included', async () => {
    const { user, keyId } = await userWithKey();
    await admin(api, '/cycle', { email: user.email, credits_used: 500 });
    await admin(api, '/usage', { key_id: keyId, credits: 7 });
    expect(await status(user)).toMatchObject({ credits_used: 7, billing_cycle_start: monthStart() });
    expect(await keyCredits(user, keyId)).toBe(7);
  });
});

describe('Pay-As-You-Go overage (§7.3)', () => {
  it('meters each request that leaves the account over its allowance, and nothing within it', async () => {
    const { user, key } = await userWithKey();
    await call(api, 'POST', '/billing/payg', { token: user.accessToken, json: { enable: true } }); // creates the Stripe customer
    await admin(api, '/billing', { email: user.email, credits_used: 998 });
    await markets(key); // 999
    await markets(key); // 1000: at the allowance, not over it
    expect(await meterEvents(user)).toEqual({ events: [], total: 0 });
    const over = await markets(key); // 1001
    expect(over.status).toBe(200);
    expect(over.headers.get('x-credits-remaining')).toBe('0');
    await markets(key); // 1002
    const metered = await meterEvents(user);
    expect(metered.total).toBe(2);
    expect(metered.events.map((e: { event_name: string; value: number }) => [e.event_name, e.value])).toEqual([
      ['kalshibook_api_credits', 1],
      ['kalshibook_api_credits', 1],
    ]);
    expect(await status(user)).toMatchObject({ credits_used: 1002, credits_remaining: 0, payg_enabled: true });
  });

  it('no Stripe customer: the overdraft is allowed but nothing is metered; PAYG off: 429 and nothing metered', async () => {
    const { user, key } = await userWithKey();
    await admin(api, '/billing', { email: user.email, payg_enabled: true, credits_used: 1000 });
    expect((await markets(key)).status).toBe(200);
    expect((await meterEvents(user)).total).toBe(0);
    await admin(api, '/billing', { email: user.email, payg_enabled: false });
    expect((await markets(key)).status).toBe(429);
    expect((await meterEvents(user)).total).toBe(0);
    expect((await status(user)).credits_used).toBe(1001);
  });
});

describe('/__admin/cycle', () => {
  it('checks its input', async () => {
    const user = await signUp(api);
    expect((await admin(api, '/cycle', {})).status).toBe(400);
    expect((await admin(api, '/cycle', { email: 'nobody@example.com' })).status).toBe(404);
    expect((await admin(api, '/cycle', { email: user.email, months_back: 0 })).status).toBe(400);
    expect((await admin(api, '/cycle', { email: user.email, months_back: 1.5 })).status).toBe(400);
    expect((await admin(api, '/cycle', { email: user.email, credits_used: -1 })).status).toBe(400);
    expect((await call(api, 'GET', '/__admin/meter-events', { origin: false })).status).toBe(400);
  });

  it('is not there without --faults', async () => {
    const plain = await startTestApi({ faults: false });
    try {
      expect((await admin(plain, '/cycle', { email: 'x@example.com' })).status).toBe(404);
    } finally {
      await plain.close();
    }
  });
});
