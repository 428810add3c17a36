/**
 * GoTrue-compatible routes under /auth/v1, on the same origin as the API. In front of them, as
 * the Supabase API gateway does: CORS for any origin, and the `apikey` check (header or query
 * parameter) that answers 401 `{"message": "Invalid API key", …}` before GoTrue sees anything.
 */
import { Hono, type Context } from 'hono';
import type { AppContext } from '../context';
import { goTrueErrorResponse, GoTrueError, badRequest } from './errors';
import { parseGoParams } from './params';
import { CHOOSER_PATH, GoogleStandIn } from './google-standin';
import { GoogleOAuth, goTrueSettings } from './oauth';
import { GoTrue } from './service';

const GATEWAY_METHODS = 'GET,HEAD,PUT,PATCH,POST,DELETE,OPTIONS,TRACE,CONNECT';
/** Routes the gateway lets through without an apikey (a browser navigates to them; kong.yml's open routes). */
const OPEN_PATHS = new Set(['/auth/v1/authorize', '/auth/v1/callback', CHOOSER_PATH]);

function gatewayJson(body: unknown, status: number): Response {
  return new Response(JSON.stringify(body), { status, headers: { 'content-type': 'application/json; charset=utf-8' } });
}

export function goTrueRoutes(app: AppContext): Hono {
  const routes = new Hono();
  const gotrue = new GoTrue(app);
  const google = new GoogleOAuth(app, gotrue);
  const standIn = new GoogleStandIn(app);

  routes.use('*', async (c, next) => {
    const request = c.req.raw;
    if (request.method === 'OPTIONS' && request.headers.has('access-control-request-method')) {
      const headers = new Headers({ 'access-control-allow-origin': '*', 'access-control-allow-methods': GATEWAY_METHODS });
      const requested = request.headers.get('access-control-request-headers');
      if (requested !== null) headers.set('access-control-allow-headers', requested);
      return new Response(null, { status: 200, headers });
    }
    const apikey = request.headers.get('apikey') ?? new URL(request.url).searchParams.get('apikey');
    if (OPEN_PATHS.has(c.req.path)) {
      await next();
    } else if (apikey === null || apikey === '') {
      c.res = gatewayJson({ message: 'No API key found in request', hint: 'No `apikey` request header or url param was found.' }, 401);
    } else if (apikey !== app.settings.anonKey) {
      c.res = gatewayJson({ message: 'Invalid API key', hint: 'Double check your Supabase `anon` or `service_role` API key.' }, 401);
    } else {
      await next();
    }
    c.res.headers.set('access-control-allow-origin', '*');
  });

  const respond = async (c: Context, work: () => Promise<Response>): Promise<Response> => {
    try {
      return await work();
    } catch (err) {
      if (err instanceof GoTrueError) return goTrueErrorResponse(err, c.req.header('x-supabase-api-version'));
      throw err;
    }
  };

  routes.post('/token', (c) =>
    respond(c, async () => {
      const grantType = c.req.query('grant_type') ?? '';
      const text = await c.req.text();
      if (grantType === 'password') {
        const params = parseGoParams(text, 'PasswordGrantParams', ['email', 'phone', 'password'] as const);
        return c.json(await gotrue.passwordGrant(params));
      }
      if (grantType === 'pkce') {
        const params = parseGoParams(text, 'PKCEGrantParams', ['auth_code', 'code_verifier'] as const);
        return c.json(await google.pkceGrant(params));
      }
      if (grantType === 'refresh_token') {
        const params = parseGoParams(text, 'RefreshTokenGrantParams', ['refresh_token'] as const);
        return c.json(await gotrue.refreshGrant(params.refresh_token));
      }
      throw badRequest('invalid_credentials', 'unsupported_grant_type');
    }),
  );

  routes.post('/signup', (c) =>
    respond(c, async () => {
      const params = parseGoParams(await c.req.text(), 'SignupParams', ['email', 'phone', 'password'] as const);
      return c.json(await gotrue.signUp(params));
    }),
  );

  routes.get('/user', (c) => respond(c, async () => c.json(await gotrue.getUser(c.req.header('authorization')))));

  routes.post('/logout', (c) =>
    respond(c, async () => {
      await gotrue.logout(c.req.header('authorization'), c.req.query('scope') ?? null);
      return new Response(null, { status: 204 });
    }),
  );

  routes.get('/settings', (c) => c.json(goTrueSettings()));
  routes.get('/authorize', (c) => respond(c, () => google.authorize(new URL(c.req.url).searchParams, c.req.header('referer') ?? '')));
  routes.get('/callback', (c) => respond(c, () => google.callback(new URL(c.req.url).searchParams)));
  routes.post('/callback', (c) => respond(c, async () => google.callback(new URLSearchParams(await c.req.text()))));
  routes.get('/local-google/chooser', (c) => standIn.chooser(c.req.query('state') ?? ''));
  routes.post('/local-google/chooser', async (c) => standIn.choose(new URLSearchParams(await c.req.text())));

  routes.get('/health', (c) => c.json({ version: 'local', name: 'GoTrue', description: 'KalshiBook local API (GoTrue-compatible auth)' }));

  // Anything else under /auth/v1 stays here (chi's defaults), instead of reaching the backend routes.
  const knownPaths = new Set(['/auth/v1/token', '/auth/v1/signup', '/auth/v1/user', '/auth/v1/logout', '/auth/v1/health', '/auth/v1/settings', ...OPEN_PATHS]);
  routes.all('*', (c) =>
    knownPaths.has(c.req.path)
      ? new Response(null, { status: 405 })
      : new Response('404 page not found\n', { status: 404, headers: { 'content-type': 'text/plain; charset=utf-8' } }),
  );
  return routes;
}
