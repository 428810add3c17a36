/**
 * `GET /__local/demo`: the demo account's email while this local server has one (404 otherwise).
 * Not part of the real backend's contract: the extension's first-run welcome asks a loopback API
 * base URL for it, and shows the email only when this route answers (so a real backend on
 * localhost, which has no such route, shows none). Never the password: `npm start` and
 * `npm run api` print that. Answers CORS for any origin, like every route of the API.
 */
import { Hono } from 'hono';
import type { AppContext } from './context';
import { corsPreflightResponse, isPreflight } from './fastapi';
import { GoTrue } from './gotrue/service';
import { DEMO_EMAIL } from './seed';

export function localInfoRoutes(app: AppContext): Hono {
  const routes = new Hono();
  routes.use('*', async (c, next) => {
    if (isPreflight(c.req.raw)) return corsPreflightResponse(c.req.raw);
    await next();
    c.res.headers.set('access-control-allow-origin', '*');
  });
  routes.get('/demo', async (c) => {
    const exists = await new GoTrue(app).userIdByEmail(DEMO_EMAIL);
    return exists ? c.json({ email: DEMO_EMAIL }) : c.json({ detail: 'This server has no demo account.' }, 404);
  });
  return routes;
}
