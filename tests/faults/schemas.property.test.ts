// Property-based: the zod schemas never throw on arbitrary input, a drifted body of each account
// endpoint parses or is an invalid_response, and the other parsers of untrusted text (JWT expiry,
// the Stripe URL opener, settings validation, key names) never throw and accept only what they
// should. The HTTP layer's properties are parsing.property.test.ts.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { z } from 'zod';
import { requestJson, type FetchLike } from '@/lib/api/client';
import type { ApiError } from '@/lib/api/errors';
import * as schemas from '@/lib/api/schemas';
import { checkStripeUrl } from '@/lib/background/stripe';
import { keyNameProblem } from '@/lib/format';
import { jwtExpiry } from '@/lib/session/jwt';
import { isLoopbackHost, validateSettings, type ClipboardClearSeconds } from '@/lib/settings';
import { ALL_SCHEMAS, errorishJson, expectHumanMessage, expectTypedError, RESPONSE_SCHEMAS, RUNS } from './property-helpers';

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
