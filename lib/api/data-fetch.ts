// One Playground request as it happened: status, headers, body and time, never thrown for an HTTP
// error (the Playground shows every answer). A network failure rejects with NetworkFailure, an abort
// (cancel or timeout) with the AbortSignal's reason.
import { joinUrl, type FetchLike } from './client';

export interface RawAnswer {
  status: number;
  headers: Headers;
  /** The parsed JSON body; undefined when the body was empty or not JSON. */
  json: unknown;
  text: string;
  timeMs: number;
}

export interface RawRequest {
  baseUrl: string;
  /** Path and query, already encoded. */
  path: string;
  method: 'GET' | 'POST';
  body?: unknown;
  bearer: string;
  signal: AbortSignal;
  fetch?: FetchLike;
  now?: () => number;
}

export class NetworkFailure extends Error {
  constructor(readonly timeMs: number) {
    super('network failure');
    this.name = 'NetworkFailure';
  }
}

export async function sendRaw(req: RawRequest): Promise<RawAnswer> {
  const now = req.now ?? (() => performance.now());
  const headers: Record<string, string> = { Accept: 'application/json', Authorization: `Bearer ${req.bearer}` };
  if (req.body !== undefined) headers['Content-Type'] = 'application/json';
  const started = now();
  let response: Response;
  let text: string;
  try {
    response = await (req.fetch ?? globalThis.fetch)(joinUrl(req.baseUrl, req.path), {
      method: req.method,
      headers,
      body: req.body === undefined ? undefined : JSON.stringify(req.body),
      signal: req.signal,
      credentials: 'omit',
      cache: 'no-store',
    });
    text = await response.text();
  } catch (error) {
    if (req.signal.aborted) throw req.signal.reason ?? error;
    throw new NetworkFailure(now() - started);
  }
  let json: unknown = undefined;
  if (text) {
    try {
      json = JSON.parse(text);
    } catch {
      json = undefined;
    }
  }
  return { status: response.status, headers: response.headers, json, text, timeMs: now() - started };
}

/** A header as a whole number, or null when absent (cross-origin without host access) or malformed. */
export function intHeader(headers: Headers, name: string): number | null {
  const value = headers.get(name);
  return value !== null && /^\d{1,12}$/.test(value.trim()) ? Number(value.trim()) : null;
}

/** `request_id` from the body (present on every envelope, the 500 included), else the header. */
export function requestIdOf(answer: Pick<RawAnswer, 'json' | 'headers'>): string | null {
  const json = answer.json as { request_id?: unknown } | undefined;
  if (json && typeof json === 'object' && typeof json.request_id === 'string') return json.request_id;
  return answer.headers.get('X-Request-ID');
}
