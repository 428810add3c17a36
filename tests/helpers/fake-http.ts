// What the fake server (fake-server.ts) and the tests that drive it share: the test origins and
// account, an unsigned JWT, a request as the server records it (`Call`), the answers a test can
// fault a route with (`reply`: bodies and transport failures), and the route patterns
// (`'DELETE /keys/*'`) that faults, holds and `requests()` match.

/** An unsigned JWT with the given claims (the extension only reads `exp`; servers verify). */
export function makeJwt(claims: Record<string, unknown>): string {
  const enc = (o: unknown) => btoa(JSON.stringify(o)).replace(/=+$/, '').replace(/\+/g, '-').replace(/\//g, '_');
  return `${enc({ alg: 'HS256', typ: 'JWT' })}.${enc(claims)}.signature`;
}

export const API = 'https://api.test';
export const AUTH = 'https://auth.test';
export const ANON = 'anon';
export const EMAIL = 'ada@example.com';
export const PASSWORD = 'correct-horse';
export const REQUEST_ID = 'req_0123456789ab';

export interface Call {
  method: string;
  /** pathname + search */
  path: string;
  url: string;
  headers: Record<string, string>;
  body: string | null;
  json: unknown;
}

export type Responder = (call: Call, signal: AbortSignal | undefined) => Response | Promise<Response>;

/** Bodies and transport failures a test can answer with. */
export const reply = {
  json: (status: number, body: unknown, headers: Record<string, string> = {}) =>
    new Response(JSON.stringify(body), { status, headers: { 'content-type': 'application/json', ...headers } }),
  envelope: (status: number, code: string, message: string, headers: Record<string, string> = {}) =>
    reply.json(status, { error: { code, message, status }, request_id: REQUEST_ID }, { 'x-request-id': REQUEST_ID, ...headers }),
  text: (status: number, body: string, contentType = 'text/plain') =>
    new Response(body, { status, headers: { 'content-type': contentType } }),
  html: (status: number) =>
    reply.text(status, '<!DOCTYPE html><html><head><title>502 Bad Gateway</title></head><body><h1>Bad Gateway</h1><p>nginx</p></body></html>', 'text/html'),
  /** What fetch does when offline, on DNS failure, on a refused connection, and for a response without CORS headers. */
  networkError: (): never => {
    throw new TypeError('Failed to fetch');
  },
  /** No answer at all: only the request's own timeout (its AbortSignal) ends the wait. */
  hang: (_call: Call, signal: AbortSignal | undefined) =>
    new Promise<Response>((_resolve, reject) => {
      signal?.addEventListener('abort', () => reject(new DOMException('The operation was aborted.', 'AbortError')));
    }),
  /** Headers arrive, the body never finishes; aborting the request errors the body, as in browsers. */
  stalledBody: (_call: Call, signal: AbortSignal | undefined) => {
    const stream = new ReadableStream<Uint8Array>({
      start(controller) {
        controller.enqueue(new TextEncoder().encode('{"data": ['));
        signal?.addEventListener('abort', () => controller.error(new DOMException('The operation was aborted.', 'AbortError')));
      },
    });
    return new Response(stream, { status: 200, headers: { 'content-type': 'application/json' } });
  },
};

/** `'GET /keys/usage'`, `'DELETE /keys/*'`, `'* /billing/*'`; `*` matches within one path segment or any method. */
export function routeMatcher(route: string | ((call: Call) => boolean)): (call: Call) => boolean {
  if (typeof route === 'function') return route;
  const [method, pattern] = route.split(' ') as [string, string];
  const re = new RegExp(`^${pattern.replace(/[.+?^${}()|[\]\\]/g, '\\$&').replace(/\*/g, '[^/?]+')}(\\?.*)?$`);
  return (call) => (method === '*' || method === call.method) && re.test(call.path);
}

/** FastAPI's 422 for a request body that fails validation. */
export const validationError = (message: string) => reply.envelope(422, 'validation_error', message);
