// What the property tests of the parsers share (parsing.property.test.ts,
// schemas.property.test.ts): the run count, every zod schema the API layer exports, error-shaped
// JSON, and the checks that an error is a typed ApiError with a short, human, one-line message.
import fc from 'fast-check';
import { expect } from 'vitest';
import type { z } from 'zod';
import { ApiError, type ApiErrorKind } from '@/lib/api/errors';
import * as schemas from '@/lib/api/schemas';

export const RUNS = { numRuns: 300 };
export const KINDS: ApiErrorKind[] = ['server', 'network', 'timeout', 'invalid_response', 'rate_limited'];

/** Every zod schema the API layer exports. */
export const ALL_SCHEMAS = (Object.entries(schemas) as [string, unknown][]).filter((entry): entry is [string, z.ZodType] => {
  const value = entry[1];
  return typeof value === 'object' && value !== null && typeof (value as { safeParse?: unknown }).safeParse === 'function';
});
export const RESPONSE_SCHEMAS = ALL_SCHEMAS.filter(([name]) => /Response|Schema$/.test(name) && !/error/i.test(name));

/** A message the UI can show: present, one line, short, no stack. */
export function expectHumanMessage(message: unknown) {
  expect(typeof message).toBe('string');
  const text = message as string;
  expect(text.trim().length).toBeGreaterThan(0);
  expect(text.length).toBeLessThan(300);
  expect(text).not.toMatch(/[\r\n]/);
  expect(text).not.toMatch(/^\s*at /m);
}

export function expectTypedError(error: unknown) {
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

/** JSON shaped like the error bodies of the API, GoTrue, OAuth and proxies. */
export const errorishJson = fc.oneof(
  fc.record({ error: fc.record({ code: fc.string(), message: fc.string({ maxLength: 2000 }), status: fc.integer() }, { requiredKeys: ['code', 'message'] }), request_id: fc.string() }, { requiredKeys: ['error'] }),
  fc.record({ detail: fc.string({ maxLength: 2000 }) }),
  fc.record({ error: fc.string({ maxLength: 2000 }) }),
  fc.record({ code: fc.integer(), error_code: fc.string(), msg: fc.string({ maxLength: 2000 }) }),
  fc.record({ error: fc.string(), error_description: fc.string({ maxLength: 2000 }) }),
  fc.record({ message: fc.string({ maxLength: 2000 }) }),
);
