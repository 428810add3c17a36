// Property-based: whatever a server (or anything pretending to be one) sends, the parsers give a
// value that passes the schema or the typed ApiError with a short, human, one-line message.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { z } from 'zod';
import { errorFromResponse, parseRetryAfter, requestJson, type FetchLike } from '@/lib/api/client';
import { ApiError, type ApiErrorKind } from '@/lib/api/errors';
import * as schemas from '@/lib/api/schemas';
import { checkStripeUrl } from '@/lib/background/stripe';
import { keyNameProblem } from '@/lib/format';
import { jwtExpiry } from '@/lib/session/jwt';
import { isLoopbackHost, validateSettings, type ClipboardClearSeconds } from '@/lib/settings';

const RUNS = { numRuns: 300 };
const KINDS: ApiErrorKind[] = ['server', 'network', 'timeout', 'invalid_response', 'rate_limited'];

/** Every zod schema the API layer exports. */
const ALL_SCHEMAS = (Object.entries(schemas) as [string, unknown][]).filter((entry): entry is [string, z.ZodType] => {
  const value = entry[1];
  return typeof value === 'object' && value !== null && typeof (value as { safeParse?: unknown }).safeParse === 'function';
});
const RESPONSE_SCHEMAS = ALL_SCHEMAS.filter(([name]) => /Response|Schema$/.test(name) && !/error/i.test(name));

/** A message the UI can show: present, one line, short, no stack. */
function expectHumanMessage(message: unknown) {
  expect(typeof message).toBe('string');
  const text = message as string;
  expect(text.trim().length).toBeGreaterThan(0);
  expect(text.length).toBeLessThan(300);
  expect(text).not.toMatch(/[\r\n]/);
  expect(text).not.toMatch(/^\s*at /m);
}

function expectTypedError(error: unknown) {
  expect(error).toBeInstanceOf(ApiError);
  const e = error as ApiError;
  expect(KINDS).toContain(e.kind);
  expect(typeof e.code).toBe('string');
  expectHumanMessage(e.message);
  // What crosses to the UI is plain data with the same message.
  const data = JSON.parse(JSON.stringify(e.toData()));
  expect(data.message).toBe(e.message);
  expect(data).not.toHaveProperty('stack');
  if (e.retryAfterSeconds !== undefined) expect(Number.isSafeInteger(e.retryAfterSeconds) && e.retryAfterSeconds > 0).toBe(true);
}

const NULL_BODY = new Set([204, 205, 304]);

/** A Response as fetch would hand it over; 1xx never reaches JS, so a plain stand-in is used for those. */
function makeResponse(status: number, body: string, headers: Record<string, string>): Response {
  if (status < 200) {
    return { status, ok: false, statusText: '', headers: new Headers(headers), text: async () => body } as unknown as Response;
  }
  return new Response(NULL_BODY.has(status) ? null : body, { status, headers });
}

const headerValue = fc.stringMatching(/^[\x20-\x7e]{0,40}$/);
const headersArb = fc.record(
  {
    'content-type': fc.constantFrom('application/json', 'text/html', 'text/plain', 'application/problem+json'),
    'retry-after': fc.oneof(headerValue, fc.nat().map(String), fc.constantFrom('120 per 1 minute', 'Wed, 21 Oct 2026 07:28:00 GMT', '-1', '1e3', '99999999999999999999')),
    'x-request-id': headerValue,
  },
  { requiredKeys: [] },
);

const errorishJson = fc.oneof(
  fc.record({ error: fc.record({ code: fc.string(), message: fc.string({ maxLength: 2000 }), status: fc.integer() }, { requiredKeys: ['code', 'message'] }), request_id: fc.string() }, { requiredKeys: ['error'] }),
  fc.record({ detail: fc.string({ maxLength: 2000 }) }),
  fc.record({ error: fc.string({ maxLength: 2000 }) }),
  fc.record({ code: fc.integer(), error_code: fc.string(), msg: fc.string({ maxLength: 2000 }) }),
  fc.record({ error: fc.string(), error_description: fc.string({ maxLength: 2000 }) }),
  fc.record({ message: fc.string({ maxLength: 2000 }) }),
);

