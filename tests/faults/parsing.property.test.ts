// Property-based: whatever a server (or anything pretending to be one) sends, the HTTP layer
// gives a value that passes the schema or the typed ApiError with a short, human, one-line message:
// requestJson on arbitrary statuses, bodies and headers, errorFromResponse, Retry-After. The
// schemas themselves and the other parsers of untrusted text are schemas.property.test.ts.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { errorFromResponse, parseRetryAfter, requestJson, type FetchLike } from '@/lib/api/client';
import type { ApiError } from '@/lib/api/errors';
import * as schemas from '@/lib/api/schemas';
import { errorishJson, expectTypedError, RESPONSE_SCHEMAS, RUNS } from './property-helpers';

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
