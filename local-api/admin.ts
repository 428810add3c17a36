/**
 * Test controls under /__admin (only with `--faults` / `faults: true`). Not part of the real API.
 *
 *   GET  /__admin/faults            current fault
 *   POST /__admin/faults            {latencyMs?, mode?, paths?, times?}  replaces the fault
 *   POST /__admin/reset-faults      back to normal (also turns the JSONB defect off)
 *   GET  /__admin/data-faults       {jsonb_defect}
 *   POST /__admin/data-faults       {jsonb_defect: bool}  the real backend's JSONB defect: /orderbook
 *                                    (and the orderbook demo) 500 whenever a snapshot exists,
 *                                    /markets/{ticker} 500 when the market has metadata; charged, no CORS
 *   POST /__admin/revoke-sessions   {email}  sign the user out everywhere (like the dashboard)
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
 *   POST /__admin/token-ttl         {seconds}  access-token lifetime from now on
 *   POST /__admin/refresh-reuse-interval {seconds}
 *   POST /__admin/age-flow-states   {seconds}  every OAuth flow state (Google sign-in) gets older
 */
import { Hono, type Context } from 'hono';
import type { AppContext } from './context';
import { firstRow, rows } from './db';
import { corsPreflightResponse, isPreflight } from './fastapi';
import { FAULT_MODES, type FaultController, type FaultMode } from './faults';
import { GoTrue } from './gotrue/service';
import { ensureBillingAccount, lazyResetCredits, PAYG_METER_EVENT } from './services/billing';
import { CycleUsageError, setCycleUsage, startUsageSimulation } from './simulate-usage';

class AdminError extends Error {
  constructor(
    readonly status: 400 | 404 | 409,
    message: string,
  ) {
    super(message);
  }
}

const isObject = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

async function jsonBody(c: Context): Promise<Record<string, unknown>> {
  const text = await c.req.text();
  if (text.trim() === '') return {};
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch {
    throw new AdminError(400, 'Body must be JSON.');
  }
  if (!isObject(parsed)) throw new AdminError(400, 'Body must be a JSON object.');
  return parsed;
}

function nonNegativeNumber(value: unknown, name: string, integer = false): number {
  if (typeof value !== 'number' || !Number.isFinite(value) || value < 0 || (integer && !Number.isInteger(value))) {
    throw new AdminError(400, `${name} must be a non-negative ${integer ? 'integer' : 'number'}.`);
  }
  return value;
}

function optionalString(body: Record<string, unknown>, name: string): string | undefined {
  const value = body[name];
  if (value === undefined) return undefined;
  if (typeof value !== 'string') throw new AdminError(400, `${name} must be a string.`);
  return value;
}

export function adminRoutes(app: AppContext, faults: FaultController): Hono {
  const routes = new Hono();

  routes.use('*', async (c, next) => {
    if (isPreflight(c.req.raw)) return corsPreflightResponse(c.req.raw);
    await next();
    c.res.headers.set('access-control-allow-origin', '*');
  });
  routes.onError((err, c) => {
    if (err instanceof AdminError) return c.json({ error: err.message }, err.status);
    app.log.error(`admin route failed: ${String(err)}`, err);
    return c.json({ error: 'Admin route failed.' }, 500);
  });

  routes.get('/faults', (c) => c.json({ faults: faults.current }));

  routes.post('/faults', async (c) => {
    const body = await jsonBody(c);
    const mode = body.mode ?? 'none';
    if (typeof mode !== 'string' || !(FAULT_MODES as readonly string[]).includes(mode)) {
      throw new AdminError(400, `mode must be one of: ${FAULT_MODES.join(', ')}.`);
    }
    const latencyMs = body.latencyMs === undefined ? 0 : nonNegativeNumber(body.latencyMs, 'latencyMs');
    let paths: string[] | null = null;
    if (body.paths !== undefined) {
      if (!Array.isArray(body.paths) || !body.paths.every((p): p is string => typeof p === 'string' && p.startsWith('/'))) {
        throw new AdminError(400, 'paths must be an array of path prefixes starting with "/".');
      }
      paths = body.paths;
    }
    let remaining: number | null = null;
    if (body.times !== undefined) {
      remaining = nonNegativeNumber(body.times, 'times', true);
      if (remaining === 0) throw new AdminError(400, 'times must be at least 1.');
    }
    faults.set({ latencyMs, mode: mode as FaultMode, paths, remaining });
    return c.json({ faults: faults.current });
  });

  routes.post('/reset-faults', (c) => {
    faults.reset();
    app.settings.jsonbDefect = false;
    return c.json({ faults: faults.current });
  });

  routes.get('/data-faults', (c) => c.json({ jsonb_defect: app.settings.jsonbDefect }));

  routes.post('/data-faults', async (c) => {
    const body = await jsonBody(c);
    if (typeof body.jsonb_defect !== 'boolean') throw new AdminError(400, 'jsonb_defect must be true or false.');
    app.settings.jsonbDefect = body.jsonb_defect;
    return c.json({ jsonb_defect: app.settings.jsonbDefect });
  });

  routes.post('/revoke-sessions', async (c) => {
    const email = optionalString(await jsonBody(c), 'email');
    if (!email) throw new AdminError(400, 'email is required.');
    const gotrue = new GoTrue(app);
    const userId = await gotrue.userIdByEmail(email);
    if (!userId) throw new AdminError(404, `No user with email ${email}.`);
    return c.json({ email: email.toLowerCase(), revoked_sessions: await gotrue.revokeAllSessions(userId) });
  });

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
    const email = optionalString(body, 'email');
    if (!email) throw new AdminError(400, 'email is required.');
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
    const email = optionalString(body, 'email');
    if (!email) throw new AdminError(400, 'email is required.');
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
    const email = optionalString(body, 'email');
    if (!email) throw new AdminError(400, 'email is required.');
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

  routes.post('/token-ttl', async (c) => {
    app.settings.tokenTtl = nonNegativeNumber((await jsonBody(c)).seconds, 'seconds', true);
    return c.json({ token_ttl: app.settings.tokenTtl });
  });

  routes.post('/refresh-reuse-interval', async (c) => {
    app.settings.refreshTokenReuseInterval = nonNegativeNumber((await jsonBody(c)).seconds, 'seconds');
    return c.json({ refresh_token_reuse_interval: app.settings.refreshTokenReuseInterval });
  });

  routes.post('/age-flow-states', async (c) => {
    const seconds = nonNegativeNumber((await jsonBody(c)).seconds, 'seconds');
    const aged = await rows(app.db, "UPDATE auth.flow_state SET created_at = created_at - make_interval(secs => $1) RETURNING id", [seconds]);
    return c.json({ aged: aged.length });
  });

  routes.all('*', (c) => c.json({ error: 'Unknown admin route.' }, 404));
  return routes;
}
