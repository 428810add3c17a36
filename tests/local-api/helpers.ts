/** Shared helpers for the local API contract tests: a server per file, and a small HTTP client. */
import { randomUUID } from 'node:crypto';
import { startLocalApi, type LocalApi, type LocalApiOptions } from '../../local-api/server';

export const ORIGIN = 'chrome-extension://abcdefghijklmnopabcdefghijklmnop';
export const ISO_TIMESTAMP = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d{6})?\+00:00$/;
export const KEY_FORMAT = /^kb-[A-Za-z0-9_-]{43}$/;
export const REQUEST_ID = /^req_[0-9a-f]{12}$/;

export function startTestApi(options: LocalApiOptions = {}): Promise<LocalApi> {
  return startLocalApi({ port: 0, memory: true, quiet: true, faults: true, ...options });
}

/** Response bodies are whatever the server sent; the assertions are the type check. */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export type JsonBody = any;

export interface ApiResponse<T = JsonBody> {
  status: number;
  headers: Headers;
  body: T;
  text: string;
}

export interface RequestOptions {
  token?: string;
  /** A value to send as JSON (with Content-Type: application/json). */
  json?: unknown;
  /** A raw body, sent as is. */
  body?: string | Uint8Array;
  headers?: Record<string, string>;
  /** Send an Origin header like a browser extension page would (default true). */
  origin?: boolean;
}

export async function call<T = JsonBody>(api: LocalApi, method: string, path: string, options: RequestOptions = {}): Promise<ApiResponse<T>> {
  const headers: Record<string, string> = {};
  if (options.origin !== false) headers.origin = ORIGIN;
  if (options.token !== undefined) headers.authorization = `Bearer ${options.token}`;
  let body: BodyInit | undefined;
  if (options.json !== undefined) {
    headers['content-type'] = 'application/json';
    body = JSON.stringify(options.json);
  } else if (options.body !== undefined) {
    body = typeof options.body === 'string' ? options.body : new Blob([options.body as Uint8Array<ArrayBuffer>]);
  }
  Object.assign(headers, options.headers);
  const response = await fetch(`${api.url}${path}`, { method, headers, body, redirect: 'manual' });
  const text = await response.text();
  let parsed: unknown = text;
  if ((response.headers.get('content-type') ?? '').includes('json') && text !== '') {
    try {
      parsed = JSON.parse(text);
    } catch {
      parsed = text;
    }
  }
  return { status: response.status, headers: response.headers, body: parsed as T, text };
}

/** GoTrue call with the anon key. */
export function auth<T = JsonBody>(api: LocalApi, method: string, path: string, options: RequestOptions = {}): Promise<ApiResponse<T>> {
  return call<T>(api, method, `/auth/v1${path}`, { ...options, headers: { apikey: api.anonKey, ...options.headers } });
}

export const uniqueEmail = (): string => `user-${randomUUID().slice(0, 8)}@example.com`;

export interface TestUser {
  email: string;
  password: string;
  accessToken: string;
  refreshToken: string;
  userId: string;
}

/** Signs a new user up through the backend's POST /auth/signup. */
export async function signUp(api: LocalApi, email = uniqueEmail(), password = 'correct-horse-battery'): Promise<TestUser> {
  const response = await call(api, 'POST', '/auth/signup', { json: { email, password } });
  if (response.status !== 200) throw new Error(`signup failed: ${response.status} ${response.text}`);
  return {
    email,
    password,
    accessToken: response.body.access_token,
    refreshToken: response.body.refresh_token,
    userId: response.body.user_id,
  };
}

/** Asserts the envelope shape and returns its error object. */
export function envelopeOf(response: ApiResponse): { code: string; message: string; status: number } {
  const body = response.body as { error: { code: string; message: string; status: number }; request_id: string };
  if (typeof body !== 'object' || body === null || !('error' in body)) throw new Error(`not an envelope: ${response.text}`);
  if (body.error.status !== response.status) throw new Error('envelope status differs from HTTP status');
  return body.error;
}

export function admin<T = JsonBody>(api: LocalApi, path: string, json: unknown = {}): Promise<ApiResponse<T>> {
  return call<T>(api, 'POST', `/__admin${path}`, { json, origin: false });
}

export const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

export function decodeJwt(token: string): { header: Record<string, unknown>; claims: Record<string, unknown> } {
  const [header, claims] = token.split('.');
  return {
    header: JSON.parse(Buffer.from(header as string, 'base64url').toString('utf8')) as Record<string, unknown>,
    claims: JSON.parse(Buffer.from(claims as string, 'base64url').toString('utf8')) as Record<string, unknown>,
  };
}
