import { describe, expect, it, vi } from 'vitest';
import { z } from 'zod';
import { requestJson, type FetchLike } from '@/lib/api/client';
import { ApiError, INVALID_RESPONSE_MESSAGE } from '@/lib/api/errors';

const schema = z.object({ ok: z.boolean() });

function respond(status: number, body: string, headers: Record<string, string> = { 'content-type': 'application/json' }): FetchLike {
  return vi.fn(async () => new Response(body, { status, headers }));
}

async function failure(fetch: FetchLike, extra: Partial<Parameters<typeof requestJson>[0]> = {}): Promise<ApiError> {
  try {
    await requestJson({ baseUrl: 'https://api.example.com', path: '/keys', method: 'GET', schema, fetch, ...extra });
  } catch (e) {
    if (e instanceof ApiError) return e;
    throw e;
  }
  throw new Error('expected a failure');
}

const env = (status: number, code: string, message: string) => JSON.stringify({ error: { code, message, status }, request_id: 'req_abcdefabcdef' });

describe('requestJson', () => {
  it('sends JSON bodies with Content-Type and the bearer token', async () => {
    const fetch = vi.fn<FetchLike>(async () => new Response('{"ok":true}', { status: 200 }));
    await requestJson({ baseUrl: 'https://api.example.com/', path: '/keys', method: 'POST', body: { name: 'x' }, bearer: 'tok', schema, fetch });
    const [url, init] = fetch.mock.calls[0]!;
    expect(url).toBe('https://api.example.com/keys');
    expect((init.headers as Record<string, string>)['Content-Type']).toBe('application/json');
    expect((init.headers as Record<string, string>).Authorization).toBe('Bearer tok');
    expect(init.body).toBe('{"name":"x"}');
    expect(init.signal).toBeInstanceOf(AbortSignal);
  });

  it.each([
    [401, 'invalid_api_key', 'Missing Bearer token'],
    [401, 'invalid_api_key', 'Invalid or expired access token'],
    [401, 'invalid_auth_method', 'Key management endpoints require a Supabase access token, not an API key. Use POST /auth/login to get an access token.'],
    [409, 'user_already_exists', 'A user with this email already exists.'],
    [422, 'weak_password', 'Password does not meet strength requirements.'],
    [400, 'signup_failed', 'Signup failed: Signups not allowed for this instance'],
    [401, 'invalid_credentials', 'Invalid email or password.'],
    [400, 'no_fields', 'No fields to update'],
    [400, 'invalid_key_type', "key_type must be 'dev' or 'prod', got 'x'"],
    [404, 'key_not_found', 'API key not found or already revoked.'],
    [404, 'key_not_found', 'API key not found, revoked, or created before reveal was available.'],
    [400, 'no_billing_account', 'No billing account found. Subscribe first via POST /billing/checkout.'],
    [502, 'stripe_error', 'Payment service temporarily unavailable. Please try again.'],
    [422, 'validation_error', 'body.email: Field required; body.password: Field required'],
    [500, 'internal_error', 'An unexpected error occurred. Please try again later.'],
    [429, 'credits_exhausted', 'Monthly credit limit reached. Enable Pay-As-You-Go for continued access or upgrade to the Project plan at /billing/checkout.'],
  ])('maps %i %s to a server error with the exact message', async (status, code, message) => {
    const e = await failure(respond(status, env(status, code, message)));
    expect(e).toMatchObject({ kind: 'server', code, message, status, requestId: 'req_abcdefabcdef' });
  });

  it('maps the rate-limit envelope and a bare {error} body to rate_limited, trusting only numeric Retry-After', async () => {
    const a = await failure(respond(429, env(429, 'rate_limit_exceeded', 'Rate limit exceeded. Please retry after the indicated time.'), { 'content-type': 'application/json', 'Retry-After': '120 per 1 minute' }));
    expect(a).toMatchObject({ kind: 'rate_limited', retryAfterSeconds: undefined });
    expect(a.message).toBe('Too many requests. Wait a moment, then try again.');
    const b = await failure(respond(429, '{"error":"Rate limit exceeded: 120 per 1 minute"}', { 'content-type': 'application/json', 'Retry-After': '30' }));
    expect(b).toMatchObject({ kind: 'rate_limited', retryAfterSeconds: 30 });
    expect(b.message).toBe('Too many requests. Try again in 30 seconds.');
  });

  it('explains {"detail": …} errors as a wrong API URL', async () => {
    const e = await failure(respond(404, '{"detail":"Not Found"}'));
    expect(e).toMatchObject({ kind: 'server', code: 'not_found', status: 404 });
    expect(e.message).toContain('Check the API base URL in Settings');
  });

  it('turns HTML error pages, malformed JSON and drifted bodies into short messages', async () => {
    const html = await failure(respond(502, '<html><body>Bad gateway</body></html>', { 'content-type': 'text/html' }));
    expect(html).toMatchObject({ kind: 'invalid_response', status: 502 });
    expect(html.message).toBe('KalshiBook is having trouble right now (HTTP 502). Try again in a moment.');
    const malformed = await failure(respond(200, '{"data": ['));
    expect(malformed).toMatchObject({ kind: 'invalid_response', message: INVALID_RESPONSE_MESSAGE });
    const drift = await failure(respond(200, '{"ok":"yes"}'));
    expect(drift).toMatchObject({ kind: 'invalid_response', message: INVALID_RESPONSE_MESSAGE });
  });

  it('reports a network failure (also what a 500 without CORS headers looks like) with the host', async () => {
    const e = await failure(vi.fn(async () => {
      throw new TypeError('Failed to fetch');
    }));
    expect(e.kind).toBe('network');
    expect(e.message).toContain("Can't reach KalshiBook at api.example.com");
  });

  it('times out', async () => {
    const hang: FetchLike = (_url, init) =>
      new Promise((_resolve, reject) => init.signal?.addEventListener('abort', () => reject(new DOMException('aborted', 'AbortError'))));
    const e = await failure(hang, { timeoutMs: 20 });
    expect(e.kind).toBe('timeout');
    expect(e.message).toContain('did not answer');
  });

  it('maps GoTrue errors ({code, error_code, msg})', async () => {
    const e = await failure(respond(400, '{"code":400,"error_code":"refresh_token_already_used","msg":"Invalid Refresh Token: Already Used"}'));
    expect(e).toMatchObject({ kind: 'server', code: 'refresh_token_already_used', message: 'Invalid Refresh Token: Already Used', status: 400 });
  });
});
