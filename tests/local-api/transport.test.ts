/**
 * Transport conventions of the real backend (contract §2, §4): envelope, X-Request-ID, CORS,
 * FastAPI's default 404/405/307, unhandled 500s without CORS, and request-body parsing.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { LocalApi } from '../../local-api/server';
import { call, envelopeOf, ORIGIN, REQUEST_ID, signUp, startTestApi, type TestUser } from './helpers';

let api: LocalApi;
let user: TestUser;

beforeAll(async () => {
  api = await startTestApi();
  user = await signUp(api);
});
afterAll(() => api.close());

describe('health and request ids', () => {
  it('GET /health answers {"status":"ok"} with an X-Request-ID header but no request_id in the body', async () => {
    const response = await call(api, 'GET', '/health');
    expect(response.status).toBe(200);
    expect(response.text).toBe('{"status":"ok"}');
    expect(response.headers.get('content-type')).toBe('application/json');
    expect(response.headers.get('x-request-id')).toMatch(REQUEST_ID);
  });

  it('puts the same id in the header and the body, fresh for every request', async () => {
    const first = await call(api, 'GET', '/keys', { token: user.accessToken });
    const second = await call(api, 'GET', '/keys', { token: user.accessToken });
    expect(first.body.request_id).toMatch(REQUEST_ID);
    expect(first.headers.get('x-request-id')).toBe(first.body.request_id);
    expect(second.body.request_id).not.toBe(first.body.request_id);
  });

  it('never sends credit headers on account endpoints', async () => {
    const response = await call(api, 'GET', '/billing/status', { token: user.accessToken });
    expect(response.headers.get('x-credits-remaining')).toBeNull();
  });
});

describe('CORS (any origin, no credentials)', () => {
  it('adds Access-Control-Allow-Origin: * to responses for requests with an Origin, success or error', async () => {
    for (const response of [
      await call(api, 'GET', '/keys', { token: user.accessToken }),
      await call(api, 'GET', '/keys'),
      await call(api, 'GET', '/nope'),
    ]) {
      expect(response.headers.get('access-control-allow-origin')).toBe('*');
      expect(response.headers.get('access-control-allow-credentials')).toBeNull();
      expect(response.headers.get('access-control-expose-headers')).toBeNull();
    }
  });

  it('adds nothing without an Origin header', async () => {
    const response = await call(api, 'GET', '/health', { origin: false });
    expect(response.headers.get('access-control-allow-origin')).toBeNull();
  });

  it('echoes the origin when the request carries cookies', async () => {
    const response = await call(api, 'GET', '/health', { headers: { cookie: 'a=b' } });
    expect(response.headers.get('access-control-allow-origin')).toBe(ORIGIN);
    expect(response.headers.get('vary')).toBe('Origin');
  });

  it('answers preflights for any path, mirroring the requested headers, max-age 600', async () => {
    for (const path of ['/keys/abc', '/does-not-exist']) {
      const response = await call(api, 'OPTIONS', path, {
        headers: { 'access-control-request-method': 'PATCH', 'access-control-request-headers': 'authorization,content-type,x-custom' },
      });
      expect(response.status).toBe(200);
      expect(response.text).toBe('OK');
      expect(response.headers.get('access-control-allow-origin')).toBe('*');
      expect(response.headers.get('access-control-allow-methods')).toBe('DELETE, GET, HEAD, OPTIONS, PATCH, POST, PUT');
      expect(response.headers.get('access-control-allow-headers')).toBe('authorization,content-type,x-custom');
      expect(response.headers.get('access-control-max-age')).toBe('600');
      expect(response.headers.get('x-request-id')).toMatch(REQUEST_ID);
    }
  });

  it('rejects a preflight for a method Starlette does not know', async () => {
    const response = await call(api, 'OPTIONS', '/keys', { headers: { 'access-control-request-method': 'PROPFIND' } });
    expect(response.status).toBe(400);
    expect(response.text).toBe('Disallowed CORS method');
  });
});

describe("FastAPI's own errors", () => {
  it('unknown path → 404 {"detail":"Not Found"}', async () => {
    const response = await call(api, 'GET', '/auth/refresh');
    expect(response.status).toBe(404);
    expect(response.body).toEqual({ detail: 'Not Found' });
    expect(response.headers.get('x-request-id')).toMatch(REQUEST_ID);
  });

  it('known path, wrong method → 405 {"detail":"Method Not Allowed"} with Allow', async () => {
    const put = await call(api, 'PUT', '/keys/00000000-0000-0000-0000-000000000000', { token: user.accessToken });
    expect(put.status).toBe(405);
    expect(put.body).toEqual({ detail: 'Method Not Allowed' });
    // Starlette reports the methods of the first route whose path matched: PATCH /keys/{key_id}.
    expect(put.headers.get('allow')).toBe('PATCH');
    const getKey = await call(api, 'GET', '/keys/anything');
    expect(getKey.status).toBe(405);
    const deleteKeys = await call(api, 'DELETE', '/keys');
    expect(deleteKeys.status).toBe(405);
    expect(deleteKeys.headers.get('allow')).toBe('POST');
    const postHealth = await call(api, 'POST', '/health');
    expect(postHealth.headers.get('allow')?.split(', ').sort()).toEqual(['GET', 'HEAD']);
    expect(postHealth.headers.get('access-control-allow-origin')).toBe('*');
  });

  it('trailing slash → 307 to the path without it', async () => {
    const response = await call(api, 'GET', '/keys/?x=1');
    expect(response.status).toBe(307);
    expect(response.headers.get('location')).toBe(`${api.url}/keys?x=1`);
  });

  it('HEAD works wherever GET does', async () => {
    const response = await call(api, 'HEAD', '/health');
    expect(response.status).toBe(200);
    expect(response.text).toBe('');
  });
});

describe('unhandled errors → 500 envelope without CORS or X-Request-ID', () => {
  it('a key_id that is not a UUID', async () => {
    for (const [method, path] of [
      ['DELETE', '/keys/not-a-uuid'],
      ['GET', '/keys/not-a-uuid/reveal'],
      ['PATCH', '/keys/usage'],
    ] as const) {
      const response = await call(api, method, path, { token: user.accessToken, ...(method === 'PATCH' ? { json: { name: 'x' } } : {}) });
      expect(response.status).toBe(500);
      expect(envelopeOf(response)).toEqual({
        code: 'internal_error',
        message: 'An unexpected error occurred. Please try again later.',
        status: 500,
      });
      expect(response.body.request_id).toMatch(REQUEST_ID);
      expect(response.headers.get('access-control-allow-origin')).toBeNull();
      expect(response.headers.get('x-request-id')).toBeNull();
    }
  });

  it('accepts UUIDs the way asyncpg does (hyphens optional, any case)', async () => {
    const response = await call(api, 'DELETE', '/keys/0000000000000000000000000000ABCD', { token: user.accessToken });
    expect(response.status).toBe(404);
  });

  it('PATCH checks the body before the id', async () => {
    const response = await call(api, 'PATCH', '/keys/not-a-uuid', { token: user.accessToken, json: {} });
    expect(response.status).toBe(400);
    expect(envelopeOf(response).code).toBe('no_fields');
  });
});

describe('request bodies', () => {
  const post = (options: Parameters<typeof call>[3]) => call(api, 'POST', '/keys', { token: user.accessToken, ...options });

  it('text/plain (fetch default for a string body) is not parsed as JSON', async () => {
    const response = await post({ body: '{"name":"x"}', headers: { 'content-type': 'text/plain;charset=UTF-8' } });
    expect(response.status).toBe(422);
    expect(envelopeOf(response)).toEqual({
      code: 'validation_error',
      message: 'body: Input should be a valid dictionary or object to extract fields from',
      status: 422,
    });
  });

  it('a body without Content-Type is parsed as JSON (FastAPI 0.129)', async () => {
    const response = await post({ body: new TextEncoder().encode('{"name":"no content type"}') });
    expect(response.status).toBe(200);
    expect(response.body.data.name).toBe('no content type');
  });

  it('application/*+json counts as JSON', async () => {
    const response = await post({ body: '{"name":"vendor"}', headers: { 'content-type': 'application/vnd.api+json' } });
    expect(response.status).toBe(200);
  });

  it('malformed JSON → body.<offset>: JSON decode error, even before authentication', async () => {
    const malformed = await call(api, 'POST', '/keys', { body: '{', headers: { 'content-type': 'application/json' } });
    expect(malformed.status).toBe(422);
    expect(envelopeOf(malformed).message).toBe('body.1: JSON decode error');
    const later = await post({ body: '{"name": "a",}', headers: { 'content-type': 'application/json' } });
    expect(envelopeOf(later).message).toBe('body.13: JSON decode error');
  });

  it('authentication is checked before field validation', async () => {
    const response = await call(api, 'POST', '/keys', { json: { name: 5 } });
    expect(response.status).toBe(401);
    expect(envelopeOf(response).message).toBe('Missing Bearer token');
  });

  it('missing body, JSON null, arrays and strings', async () => {
    expect(envelopeOf(await post({})).message).toBe('body: Field required');
    expect(envelopeOf(await post({ json: null })).message).toBe('body: Field required');
    expect(envelopeOf(await post({ json: [] })).message).toBe(
      'body: Input should be a valid dictionary or object to extract fields from',
    );
    expect(envelopeOf(await post({ json: 'name' })).message).toBe(
      'body: Input should be a valid dictionary or object to extract fields from',
    );
  });

  it('several field errors are joined with "; "', async () => {
    const response = await post({ json: { name: 5, key_type: null } });
    expect(envelopeOf(response).message).toBe('body.name: Input should be a valid string; body.key_type: Input should be a valid string');
  });

  it('a body that is not valid UTF-8 → 400 {"detail": "There was an error parsing the body"}', async () => {
    const response = await post({ body: new Uint8Array([0x7b, 0xff, 0x7d]), headers: { 'content-type': 'application/json' } });
    expect(response.status).toBe(400);
    expect(response.body).toEqual({ detail: 'There was an error parsing the body' });
  });

  it('endpoints without a body ignore whatever is sent', async () => {
    const response = await call(api, 'POST', '/billing/checkout', {
      token: user.accessToken,
      body: '{',
      headers: { 'content-type': 'application/json' },
    });
    expect(response.status).toBe(200);
  });
});
