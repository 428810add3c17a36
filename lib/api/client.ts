// The one fetch wrapper: JSON bodies with Content-Type, a timeout on every request, and every
// failure turned into an ApiError with a short human message (contract §2, §4).
import type { z } from 'zod';
import {
  bareErrorSchema,
  detailErrorSchema,
  errorEnvelopeSchema,
  goTrueErrorSchema,
} from './schemas';
import { hostOf } from '../format';
import { ApiError, invalidResponseError, networkError, timeoutError } from './errors';

export const DEFAULT_TIMEOUT_MS = 15_000;

export type FetchLike = (input: string, init: RequestInit) => Promise<Response>;

export interface JsonRequest<S extends z.ZodType> {
  baseUrl: string;
  path: string;
  method: 'GET' | 'POST' | 'PATCH' | 'DELETE';
  schema: S;
  body?: unknown;
  /** Sent as `Authorization: Bearer …`. */
  bearer?: string;
  headers?: Record<string, string>;
  timeoutMs?: number;
  fetch?: FetchLike;
}

export function joinUrl(baseUrl: string, path: string): string {
  return baseUrl.replace(/\/+$/, '') + path;
}

export async function requestJson<S extends z.ZodType>(req: JsonRequest<S>): Promise<z.infer<S>> {
  const url = joinUrl(req.baseUrl, req.path);
  const host = hostOf(url) ?? url;
  const timeoutMs = req.timeoutMs ?? DEFAULT_TIMEOUT_MS;
  const headers: Record<string, string> = { Accept: 'application/json', ...req.headers };
  if (req.body !== undefined) headers['Content-Type'] = 'application/json';
  if (req.bearer) headers.Authorization = `Bearer ${req.bearer}`;

  const controller = new AbortController();
  const timer = setTimeout(() => controller.abort(), timeoutMs);
  let response: Response;
  let text: string;
  try {
    response = await (req.fetch ?? globalThis.fetch)(url, {
      method: req.method,
      headers,
      body: req.body === undefined ? undefined : JSON.stringify(req.body),
      signal: controller.signal,
      credentials: 'omit',
      cache: 'no-store',
    });
    text = await response.text();
  } catch {
    // fetch rejects with a TypeError for offline/DNS/refused and for responses the browser hides
    // from us (a 500 without CORS headers looks exactly like this), and with AbortError on timeout.
    if (controller.signal.aborted) throw timeoutError(host, Math.round(timeoutMs / 1000));
    throw networkError(host);
  } finally {
    clearTimeout(timer);
  }

  let json: unknown = undefined;
  let parsed = false;
  if (text.length > 0) {
    try {
      json = JSON.parse(text);
      parsed = true;
    } catch {
      parsed = false;
    }
  }

  if (!response.ok) throw errorFromResponse(response, parsed ? json : undefined);
  if (!parsed) throw invalidResponseError(response.status, requestIdOf(undefined, response));

  const result = req.schema.safeParse(json);
  if (!result.success) throw invalidResponseError(response.status, requestIdOf(json, response));
  return result.data;
}

function requestIdOf(json: unknown, response: Response): string | undefined {
  if (json && typeof json === 'object' && 'request_id' in json) {
    const id = (json as { request_id: unknown }).request_id;
    if (typeof id === 'string') return id;
  }
  return response.headers.get('X-Request-ID') ?? undefined;
}

/** Retry-After is only trusted when it is a whole number of seconds (§4.4), from 1 s to a day. */
export function parseRetryAfter(value: string | null): number | undefined {
  if (value === null || !/^\s*\d{1,6}\s*$/.test(value)) return undefined;
  const seconds = Number(value.trim());
  return seconds >= 1 && seconds <= 86_400 ? seconds : undefined;
}

const MAX_MESSAGE_LENGTH = 240;

/**
 * A message from a server as the UI shows it: one line, never empty (an empty or blank message
 * falls back to a generic one), at most 240 characters (a proxy may put a whole page in a field).
 */
function serverMessage(raw: string, status: number, max = MAX_MESSAGE_LENGTH): string {
  const text = raw.replace(/\s+/g, ' ').trim();
  if (!text) {
    return status >= 500
      ? `KalshiBook is having trouble right now (HTTP ${status}). Try again in a moment.`
      : `KalshiBook could not handle the request (HTTP ${status}).`;
  }
  if (text.length <= max) return text;
  const cut = text.slice(0, max - 1).replace(/[\uD800-\uDBFF]$/, '');
  return `${cut.trimEnd()}…`;
}

export function errorFromResponse(response: Response, json: unknown): ApiError {
  const status = response.status;
  const requestId = requestIdOf(json, response);

  if (status === 429) {
    const retryAfterSeconds = parseRetryAfter(response.headers.get('Retry-After'));
    const envelope = errorEnvelopeSchema.safeParse(json);
    // credits_exhausted is a 429 too, with a message the user needs to read as is.
    if (envelope.success && envelope.data.error.code !== 'rate_limit_exceeded') {
      return new ApiError({ kind: 'server', code: envelope.data.error.code, message: serverMessage(envelope.data.error.message, status), status, requestId });
    }
    return new ApiError({
      kind: 'rate_limited',
      code: 'rate_limited',
      message:
        retryAfterSeconds !== undefined
          ? `Too many requests. Try again in ${retryAfterSeconds} ${retryAfterSeconds === 1 ? 'second' : 'seconds'}.`
          : 'Too many requests. Wait a moment, then try again.',
      status,
      requestId,
      retryAfterSeconds,
    });
  }

  const envelope = errorEnvelopeSchema.safeParse(json);
  if (envelope.success) {
    return new ApiError({ kind: 'server', code: envelope.data.error.code, message: serverMessage(envelope.data.error.message, status), status, requestId });
  }

  const detail = detailErrorSchema.safeParse(json);
  if (detail.success) {
    const what = status === 404 ? 'not_found' : status === 405 ? 'method_not_allowed' : `http_${status}`;
    const said = serverMessage(detail.data.detail, status, 100);
    return new ApiError({
      kind: 'server',
      code: what,
      message:
        status === 404 || status === 405
          ? `The server at this API URL does not look like KalshiBook (${said}). Check the API base URL in Settings.`
          : `KalshiBook could not handle the request (${said}).`,
      status,
      requestId,
    });
  }

  const goTrue = goTrueErrorSchema.safeParse(json);
  if (goTrue.success) {
    const d = goTrue.data;
    const code = 'error_code' in d && d.error_code ? d.error_code : 'error' in d ? d.error : `http_${status}`;
    const message = 'msg' in d ? d.msg : 'error_description' in d ? d.error_description : d.message;
    return new ApiError({ kind: 'server', code, message: serverMessage(message, status), status, requestId });
  }

  const bare = bareErrorSchema.safeParse(json);
  if (bare.success) {
    return new ApiError({ kind: 'server', code: `http_${status}`, message: serverMessage(bare.data.error, status), status, requestId });
  }

  // An HTML error page, an empty body, or JSON of a shape nobody documented.
  return new ApiError({
    kind: 'invalid_response',
    code: `http_${status}`,
    message:
      status >= 500
        ? `KalshiBook is having trouble right now (HTTP ${status}). Try again in a moment.`
        : `Unexpected response from the server (HTTP ${status}).`,
    status,
    requestId,
  });
}
