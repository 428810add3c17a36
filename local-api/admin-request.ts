/**
 * What the /__admin routes (admin.ts, admin-usage.ts) share: the error that becomes a 4xx answer
 * and the readers of a JSON body's fields that throw it.
 */
import type { Context } from 'hono';

export class AdminError extends Error {
  constructor(
    readonly status: 400 | 404 | 409,
    message: string,
  ) {
    super(message);
  }
}

export const isObject = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

export async function jsonBody(c: Context): Promise<Record<string, unknown>> {
  const text = await c.req.text();
  if (text.trim() === '') return {};
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch {
    throw new AdminError(400, 'Body must be JSON.');
  }
  if (!isObject(parsed)) throw new AdminError(400, 'Body must be a JSON object.');
  return parsed;
}

export function nonNegativeNumber(value: unknown, name: string, integer = false): number {
  if (typeof value !== 'number' || !Number.isFinite(value) || value < 0 || (integer && !Number.isInteger(value))) {
    throw new AdminError(400, `${name} must be a non-negative ${integer ? 'integer' : 'number'}.`);
  }
  return value;
}

export function optionalString(body: Record<string, unknown>, name: string): string | undefined {
  const value = body[name];
  if (value === undefined) return undefined;
  if (typeof value !== 'string') throw new AdminError(400, `${name} must be a string.`);
  return value;
}

/** The body's `email`, which the account switches need. */
export function requiredEmail(body: Record<string, unknown>): string {
  const email = optionalString(body, 'email');
  if (!email) throw new AdminError(400, 'email is required.');
  return email;
}
