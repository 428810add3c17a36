/**
 * Fault injection for tests (only with `--faults` / `faults: true`): make the next requests slow,
 * or answer them the broken ways a real deployment can, to exercise a client's error handling.
 */
import type { MiddlewareHandler } from 'hono';
import { envelope, INTERNAL_ERROR_MESSAGE, internalErrorResponse, jsonResponse, newRequestId, STRIPE_ERROR_MESSAGE } from './errors';
import { applySimpleCors, isPreflight } from './fastapi';

export const FAULT_MODES = [
  'none',
  '500-no-cors',
  '500-envelope',
  'malformed-json',
  'html',
  'schema-drift',
  'detail-404',
  'rate-limit',
  'stripe-error',
] as const;
export type FaultMode = (typeof FAULT_MODES)[number];

export interface FaultState {
  latencyMs: number;
  mode: FaultMode;
  /** Path prefixes the fault applies to; null = every path except /__admin. */
  paths: string[] | null;
  /** How many more matching requests it applies to; null = until reset. */
  remaining: number | null;
}

const NO_FAULT: FaultState = { latencyMs: 0, mode: 'none', paths: null, remaining: null };

export class FaultController {
  private state: FaultState = { ...NO_FAULT };

  get current(): FaultState {
    return { ...this.state, paths: this.state.paths ? [...this.state.paths] : null };
  }

  set(state: FaultState): void {
    this.state = { ...state, paths: state.paths ? [...state.paths] : null };
  }

  reset(): void {
    this.state = { ...NO_FAULT };
  }

  /** The fault for this request, if any, counting it against `times`. */
  take(path: string): { latencyMs: number; mode: FaultMode } | undefined {
    const { latencyMs, mode, paths, remaining } = this.state;
    if (mode === 'none' && latencyMs === 0) return undefined;
    if (paths !== null && !paths.some((prefix) => path.startsWith(prefix))) return undefined;
    if (remaining !== null) {
      if (remaining <= 1) this.reset();
      else this.state.remaining = remaining - 1;
    }
    return { latencyMs, mode };
  }
}

const isObject = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

const pick = (source: Record<string, unknown>, keys: string[]): Record<string, unknown> =>
  Object.fromEntries(keys.filter((key) => key in source).map((key) => [key, source[key]]));

/** "Schema drift": keep only request_id and, inside `data`, only id (and name in lists). */
export function driftBody(body: unknown): unknown {
  if (!isObject(body)) return body;
  const drifted: Record<string, unknown> = pick(body, ['request_id']);
  if (Array.isArray(body.data)) drifted.data = body.data.map((item) => (isObject(item) ? pick(item, ['id', 'name']) : item));
  else if (isObject(body.data)) drifted.data = pick(body.data, ['id']);
  return drifted;
}

const BAD_GATEWAY_HTML = `<html>
<head><title>502 Bad Gateway</title></head>
<body>
<center><h1>502 Bad Gateway</h1></center>
<hr><center>nginx</center>
</body>
</html>
`;

export function faultMiddleware(controller: FaultController): MiddlewareHandler {
  return async (c, next) => {
    const request = c.req.raw;
    const path = new URL(request.url).pathname;
    // Preflights pass untouched, so a fault hits the request itself as a browser would see it.
    if (path === '/__admin' || path.startsWith('/__admin/') || isPreflight(request)) return next();
    const fault = controller.take(path);
    if (!fault) return next();
    if (fault.latencyMs > 0) await new Promise((resolve) => setTimeout(resolve, fault.latencyMs));

    const requestId = newRequestId();
    const withCors = (response: Response): Response => {
      const finished = applySimpleCors(request, response);
      finished.headers.set('x-request-id', requestId);
      return finished;
    };
    switch (fault.mode) {
      case 'none':
        return next();
      case '500-no-cors':
        return internalErrorResponse(requestId);
      case '500-envelope':
        return withCors(jsonResponse(envelope('internal_error', INTERNAL_ERROR_MESSAGE, 500, requestId), 500));
      case 'malformed-json':
        return withCors(new Response('{"data": [', { status: 200, headers: { 'content-type': 'application/json' } }));
      case 'html':
        return withCors(new Response(BAD_GATEWAY_HTML, { status: 502, headers: { 'content-type': 'text/html' } }));
      case 'detail-404':
        return withCors(jsonResponse({ detail: 'Not Found' }, 404));
      case 'rate-limit':
        return withCors(
          jsonResponse({ error: 'Rate limit exceeded: 120 per 1 minute' }, 429, { 'retry-after': '120 per 1 minute' }),
        );
      case 'stripe-error':
        return withCors(jsonResponse(envelope('stripe_error', STRIPE_ERROR_MESSAGE, 502, requestId), 502));
      case 'schema-drift': {
        await next();
        const response = c.res;
        const type = response.headers.get('content-type') ?? '';
        if (response.status < 200 || response.status >= 300 || !type.includes('json')) return;
        const headers = new Headers(response.headers);
        headers.delete('content-length');
        const body: unknown = await response.json();
        c.res = new Response(JSON.stringify(driftBody(body)), { status: response.status, headers });
        return;
      }
    }
  };
}
