/**
 * The request pipeline of the real backend (FastAPI on Starlette), reproduced so that the local
 * API answers with the same statuses, headers and bodies in the same situations:
 *
 *   ServerErrorMiddleware   unhandled exception → 500 envelope, no CORS, no X-Request-ID
 *   inject_credit_headers   X-Credits-* on charged data requests
 *   inject_request_id       X-Request-ID: req_<12 hex> on everything below
 *   CORSMiddleware          allow any origin, no credentials, preflights answered here
 *   Router                  first full match wins; else 307 slash redirect; else 405 (first
 *                           path-only match's methods in Allow) or 404 {"detail": …}
 *   ExceptionMiddleware     KalshiBookError / validation → envelope; HTTPException → {"detail"}
 */
import type { AppContext } from './context';
import {
  envelope,
  HttpDetailError,
  internalErrorResponse,
  jsonResponse,
  KalshiBookError,
  newRequestId,
} from './errors';
import { BodyParseError, pyJsonLoads, PyJsonDecodeError } from './pyjson';
import { RequestValidationError, type RequestBody } from './validation';

export interface CreditState {
  remaining: number;
  used: number;
  total: number;
  cost: number;
}

export interface RequestContext {
  app: AppContext;
  request: Request;
  url: URL;
  path: string;
  params: Record<string, string>;
  requestId: string;
  /** Set by the credit dependency of data endpoints; rendered as X-Credits-* headers. */
  credits?: CreditState;
  /** Reads the body the way FastAPI does before any dependency runs (malformed JSON → 422). */
  readBody(): Promise<RequestBody>;
}

export type RouteHandler = (ctx: RequestContext) => Promise<Response>;

interface Route {
  methods: Set<string>;
  regex: RegExp;
  paramNames: string[];
  handler: RouteHandler;
}

type Match = { kind: 'full'; route: Route; params: Record<string, string> } | { kind: 'partial'; route: Route } | { kind: 'none' };

export class Router {
  private readonly routes: Route[] = [];

  /** Adds a route; like Starlette, a GET route also answers HEAD. */
  add(method: string, path: string, handler: RouteHandler): this {
    const paramNames: string[] = [];
    const pattern = path.replace(/[.*+?^${}()|[\]\\]/g, (char) => (char === '{' || char === '}' ? char : `\\${char}`));
    const regex = new RegExp(
      `^${pattern.replace(/\{(\w+)\}/g, (_, name: string) => {
        paramNames.push(name);
        return '([^/]+)';
      })}$`,
    );
    const methods = new Set([method]);
    if (method === 'GET') methods.add('HEAD');
    this.routes.push({ methods, regex, paramNames, handler });
    return this;
  }

  match(method: string, path: string): Match {
    let partial: Route | undefined;
    for (const route of this.routes) {
      const found = route.regex.exec(path);
      if (!found) continue;
      if (route.methods.has(method)) {
        const params: Record<string, string> = {};
        route.paramNames.forEach((name, index) => {
          params[name] = found[index + 1] as string;
        });
        return { kind: 'full', route, params };
      }
      partial ??= route;
    }
    return partial ? { kind: 'partial', route: partial } : { kind: 'none' };
  }

  matchesAny(path: string): boolean {
    return this.routes.some((route) => route.regex.test(path));
  }
}

/** Starlette's ALL_METHODS, which `allow_methods=["*"]` expands to. */
const CORS_METHODS = ['DELETE', 'GET', 'HEAD', 'OPTIONS', 'PATCH', 'POST', 'PUT'];

export function isPreflight(request: Request): boolean {
  return (
    request.method === 'OPTIONS' &&
    request.headers.has('origin') &&
    request.headers.has('access-control-request-method')
  );
}

/** CORSMiddleware.preflight_response for allow_origins/methods/headers = ["*"]. */
export function corsPreflightResponse(request: Request): Response {
  const headers = new Headers({
    'access-control-allow-origin': '*',
    'access-control-allow-methods': CORS_METHODS.join(', '),
    'access-control-max-age': '600',
    'content-type': 'text/plain; charset=utf-8',
  });
  const requestedHeaders = request.headers.get('access-control-request-headers');
  if (requestedHeaders !== null) headers.set('access-control-allow-headers', requestedHeaders);
  const method = request.headers.get('access-control-request-method') ?? '';
  if (!CORS_METHODS.includes(method)) return new Response('Disallowed CORS method', { status: 400, headers });
  return new Response('OK', { status: 200, headers });
}