const bodyArb = fc.oneof(
  fc.json(),
  fc.anything().map((v) => {
    try {
      return JSON.stringify(v) ?? '';
    } catch {
      return '';
    }
  }),
  fc.string(),
  errorishJson.map((v) => JSON.stringify(v)),
  fc.constantFrom('', '<!DOCTYPE html><html><body>502 Bad Gateway</body></html>', '{"data": [', 'null', '[]', '"ok"', '{"__proto__": {"x": 1}}'),
);

describe('requestJson on arbitrary answers', () => {
  it('resolves to a schema-valid value or rejects with a typed, human ApiError', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.integer({ min: 100, max: 599 }),
        bodyArb,
        headersArb,
        fc.constantFrom(...RESPONSE_SCHEMAS),
        async (status, body, headers, [, schema]) => {
          const fetch: FetchLike = async () => makeResponse(status, body, headers);
          try {
            const value = await requestJson({ baseUrl: 'https://api.test', path: '/x', method: 'GET', schema, fetch });
            expect(status).toBeGreaterThanOrEqual(200);
            expect(status).toBeLessThan(300);
            expect(schema.safeParse(value).success).toBe(true);
          } catch (error) {
            expectTypedError(error);
          }
        },
      ),
      RUNS,
    );
  });

  it('a fetch that throws anything is a network error', async () => {
    await fc.assert(
      fc.asyncProperty(fc.anything(), async (thrown) => {
        const fetch: FetchLike = async () => {
          throw thrown;
        };
        const error = await requestJson({ baseUrl: 'https://api.test', path: '/x', method: 'GET', schema: schemas.keysUsageResponseSchema, fetch }).catch((e: unknown) => e);
        expectTypedError(error);
        expect((error as ApiError).kind).toBe('network');
      }),
      RUNS,
    );
  });

  it('a body that fails to read is a network error', async () => {
    await fc.assert(
      fc.asyncProperty(fc.integer({ min: 200, max: 599 }), fc.anything(), async (status, thrown) => {
        const response = { status, ok: status < 300, headers: new Headers(), text: () => Promise.reject(thrown) } as unknown as Response;
        const error = await requestJson({ baseUrl: 'https://api.test', path: '/x', method: 'GET', schema: schemas.billingStatusSchema, fetch: async () => response }).catch((e: unknown) => e);
        expectTypedError(error);
      }),
      RUNS,
    );
  });
});

