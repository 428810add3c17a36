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
 *   POST /__admin/usage, /billing, /cycle, /cycle-usage, /simulate-usage, GET /meter-events
 *                                    key usage and the billing cycle: admin-usage.ts
 *   POST /__admin/token-ttl         {seconds}  access-token lifetime from now on
 *   POST /__admin/refresh-reuse-interval {seconds}
 *   POST /__admin/age-flow-states   {seconds}  every OAuth flow state (Google sign-in) gets older
 */
import { Hono } from 'hono';
import { AdminError, jsonBody, nonNegativeNumber, requiredEmail } from './admin-request';
import { registerUsageRoutes } from './admin-usage';
import type { AppContext } from './context';
import { rows } from './db';
import { corsPreflightResponse, isPreflight } from './fastapi';
import { FAULT_MODES, type FaultController, type FaultMode } from './faults';
import { GoTrue } from './gotrue/service';

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
    const email = requiredEmail(await jsonBody(c));
    const gotrue = new GoTrue(app);
    const userId = await gotrue.userIdByEmail(email);
    if (!userId) throw new AdminError(404, `No user with email ${email}.`);
    return c.json({ email: email.toLowerCase(), revoked_sessions: await gotrue.revokeAllSessions(userId) });
  });

  registerUsageRoutes(routes, app);

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
