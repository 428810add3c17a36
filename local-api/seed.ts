/**
 * The demo account a fresh local API starts with, so there is something to look at: a free-tier
 * account with three keys (one created "before reveal existed", so it cannot be revealed) and
 * some usage this month and last month.
 */
import type { AppContext } from './context';
import { firstRow } from './db';
import { GoTrue } from './gotrue/service';
import { ensureBillingAccount } from './services/billing';
import { createApiKey } from './services/keys';

export const DEMO_EMAIL = 'demo@kalshibook.local';
export const DEMO_PASSWORD = 'demo-password-123';

const SEEDED_FLAG = 'demo_seeded';

/** Credits per data call (contract §7.2), cycled to make plausible usage rows. */
const CALLS: [string, number][] = [
  ['/orderbook', 5],
  ['/deltas', 2],
  ['/markets', 1],
  ['/candles/KXBTCD-26FEB1617-T97499.99', 3],
  ['/trades', 2],
  ['/markets/KXFEDDECISION-26MAR-H0', 1],
];

async function addUsage(app: AppContext, keyId: string, credits: number, when: 'this month' | 'last month'): Promise<void> {
  const calls: [string, number][] = [];
  for (let left = credits, index = 0; left > 0; index++) {
    const [endpoint, cost] = CALLS[index % CALLS.length] as [string, number];
    calls.push([endpoint, Math.min(cost, left)]);
    left -= cost;
  }
  // Spread over the current month so far, or over the previous month, never before the key existed.
  const created = '(SELECT created_at FROM api_keys WHERE id = $1)';
  const timestamp =
    when === 'this month'
      ? `now() - random() * (now() - GREATEST(date_trunc('month', now()), ${created}))`
      : `date_trunc('month', now()) - interval '1 second' - random() * (date_trunc('month', now()) - interval '1 second' - GREATEST(${created}, date_trunc('month', now()) - interval '1 month'))`;
  const params: unknown[] = [keyId];
  const values = calls.map(([endpoint, cost]) => {
    params.push(endpoint, cost);
    return `($1, $${params.length - 1}, $${params.length}, ${timestamp})`;
  });
  await app.db.query(
    `INSERT INTO api_key_usage (api_key_id, endpoint, credits_charged, created_at) VALUES ${values.join(', ')}`,
    params,
  );
  await app.db.query(
    `UPDATE api_keys SET last_used_at = (SELECT max(created_at) FROM api_key_usage WHERE api_key_id = $1) WHERE id = $1`,
    [keyId],
  );
}

/** Seeds the demo account once per database; returns its credentials when it exists. */
export async function seedDemoAccount(app: AppContext): Promise<{ email: string; password: string } | undefined> {
  const seeded = await firstRow(app.db, 'SELECT value FROM local_meta WHERE key = $1', [SEEDED_FLAG]);
  const gotrue = new GoTrue(app);
  if (!seeded) {
    if (!(await gotrue.userIdByEmail(DEMO_EMAIL))) {
      const userId = await gotrue.createUser(DEMO_EMAIL, DEMO_PASSWORD);
      await ensureBillingAccount(app.db, userId);
      const keys: [name: string, type: 'dev' | 'prod', ageDays: number, revealable: boolean][] = [
        ['default', 'dev', 62, false],
        ['production', 'prod', 40, true],
        ['research notebook', 'dev', 3, true],
      ];
      const ids: string[] = [];
      for (const [name, type, ageDays, revealable] of keys) {
        const key = await createApiKey(app.db, userId, name, type, { storeValue: revealable });
        await app.db.query(`UPDATE api_keys SET created_at = now() - ($2 || ' days')::interval WHERE id = $1`, [key.id, String(ageDays)]);
        ids.push(key.id);
      }
      const [defaultKey, productionKey, notebookKey] = ids as [string, string, string];
      await addUsage(app, defaultKey, 58, 'last month');
      await addUsage(app, productionKey, 96, 'this month');
      await addUsage(app, productionKey, 311, 'last month');
      await addUsage(app, notebookKey, 41, 'this month');
      await app.db.query('UPDATE billing_accounts SET credits_used = $2 WHERE user_id = $1', [userId, 96 + 41]);
    }
    await app.db.query('INSERT INTO local_meta (key, value) VALUES ($1, now()::text) ON CONFLICT (key) DO NOTHING', [SEEDED_FLAG]);
  }
  return (await gotrue.userIdByEmail(DEMO_EMAIL)) ? { email: DEMO_EMAIL, password: DEMO_PASSWORD } : undefined;
}
