/** The fault switches (`faults: true` only). */
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { LocalApi } from '../../local-api/server';
import { admin, call, envelopeOf, REQUEST_ID, signUp, startTestApi, type TestUser } from './helpers';

let api: LocalApi;
let user: TestUser;

beforeAll(async () => {
  api = await startTestApi();
  user = await signUp(api);
});
afterEach(() => admin(api, '/reset-faults'));
afterAll(() => api.close());

const keys = () => call(api, 'GET', '/keys', { token: user.accessToken });

describe('fault modes', () => {
  it('500-no-cors: the envelope without any CORS header (a browser sees a network error)', async () => {
    await admin(api, '/faults', { mode: '500-no-cors' });
    const response = await keys();
    expect(response.status).toBe(500);
    expect(envelopeOf(response).code).toBe('internal_error');
    expect(response.headers.get('access-control-allow-origin')).toBeNull();
  });

  it('500-envelope: the envelope, readable cross-origin', async () => {
    await admin(api, '/faults', { mode: '500-envelope' });
    const response = await keys();
    expect(response.status).toBe(500);
    expect(envelopeOf(response)).toEqual({
      code: 'internal_error',
      message: 'An unexpected error occurred. Please try again later.',
      status: 500,
    });
    expect(response.headers.get('access-control-allow-origin')).toBe('*');
    expect(response.headers.get('x-request-id')).toMatch(REQUEST_ID);
  });

  it('malformed-json: 200 with a truncated JSON body', async () => {
    await admin(api, '/faults', { mode: 'malformed-json' });
    const response = await keys();
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toBe('application/json');
    expect(response.text).toBe('{"data": [');
  });

  it('html: a 502 HTML error page', async () => {
    await admin(api, '/faults', { mode: 'html' });
    const response = await keys();
    expect(response.status).toBe(502);
    expect(response.headers.get('content-type')).toBe('text/html');
    expect(response.text).toContain('502 Bad Gateway');
  });

  it('schema-drift: the real response with fields missing (the request still takes effect)', async () => {
    await admin(api, '/faults', { mode: 'schema-drift' });
    const list = await keys();
    expect(list.status).toBe(200);
    expect(Object.keys(list.body.data[0])).toEqual(['id', 'name']);
    const status = await call(api, 'GET', '/billing/status', { token: user.accessToken });
    expect(Object.keys(status.body)).toEqual(['request_id']);
    const created = await call(api, 'POST', '/keys', { token: user.accessToken, json: { name: 'drifted' } });
    expect(created.body.data).toEqual({ id: expect.any(String) });
    await admin(api, '/reset-faults');
    expect((await keys()).body.data.map((k: { name: string }) => k.name)).toContain('drifted');
  });

  it('detail-404, rate-limit, stripe-error', async () => {
    await admin(api, '/faults', { mode: 'detail-404' });
    const notFound = await keys();
    expect(notFound.status).toBe(404);
    expect(notFound.body).toEqual({ detail: 'Not Found' });

    await admin(api, '/faults', { mode: 'rate-limit' });
    const limited = await keys();
    expect(limited.status).toBe(429);
    expect(limited.body).toEqual({ error: 'Rate limit exceeded: 120 per 1 minute' });
    expect(limited.headers.get('retry-after')).toBe('120 per 1 minute');

    await admin(api, '/faults', { mode: 'stripe-error' });
    const stripe = await call(api, 'POST', '/billing/checkout', { token: user.accessToken });
    expect(stripe.status).toBe(502);
    expect(envelopeOf(stripe)).toEqual({
      code: 'stripe_error',
      message: 'Payment service temporarily unavailable. Please try again.',
      status: 502,
    });
  });
});

describe('fault scope', () => {
  it('times: only the next N matching requests', async () => {
    await admin(api, '/faults', { mode: '500-envelope', times: 2 });
    expect((await keys()).status).toBe(500);
    expect((await keys()).status).toBe(500);
    expect((await keys()).status).toBe(200);
    expect((await call(api, 'GET', '/__admin/faults', { origin: false })).body.faults.mode).toBe('none');
  });

  it('paths: only requests whose path starts with one of the prefixes', async () => {
    await admin(api, '/faults', { mode: 'detail-404', paths: ['/billing'] });
    expect((await keys()).status).toBe(200);
    expect((await call(api, 'GET', '/billing/status', { token: user.accessToken })).status).toBe(404);
  });

  it('applies to GoTrue routes too', async () => {
    await admin(api, '/faults', { mode: '500-no-cors', paths: ['/auth/v1/token'] });
    const response = await call(api, 'POST', '/auth/v1/token?grant_type=refresh_token', {
      json: { refresh_token: user.refreshToken },
      headers: { apikey: api.anonKey },
    });
    expect(response.status).toBe(500);
  });

  it('latencyMs delays matching requests', async () => {
    await admin(api, '/faults', { latencyMs: 300, paths: ['/keys'] });
    const started = Date.now();
    expect((await keys()).status).toBe(200);
    expect(Date.now() - started).toBeGreaterThanOrEqual(280);
  });

  it('preflights and /__admin are never affected', async () => {
    await admin(api, '/faults', { mode: '500-no-cors' });
    const preflight = await call(api, 'OPTIONS', '/keys', { headers: { 'access-control-request-method': 'GET' } });
    expect(preflight.status).toBe(200);
    const state = await call(api, 'GET', '/__admin/faults');
    expect(state.status).toBe(200);
    expect(state.headers.get('access-control-allow-origin')).toBe('*');
  });

  it('rejects unknown modes', async () => {
    const response = await admin(api, '/faults', { mode: 'explode' });
    expect(response.status).toBe(400);
    expect(response.body.error).toContain('mode must be one of');
  });
});

describe('without faults: true', () => {
  it('there is no /__admin', async () => {
    const plain = await startTestApi({ faults: false, seedDemo: false });
    try {
      const response = await call(plain, 'POST', '/__admin/faults', { json: { mode: 'html' } });
      expect(response.status).toBe(404);
      expect(response.body).toEqual({ detail: 'Not Found' });
    } finally {
      await plain.close();
    }
  });
});
