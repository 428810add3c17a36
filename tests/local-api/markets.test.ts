/** Usage recording through a data endpoint: API-key auth, credits, usage rows (contract §6, §7). */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { LocalApi } from '../../local-api/server';
import { admin, call, envelopeOf, ISO_TIMESTAMP, signUp, startTestApi, type TestUser } from './helpers';

let api: LocalApi;

beforeAll(async () => {
  api = await startTestApi();
});
afterAll(() => api.close());

async function userWithKey(): Promise<{ user: TestUser; key: string; keyId: string }> {
  const user = await signUp(api);
  const created = await call(api, 'POST', '/keys', { token: user.accessToken, json: { name: 'data' } });
  return { user, key: created.body.data.key, keyId: created.body.data.id };
}

const markets = (key: string) => call(api, 'GET', '/markets', { token: key });
const keyInfo = async (user: TestUser, keyId: string) =>
  (await call(api, 'GET', '/keys/usage', { token: user.accessToken })).body.data.find((k: { id: string }) => k.id === keyId);

describe('GET /markets with an API key', () => {
  it('charges 1 credit, sets last_used_at, counts in /keys/usage and /billing/status', async () => {
    const { user, key, keyId } = await userWithKey();
    const response = await markets(key);
    expect(response.status).toBe(200);
    expect(Object.keys(response.body)).toEqual(['data', 'request_id', 'response_time']);
    expect(response.body.data.length).toBeGreaterThan(0);
    expect(Object.keys(response.body.data[0])).toEqual([
      'ticker',
      'title',
      'event_ticker',
      'status',
      'category',
      'first_data_at',
      'last_data_at',
    ]);
    expect(response.headers.get('x-credits-cost')).toBe('1');
    expect(response.headers.get('x-credits-used')).toBe('1');
    expect(response.headers.get('x-credits-total')).toBe('1000');
    expect(response.headers.get('x-credits-remaining')).toBe('999');

    await markets(key);
    const info = await keyInfo(user, keyId);
    expect(info.credits_used).toBe(2);
    expect(info.last_used_at).toMatch(ISO_TIMESTAMP);
    const status = await call(api, 'GET', '/billing/status', { token: user.accessToken });
    expect(status.body).toMatchObject({ credits_used: 2, credits_remaining: 998 });
  });

  it('market detail: 1 credit, and still charged when the market does not exist', async () => {
    const { user, key } = await userWithKey();
    const detail = await call(api, 'GET', '/markets/KXFEDDECISION-26MAR-H0', { token: key });
    expect(detail.status).toBe(200);
    expect(detail.body.data).toMatchObject({ ticker: 'KXFEDDECISION-26MAR-H0', snapshot_count: expect.any(Number) });
    const missing = await call(api, 'GET', '/markets/NOPE', { token: key });
    expect(envelopeOf(missing)).toEqual({ code: 'market_not_found', message: "Market 'NOPE' not found.", status: 404 });
    expect(missing.headers.get('x-credits-used')).toBe('2');
    expect((await call(api, 'GET', '/billing/status', { token: user.accessToken })).body.credits_used).toBe(2);
  });

  it('invalid keys: the three messages of get_api_key', async () => {
    const { user, key, keyId } = await userWithKey();
    const message = async (headers: Record<string, string>) =>
      envelopeOf(await call(api, 'GET', '/markets', { headers })).message;
    expect(await message({})).toBe('Missing or malformed Authorization header. Expected: Bearer kb-...');
    expect(await message({ authorization: `Bearer ${user.accessToken}` })).toBe("Invalid API key format. Keys must start with 'kb-'.");
    expect(await message({ authorization: 'Bearer kb-unknown' })).toBe('The provided API key is invalid or has been revoked.');
    await call(api, 'DELETE', `/keys/${keyId}`, { token: user.accessToken });
    const revoked = await markets(key);
    expect(revoked.status).toBe(401);
    expect(envelopeOf(revoked)).toEqual({
      code: 'invalid_api_key',
      message: 'The provided API key is invalid or has been revoked.',
      status: 401,
    });
    expect(revoked.headers.get('x-credits-used')).toBeNull();
  });

  it('429 credits_exhausted at the limit — after marking the key used', async () => {
    const { user, key, keyId } = await userWithKey();
    await admin(api, '/billing', { email: user.email, credits_used: 999 });
    expect((await markets(key)).status).toBe(200);
    const before = (await keyInfo(user, keyId)).last_used_at;
    const refused = await markets(key);
    expect(refused.status).toBe(429);
    expect(envelopeOf(refused)).toEqual({
      code: 'credits_exhausted',
      message:
        'Monthly credit limit reached. Enable Pay-As-You-Go for continued access or upgrade to the Project plan at /billing/checkout.',
      status: 429,
    });
    expect(refused.headers.get('x-credits-remaining')).toBeNull();
    const after = await keyInfo(user, keyId);
    expect(after.last_used_at > before).toBe(true);
    expect(after.credits_used).toBe(1); // no usage row for the refused call

    await call(api, 'POST', '/billing/payg', { token: user.accessToken, json: { enable: true } });
    const overdraft = await markets(key);
    expect(overdraft.status).toBe(200);
    expect(overdraft.headers.get('x-credits-used')).toBe('1001');
    expect(overdraft.headers.get('x-credits-remaining')).toBe('0');
  });

  it('the monthly reset is lazy: only a data request performs it', async () => {
    const { user, key } = await userWithKey();
    await admin(api, '/billing', { email: user.email, credits_used: 640, billing_cycle_start: '2020-01-01T00:00:00+00:00' });
    const stale = await call(api, 'GET', '/billing/status', { token: user.accessToken });
    expect(stale.body).toMatchObject({ credits_used: 640, billing_cycle_start: '2020-01-01T00:00:00+00:00' });
    expect((await markets(key)).headers.get('x-credits-used')).toBe('1');
    const fresh = await call(api, 'GET', '/billing/status', { token: user.accessToken });
    expect(fresh.body.credits_used).toBe(1);
    expect(fresh.body.billing_cycle_start).not.toBe('2020-01-01T00:00:00+00:00');
  });

  it('POST /__admin/usage records usage for a key by prefix', async () => {
    const { user, keyId } = await userWithKey();
    const prefix = (await keyInfo(user, keyId)).key_prefix;
    const response = await admin(api, '/usage', { key_prefix: prefix, credits: 25 });
    expect(response.status).toBe(200);
    expect((await keyInfo(user, keyId)).credits_used).toBe(25);
    expect((await call(api, 'GET', '/billing/status', { token: user.accessToken })).body.credits_used).toBe(25);
  });
});
