/**
 * The /__admin routes of key usage and the billing cycle (registered by admin.ts, same rules:
 * only with `--faults` / `faults: true`; not part of the real API).
 *
 *   POST /__admin/usage             {key_prefix | key_id, credits, endpoint?}  record key usage, as a
 *                                    data request would (including the lazy monthly reset first)
 *   POST /__admin/billing           {email, tier?, credits_total?, credits_used?, payg_enabled?,
 *                                    billing_cycle_start?, stripe_customer_id?, stripe_subscription_id?}
 *   POST /__admin/cycle             {email, months_back?: 1, credits_used?}  the account as if its
 *                                    cycle had started months_back months earlier: moves
 *                                    billing_cycle_start back, and its usage rows and keys'
 *                                    last_used_at with it (the server's lazy reset has not run yet)
 *   POST /__admin/cycle-usage       {email, start, credits_used?, keys?: [{key: id or prefix, credits}]}
 *                                    the cycle began at `start` with this usage (billing row and
 *                                    the keys' usage rows since then; simulate-usage.ts)
 *   POST /__admin/simulate-usage    {email, ticks?: 1}  one or more rounds of simulated usage now
 *   GET  /__admin/meter-events?email=  the Pay-As-You-Go meter events sent for that account
 */
import type { Hono } from 'hono';
import { AdminError, isObject, jsonBody, nonNegativeNumber, optionalString, requiredEmail } from './admin-request';
import type { AppContext } from './context';
import { firstRow, rows } from './db';
import { GoTrue } from './gotrue/service';
import { ensureBillingAccount, lazyResetCredits, PAYG_METER_EVENT } from './services/billing';
import { CycleUsageError, setCycleUsage, startUsageSimulation } from './simulate-usage';