describe('errorFromResponse', () => {
  it('never throws, for any JSON and any status ≥ 300, and always gives a human message', () => {
    fc.assert(
      fc.property(fc.integer({ min: 300, max: 599 }), fc.oneof(fc.anything(), errorishJson, fc.jsonValue()), headersArb, (status, json, headers) => {
        const error = errorFromResponse(makeResponse(status, '', headers), json);
        expectTypedError(error);
        expect(error.status).toBe(status);
      }),
      RUNS,
    );
  });

  it('an error envelope’s message is shown as sent when it is sensible', () => {
    fc.assert(
      fc.property(fc.integer({ min: 400, max: 599 }).filter((s) => s !== 429), fc.array(fc.stringMatching(/^[A-Za-z0-9.,:;'()-]{1,12}$/), { minLength: 1, maxLength: 12 }).map((words) => words.join(' ')), (status, message) => {
        const error = errorFromResponse(makeResponse(status, '', {}), { error: { code: 'some_code', message, status }, request_id: 'req_1' });
        expect(error).toMatchObject({ kind: 'server', code: 'some_code', message });
      }),
      RUNS,
    );
  });

  it('429 is always rate_limited (or the server’s own 429 code), never a raw header in the message', () => {
    fc.assert(
      fc.property(errorishJson, headerValue, (json, retryAfter) => {
        const error = errorFromResponse(makeResponse(429, '', { 'retry-after': retryAfter }), json);
        expectTypedError(error);
        if (error.kind === 'rate_limited') expect(error.message).toMatch(/^Too many requests\. (Try again in \d+ seconds?\.|Wait a moment, then try again\.)$/);
      }),
      RUNS,
    );
  });
});

describe('Retry-After', () => {
  it('is a positive whole number of seconds or nothing', () => {
    fc.assert(
      fc.property(fc.oneof(fc.string(), headerValue, fc.bigInt({ min: -(10n ** 30n), max: 10n ** 30n }).map(String), fc.constant(null)), (value) => {
        const seconds = parseRetryAfter(value);
        if (seconds !== undefined) {
          expect(Number.isSafeInteger(seconds)).toBe(true);
          expect(seconds).toBeGreaterThan(0);
          expect(seconds).toBeLessThanOrEqual(86_400);
        }
      }),
      RUNS,
    );
  });
});

describe('schemas', () => {
  it('every exported schema is covered', () => {
    expect(ALL_SCHEMAS.map(([name]) => name)).toEqual(expect.arrayContaining(['keysUsageResponseSchema', 'billingStatusSchema', 'createKeyResponseSchema', 'refreshResponseSchema', 'errorEnvelopeSchema']));
    expect(RESPONSE_SCHEMAS.length).toBeGreaterThanOrEqual(12);
  });

  it.each(ALL_SCHEMAS)('%s.safeParse never throws on arbitrary input', (_name, schema) => {
    fc.assert(
      fc.property(
        fc.oneof(
          fc.anything({ withBigInt: true, withDate: true, withMap: true, withSet: true, withNullPrototype: true, withTypedArray: true, withSparseArray: true, withBoxedValues: true }),
          fc.jsonValue(),
          errorishJson,
        ),
        (input) => {
          const result = schema.safeParse(input);
          expect(typeof result.success).toBe('boolean');
        },
      ),
      RUNS,
    );
  });

  // Valid bodies of each account endpoint, then one random change (schema drift).
  const key = { id: '0b6c3f0e-6c0a-4c8e-9d5c-2f7d9d1c2b3a', name: 'default', key_prefix: 'kb-AbC1', key_type: 'dev', created_at: '2026-02-16T14:03:48.512345+00:00', last_used_at: null };
  const VALID: [string, z.ZodType, Record<string, unknown>][] = [
    ['keys usage', schemas.keysUsageResponseSchema, { data: [{ ...key, credits_used: 3 }], request_id: 'req_1' }],
    ['create key', schemas.createKeyResponseSchema, { data: { ...key, key: 'kb-AbC1defghijklmnopqrstuvwxyz0123456789ABCDEFG', last_used_at: undefined }, request_id: 'req_1' }],
    ['billing status', schemas.billingStatusSchema, { tier: 'free', credits_total: 1000, credits_used: 0, credits_remaining: 1000, payg_enabled: false, billing_cycle_start: '2026-02-01T00:00:00+00:00', request_id: 'req_1' }],
    ['payg', schemas.paygResponseSchema, { payg_enabled: true, message: 'ok', request_id: 'req_1' }],
    ['auth', schemas.authResponseSchema, { access_token: 'eyJ.a.b', refresh_token: 'r', user_id: 'u', request_id: 'req_1' }],
    ['refresh', schemas.refreshResponseSchema, { access_token: 'eyJ.a.b', refresh_token: 'r', expires_in: 3600, user: { id: 'u' } }],
  ];

  function mutate(value: unknown, pathIndex: number, replacement: unknown, remove: boolean): unknown {
    if (Array.isArray(value) && value.length) {
      const i = pathIndex % value.length;
      const copy = [...value];
      copy[i] = mutate(copy[i], Math.floor(pathIndex / 7), replacement, remove);
      return copy;
    }
    if (value && typeof value === 'object') {
      const keys = Object.keys(value);
      if (!keys.length) return replacement;
      const k = keys[pathIndex % keys.length]!;
      const copy: Record<string, unknown> = { ...(value as Record<string, unknown>) };
      if (remove && pathIndex % 3 === 0) delete copy[k];
      else if (pathIndex % 2 === 0) copy[k] = replacement;
      else copy[k] = mutate(copy[k], Math.floor(pathIndex / 5), replacement, remove);
      return copy;
    }
    return replacement;
  }

  it.each(VALID)('%s: a drifted body parses or is an invalid_response, never a crash', async (_name, schema, valid) => {
    expect(schema.safeParse(valid).success).toBe(true);
    await fc.assert(
      fc.asyncProperty(fc.nat(), fc.jsonValue(), fc.boolean(), async (index, replacement, remove) => {
        const body = JSON.stringify(mutate(valid, index, replacement, remove));
        const fetch: FetchLike = async () => new Response(body, { status: 200 });
        try {
          const value = await requestJson({ baseUrl: 'https://api.test', path: '/x', method: 'GET', schema, fetch });
          expect(schema.safeParse(value).success).toBe(true);
        } catch (error) {
          expectTypedError(error);
          expect((error as ApiError).kind).toBe('invalid_response');
        }
      }),
      RUNS,
    );
  });
});

describe('other parsers of untrusted text', () => {
  it('jwtExpiry never throws: a number or null', () => {
    fc.assert(
      fc.property(fc.oneof(fc.string(), fc.base64String().map((s) => `x.${s}.y`), fc.jsonValue().map((v) => `x.${btoa(unescape(encodeURIComponent(JSON.stringify(v) ?? '')))}.y`)), (token) => {
        const exp = jwtExpiry(token);
        expect(exp === null || Number.isFinite(exp)).toBe(true);
      }),
      RUNS,
    );
  });

  it('the Stripe URL opener returns only https:// or loopback http:// with a loopback API, else refuses', () => {
    const urlish = fc.oneof(
      fc.webUrl({ validSchemes: ['https', 'http', 'javascript', 'data', 'file', 'ftp', 'chrome-extension'] }),
      fc.string(),
      fc.constantFrom('http://127.0.0.1:8000/x', 'http://localhost/x', 'http://[::1]/x', 'javascript:alert(1)', 'JAVASCRIPT:alert(1)', ' https://x.example', 'https:x.example'),
    );
    fc.assert(
      fc.property(urlish, fc.constantFrom('https://api.kalshibook.io', 'http://127.0.0.1:8000', 'http://localhost:8000', 'not a url'), (raw, api) => {
        let opened: string;
        try {
          opened = checkStripeUrl(raw, api);
        } catch (error) {
          expectTypedError(error);
          expect((error as ApiError).code).toBe('unsafe_url');
          return;
        }
        const url = new URL(opened);
        if (url.protocol !== 'https:') {
          expect(url.protocol).toBe('http:');
          expect(isLoopbackHost(url.hostname)).toBe(true);
          expect(isLoopbackHost(new URL(api).hostname)).toBe(true);
        }
      }),
      RUNS,
    );
  });

  it('settings validation never throws and only accepts https:// or loopback http:// without credentials, query or hash', () => {
    const urlish = fc.oneof(fc.webUrl({ validSchemes: ['https', 'http', 'javascript', 'ftp'], withQueryParameters: true, withFragments: true }), fc.string());
    fc.assert(
      fc.property(urlish, urlish, urlish, fc.string(), fc.boolean(), fc.oneof(fc.constantFrom(0, 30, 60, 120, 300), fc.integer()), (apiBaseUrl, authUrl, dashboardUrl, anonKey, staySignedIn, clear) => {
        const result = validateSettings({ apiBaseUrl, authUrl, dashboardUrl, anonKey, staySignedIn, clipboardClearSeconds: clear as ClipboardClearSeconds });
        if (!result.ok) {
          for (const message of Object.values(result.errors)) expectHumanMessage(message);
          return;
        }
        for (const value of [result.value.apiBaseUrl, result.value.dashboardUrl, ...(result.value.authUrl ? [result.value.authUrl] : [])]) {
          const url = new URL(value);
          expect(url.protocol === 'https:' || (url.protocol === 'http:' && isLoopbackHost(url.hostname))).toBe(true);
          expect(url.username + url.password + url.search + url.hash).toBe('');
          expect(value.endsWith('/')).toBe(false);
        }
        expect([0, 30, 60, 120, 300]).toContain(result.value.clipboardClearSeconds);
      }),
      RUNS,
    );
  });

  it('a key name is accepted exactly when it has 1–100 code points after trimming', () => {
    fc.assert(
      fc.property(fc.oneof(fc.string({ unit: 'grapheme', maxLength: 120 }), fc.string({ unit: 'binary', maxLength: 120 }), fc.string({ maxLength: 120 })), (name) => {
        const length = [...name.trim()].length;
        const problem = keyNameProblem(name);
        if (length >= 1 && length <= 100) expect(problem).toBeNull();
        else expectHumanMessage(problem);
      }),
      RUNS,
    );
  });
});