/** CORSMiddleware.simple_response: only for requests that carry an Origin header. */
export function applySimpleCors(request: Request, response: Response): Response {
  const origin = request.headers.get('origin');
  if (origin === null) return response;
  response.headers.set('access-control-allow-origin', '*');
  // With cookies present Starlette must echo the origin instead of "*".
  if (request.headers.has('cookie')) {
    response.headers.set('access-control-allow-origin', origin);
    response.headers.append('vary', 'Origin');
  }
  return response;
}

/** uvicorn hands Starlette a percent-decoded path (invalid escapes stay as they are). */
function decodePath(pathname: string): string {
  return pathname.replace(/(%[0-9a-fA-F]{2})+/g, (run) => {
    try {
      return decodeURIComponent(run);
    } catch {
      return run;
    }
  });
}

/** FastAPI's body handling: JSON content types (or none at all) are parsed, anything else stays bytes. */
async function readRequestBody(request: Request): Promise<RequestBody> {
  const bytes = new Uint8Array(await request.arrayBuffer());
  if (bytes.length === 0) return { kind: 'missing' };
  const contentType = request.headers.get('content-type');
  let isJson = contentType === null;
  if (contentType !== null) {
    const mediaType = (contentType.split(';')[0] ?? '').trim().toLowerCase();
    const [main, sub] = mediaType.split('/');
    isJson = main === 'application' && sub !== undefined && (sub === 'json' || sub.endsWith('+json'));
  }
  if (!isJson) return { kind: 'bytes' };
  try {
    return { kind: 'json', value: pyJsonLoads(bytes) };
  } catch (err) {
    if (err instanceof PyJsonDecodeError) {
      throw new RequestValidationError([{ loc: ['body', err.pos], msg: 'JSON decode error' }]);
    }
    if (err instanceof BodyParseError) throw new HttpDetailError(400, 'There was an error parsing the body');
    throw err;
  }
}

function renderHandledError(err: unknown, requestId: string): Response | undefined {
  if (err instanceof KalshiBookError) return jsonResponse(envelope(err.code, err.message, err.status, requestId), err.status);
  if (err instanceof RequestValidationError) {
    const message = err.issues.map((issue) => `${issue.loc.join('.')}: ${issue.msg}`).join('; ');
    return jsonResponse(envelope('validation_error', message, 422, requestId), 422);
  }
  if (err instanceof HttpDetailError) return jsonResponse({ detail: err.detail }, err.status, err.headers);
  return undefined;
}

function describeError(err: unknown): string {
  return err instanceof Error ? `${err.name}: ${err.message}` : String(err);
}

/** Runs one request through the emulated FastAPI stack. */
export async function handleFastApiRequest(app: AppContext, router: Router, request: Request): Promise<Response> {
  const requestId = newRequestId();
  const url = new URL(request.url);
  const ctx: RequestContext = {
    app,
    request,
    url,
    path: decodePath(url.pathname),
    params: {},
    requestId,
    readBody: () => readRequestBody(request),
  };
  try {
    let response: Response;
    if (isPreflight(request)) {
      response = corsPreflightResponse(request);
    } else {
      response = applySimpleCors(request, await route(router, ctx));
    }
    // Every response here is built with `new Response(...)`, so its headers are mutable.
    response.headers.set('x-request-id', requestId);
    if (ctx.credits) {
      response.headers.set('x-credits-remaining', String(ctx.credits.remaining));
      response.headers.set('x-credits-used', String(ctx.credits.used));
      response.headers.set('x-credits-total', String(ctx.credits.total));
      response.headers.set('x-credits-cost', String(ctx.credits.cost));
    }
    return response;
  } catch (err) {
    app.log.error(`${request.method} ${url.pathname} → 500 (${describeError(err)})`, err);
    return internalErrorResponse(requestId);
  }
}

async function route(router: Router, ctx: RequestContext): Promise<Response> {
  const method = ctx.request.method;
  const found = router.match(method, ctx.path);
  try {
    if (found.kind === 'full') {
      ctx.params = found.params;
      return await found.route.handler(ctx);
    }
    if (found.kind === 'partial') {
      throw new HttpDetailError(405, 'Method Not Allowed', { allow: [...found.route.methods].join(', ') });
    }
    if (ctx.path !== '/') {
      // redirect_slashes: /keys/ → 307 /keys (and /keys → /keys/ if only that existed).
      const toggled = ctx.path.endsWith('/') ? ctx.path.replace(/\/+$/, '') : `${ctx.path}/`;
      if (toggled !== '' && router.matchesAny(toggled)) {
        const target = new URL(ctx.url);
        target.pathname = toggled;
        return new Response(null, { status: 307, headers: { location: target.toString(), 'content-length': '0' } });
      }
    }
    throw new HttpDetailError(404, 'Not Found');
  } catch (err) {
    const handled = renderHandledError(err, ctx.requestId);
    if (handled) return handled;
    throw err;
  }
}