/** Adds the usage and billing-cycle routes to the admin router. */
export function registerUsageRoutes(routes: Hono, app: AppContext): void {
  routes.post('/usage', async (c) => {
    const body = await jsonBody(c);
    const credits = nonNegativeNumber(body.credits, 'credits', true);
    const endpoint = optionalString(body, 'endpoint') ?? '/markets';
    const keyId = optionalString(body, 'key_id');
    const keyPrefix = optionalString(body, 'key_prefix');
    if (!keyId && !keyPrefix) throw new AdminError(400, 'key_id or key_prefix is required.');
    const keys = await rows<{ id: string; user_id: string }>(
      app.db,
      keyId
        ? 'SELECT id, user_id FROM api_keys WHERE id::text = $1 AND revoked_at IS NULL'
        : 'SELECT id, user_id FROM api_keys WHERE key_prefix = $1 AND revoked_at IS NULL',
      [keyId ?? keyPrefix],
    );
    if (keys.length === 0) throw new AdminError(404, 'No such active key.');
    if (keys.length > 1) throw new AdminError(409, 'Several active keys have this prefix; use key_id.');
    const key = keys[0] as { id: string; user_id: string };
    await ensureBillingAccount(app.db, key.user_id);
    await lazyResetCredits(app.db, key.user_id);
    await app.db.transaction(async (tx) => {
      await tx.query('UPDATE api_keys SET last_used_at = now() WHERE id = $1', [key.id]);
      await tx.query('UPDATE billing_accounts SET credits_used = credits_used + $2, updated_at = now() WHERE user_id = $1', [
        key.user_id,
        credits,
      ]);
      await tx.query('INSERT INTO api_key_usage (api_key_id, endpoint, credits_charged) VALUES ($1, $2, $3)', [
        key.id,
        endpoint,
        credits,
      ]);
    });
    const account = await firstRow<{ credits_used: number; credits_total: number }>(
      app.db,
      'SELECT credits_used, credits_total FROM billing_accounts WHERE user_id = $1',
      [key.user_id],
    );
    return c.json({ key_id: key.id, credits_charged: credits, ...account });
  });

  routes.post('/billing', async (c) => {
    const body = await jsonBody(c);
    const email = requiredEmail(body);
    const userId = await new GoTrue(app).userIdByEmail(email);
    if (!userId) throw new AdminError(404, `No user with email ${email}.`);
    await ensureBillingAccount(app.db, userId);
    const columns = [
      'tier',
      'credits_total',
      'credits_used',
      'payg_enabled',
      'billing_cycle_start',
      'stripe_customer_id',
      'stripe_subscription_id',
    ];
    const sets: string[] = [];
    const params: unknown[] = [userId];
    for (const column of columns) {
      if (!(column in body)) continue;
      params.push(body[column]);
      sets.push(`${column} = $${params.length}`);
    }
    if (sets.length > 0) {
      try {
        await app.db.query(`UPDATE billing_accounts SET ${sets.join(', ')}, updated_at = now() WHERE user_id = $1`, params);
      } catch (err) {
        throw new AdminError(400, `Could not update the billing account: ${err instanceof Error ? err.message : String(err)}`);
      }
    }
    const account = await firstRow(app.db, `SELECT ${columns.join(', ')} FROM billing_accounts WHERE user_id = $1`, [userId]);
    return c.json({ billing_account: account });
  });

  routes.post('/cycle', async (c) => {
    const body = await jsonBody(c);
    const email = requiredEmail(body);
    const months = body.months_back === undefined ? 1 : nonNegativeNumber(body.months_back, 'months_back', true);
    if (months < 1 || months > 120) throw new AdminError(400, 'months_back must be between 1 and 120.');
    const creditsUsed = body.credits_used === undefined ? undefined : nonNegativeNumber(body.credits_used, 'credits_used', true);
    const userId = await new GoTrue(app).userIdByEmail(email);
    if (!userId) throw new AdminError(404, `No user with email ${email}.`);
    await ensureBillingAccount(app.db, userId);
    const shift = `${months} months`;
    await app.db.transaction(async (tx) => {
      await tx.query(
        `UPDATE billing_accounts SET billing_cycle_start = billing_cycle_start - $2::interval,
           credits_used = COALESCE($3::int, credits_used), updated_at = now() WHERE user_id = $1`,
        [userId, shift, creditsUsed ?? null],
      );
      await tx.query(
        `UPDATE api_key_usage SET created_at = created_at - $2::interval
         WHERE api_key_id IN (SELECT id FROM api_keys WHERE user_id = $1)`,
        [userId, shift],
      );
      await tx.query('UPDATE api_keys SET last_used_at = last_used_at - $2::interval WHERE user_id = $1 AND last_used_at IS NOT NULL', [
        userId,
        shift,
      ]);
    });
    const account = await firstRow(app.db, 'SELECT tier, credits_total, credits_used, payg_enabled, billing_cycle_start FROM billing_accounts WHERE user_id = $1', [
      userId,
    ]);
    return c.json({ billing_account: account });
  });

  routes.post('/cycle-usage', async (c) => {
    const body = await jsonBody(c);
    const email = optionalString(body, 'email');
    const start = optionalString(body, 'start');
    if (!email || !start) throw new AdminError(400, 'email and start are required.');
    const creditsUsed = body.credits_used === undefined ? undefined : nonNegativeNumber(body.credits_used, 'credits_used', true);
    if (body.keys !== undefined && !Array.isArray(body.keys)) throw new AdminError(400, 'keys must be a list of {key, credits}.');
    const keys = ((body.keys ?? []) as unknown[]).map((k) => {
      if (!isObject(k) || typeof k.key !== 'string') throw new AdminError(400, 'keys must be a list of {key, credits}.');
      return { key: k.key, credits: nonNegativeNumber(k.credits, 'credits', true) };
    });
    try {
      return c.json(await setCycleUsage(app, { email, start, creditsUsed, keys }));
    } catch (err) {
      if (err instanceof CycleUsageError) throw new AdminError(err.status, err.message);
      throw err;
    }
  });

  routes.post('/simulate-usage', async (c) => {
    const body = await jsonBody(c);
    const email = requiredEmail(body);
    const ticks = body.ticks === undefined ? 1 : nonNegativeNumber(body.ticks, 'ticks', true);
    if (ticks < 1 || ticks > 1000) throw new AdminError(400, 'ticks must be between 1 and 1000.');
    const simulation = startUsageSimulation(app, { email, intervalMs: 2 ** 30 });
    let spent = 0;
    try {
      for (let i = 0; i < ticks; i++) spent += await simulation.tick();
    } finally {
      simulation.stop();
    }
    return c.json({ credits_spent: spent });
  });

  routes.get('/meter-events', async (c) => {
    const email = c.req.query('email');
    if (!email) throw new AdminError(400, 'email is required.');
    const userId = await new GoTrue(app).userIdByEmail(email);
    if (!userId) throw new AdminError(404, `No user with email ${email}.`);
    const events = await rows<{ event_name: string; value: number; created_at: string }>(
      app.db,
      `SELECT m.event_name, m.value, m.created_at FROM local_meter_events m
       JOIN billing_accounts b ON b.stripe_customer_id = m.stripe_customer_id
       WHERE b.user_id = $1 AND m.event_name = $2 ORDER BY m.id`,
      [userId, PAYG_METER_EVENT],
    );
    return c.json({ events, total: events.reduce((sum, e) => sum + e.value, 0) });
  });
}
