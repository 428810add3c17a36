/** Helpers for the data-route contract tests (contract §15): a user with an API key, credit headers. */
import { expect } from 'vitest';
import type { LocalApi } from '../../local-api/server';
import { admin, call, envelopeOf, REQUEST_ID, signUp, type ApiResponse, type TestUser } from './helpers';

export interface KeyUser {
  user: TestUser;
  key: string;
  keyId: string;
}

/** A new user with a fresh API key; `credits_total` etc. set through /__admin/billing when given. */
export async function keyUser(api: LocalApi, billing: Record<string, unknown> = {}): Promise<KeyUser> {
  const user = await signUp(api);
  const created = await call(api, 'POST', '/keys', { token: user.accessToken, json: { name: 'data' } });
  if (Object.keys(billing).length > 0) await admin(api, '/billing', { email: user.email, ...billing });
  return { user, key: created.body.data.key, keyId: created.body.data.id };
}

/** The four X-Credits-* headers as numbers (null when absent). */
export function creditHeaders(response: ApiResponse): { cost: number; used: number; remaining: number; total: number } | null {
  const cost = response.headers.get('x-credits-cost');
  if (cost === null) return null;
  return {
    cost: Number(cost),
    used: Number(response.headers.get('x-credits-used')),
    remaining: Number(response.headers.get('x-credits-remaining')),
    total: Number(response.headers.get('x-credits-total')),
  };
}

export async function creditsUsed(api: LocalApi, user: TestUser): Promise<number> {
  return (await call(api, 'GET', '/billing/status', { token: user.accessToken })).body.credits_used as number;
}

/** Usage rows of a key, newest first, through GET /keys/usage (credits of this cycle). */
export async function keyCredits(api: LocalApi, owner: KeyUser): Promise<number> {
  const usage = await call(api, 'GET', '/keys/usage', { token: owner.user.accessToken });
  return usage.body.data.find((key: { id: string }) => key.id === owner.keyId).credits_used as number;
}

/** A charged answer: credit headers with this cost, X-Request-ID, CORS for the Origin sent. */
export function expectCharged(response: ApiResponse, cost: number): void {
  expect(creditHeaders(response)?.cost).toBe(cost);
  expect(response.headers.get('x-request-id')).toMatch(REQUEST_ID);
  expect(response.headers.get('access-control-allow-origin')).toBe('*');
  expect(response.headers.get('access-control-expose-headers')).toBeNull();
}

/** Not charged: no credit headers, but X-Request-ID and CORS. */
export function expectNotCharged(response: ApiResponse): void {
  expect(creditHeaders(response)).toBeNull();
  expect(response.headers.get('x-request-id')).toMatch(REQUEST_ID);
  expect(response.headers.get('access-control-allow-origin')).toBe('*');
}

/** The stock backend's 500: envelope with request_id in the body, none of the middleware headers. */
export function expectBare500(response: ApiResponse): void {
  expect(response.status).toBe(500);
  expect(envelopeOf(response)).toEqual({
    code: 'internal_error',
    message: 'An unexpected error occurred. Please try again later.',
    status: 500,
  });
  expect(response.body.request_id).toMatch(REQUEST_ID);
  expect(response.headers.get('x-request-id')).toBeNull();
  expect(response.headers.get('access-control-allow-origin')).toBeNull();
  expect(creditHeaders(response)).toBeNull();
}

export const validationMessage = (response: ApiResponse): string => {
  expect(response.status).toBe(422);
  const error = envelopeOf(response);
  expect(error.code).toBe('validation_error');
  return error.message;
};

export type Level = { price: number; quantity: number };

/** Applies /deltas records to a book the way §15.8 describes (levels at <= 0 disappear). */
export function applyDeltas(book: { yes: Level[]; no: Level[] }, deltas: { side: 'yes' | 'no'; price_cents: number; delta_amount: number }[]) {
  const sides = { yes: new Map(book.yes.map((l) => [l.price, l.quantity])), no: new Map(book.no.map((l) => [l.price, l.quantity])) };
  for (const delta of deltas) {
    const levels = sides[delta.side];
    const quantity = (levels.get(delta.price_cents) ?? 0) + delta.delta_amount;
    if (quantity <= 0) levels.delete(delta.price_cents);
    else levels.set(delta.price_cents, quantity);
  }
  const sorted = (levels: Map<number, number>) => [...levels].sort((a, b) => b[0] - a[0]).map(([price, quantity]) => ({ price, quantity }));
  return { yes: sorted(sides.yes), no: sorted(sides.no) };
}
