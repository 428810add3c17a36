// One typed error for every way a call can fail. The UI shows `message`; code branches on `kind`
// and `code`. ApiErrorData is the plain, structured-clone-safe form sent through messaging.

export type ApiErrorKind =
  | 'server' // the KalshiBook server answered with an error it describes
  | 'network' // no answer: offline, DNS, refused, or a 500 without CORS headers
  | 'timeout'
  | 'invalid_response' // an answer we could not understand (HTML, malformed JSON, schema drift)
  | 'rate_limited'
  | 'session_expired' // refresh impossible: signed out
  | 'signed_out' // a call that needs a session while there is none
  | 'validation' // input rejected before it left the extension
  | 'extension'; // the background could not be reached or refused the message

export interface ApiErrorData {
  kind: ApiErrorKind;
  code: string;
  message: string;
  status?: number;
  requestId?: string;
  retryAfterSeconds?: number;
  /** Per-field messages for forms (settings, key name). */
  fields?: Record<string, string>;
}

export class ApiError extends Error {
  readonly kind: ApiErrorKind;
  readonly code: string;
  readonly status?: number;
  readonly requestId?: string;
  readonly retryAfterSeconds?: number;
  readonly fields?: Record<string, string>;

  constructor(data: ApiErrorData) {
    super(data.message);
    this.name = 'ApiError';
    this.kind = data.kind;
    this.code = data.code;
    this.status = data.status;
    this.requestId = data.requestId;
    this.retryAfterSeconds = data.retryAfterSeconds;
    this.fields = data.fields;
  }

  toData(): ApiErrorData {
    const data: ApiErrorData = { kind: this.kind, code: this.code, message: this.message };
    if (this.status !== undefined) data.status = this.status;
    if (this.requestId !== undefined) data.requestId = this.requestId;
    if (this.retryAfterSeconds !== undefined) data.retryAfterSeconds = this.retryAfterSeconds;
    if (this.fields !== undefined) data.fields = this.fields;
    return data;
  }
}

export const SESSION_EXPIRED_MESSAGE = 'Your session expired. Sign in again.';
export const INVALID_RESPONSE_MESSAGE = 'Unexpected response from the server. Try again in a moment.';

export function networkError(host: string): ApiError {
  return new ApiError({
    kind: 'network',
    code: 'network_error',
    message: `Can't reach KalshiBook at ${host}. Check your connection or the URL in Settings, then try again.`,
  });
}

export function timeoutError(host: string, seconds: number): ApiError {
  return new ApiError({
    kind: 'timeout',
    code: 'timeout',
    message: `KalshiBook at ${host} did not answer within ${seconds} seconds. Try again.`,
  });
}

export function invalidResponseError(status: number, requestId?: string): ApiError {
  return new ApiError({
    kind: 'invalid_response',
    code: 'invalid_response',
    message: INVALID_RESPONSE_MESSAGE,
    status,
    requestId,
  });
}

export function sessionExpiredError(): ApiError {
  return new ApiError({ kind: 'session_expired', code: 'session_expired', message: SESSION_EXPIRED_MESSAGE });
}

export function signedOutError(): ApiError {
  return new ApiError({ kind: 'signed_out', code: 'signed_out', message: 'Sign in to KalshiBook first.' });
}

/** Anything thrown anywhere becomes ApiErrorData; unknown throwables never leak a stack. */
export function toErrorData(error: unknown): ApiErrorData {
  if (error instanceof ApiError) return error.toData();
  return { kind: 'extension', code: 'unexpected', message: 'Something went wrong in the extension. Try again.' };
}
