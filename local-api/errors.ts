/** The backend's error vocabulary (src/api/errors.py) and FastAPI's default error shapes. */
import { randomBytes } from 'node:crypto';

/** `req_` + 12 hex characters, like `f"req_{uuid.uuid4().hex[:12]}"`. */
export const newRequestId = (): string => `req_${randomBytes(6).toString('hex')}`;

/** A domain error rendered in the envelope `{error:{code,message,status},request_id}`. */
export class KalshiBookError extends Error {
  constructor(
    readonly code: string,
    message: string,
    readonly status: number,
  ) {
    super(message);
  }
}

/** A Starlette/FastAPI HTTPException: rendered as `{"detail": …}`, outside the envelope. */
export class HttpDetailError extends Error {
  constructor(
    readonly status: number,
    readonly detail: string,
    readonly headers: Record<string, string> = {},
  ) {
    super(detail);
  }
}

/**
 * Something the real server does not handle (asyncpg rejecting a non-UUID, a CHECK violation,
 * GoTrue unreachable): it escapes the middleware stack and becomes a 500 without CORS headers.
 */
export class UnhandledServerError extends Error {}

export const INTERNAL_ERROR_MESSAGE = 'An unexpected error occurred. Please try again later.';
export const STRIPE_ERROR_MESSAGE = 'Payment service temporarily unavailable. Please try again.';

export const errors = {
  missingBearer: () => new KalshiBookError('invalid_api_key', 'Missing Bearer token', 401),
  invalidAccessToken: () => new KalshiBookError('invalid_api_key', 'Invalid or expired access token', 401),
  invalidAuthMethod: () =>
    new KalshiBookError(
      'invalid_auth_method',
      'Key management endpoints require a Supabase access token, not an API key. Use POST /auth/login to get an access token.',
      401,
    ),
  userAlreadyExists: () => new KalshiBookError('user_already_exists', 'A user with this email already exists.', 409),
  weakPassword: () => new KalshiBookError('weak_password', 'Password does not meet strength requirements.', 422),
  signupFailed: (detail: string) => new KalshiBookError('signup_failed', `Signup failed: ${detail}`, 400),
  invalidCredentials: () => new KalshiBookError('invalid_credentials', 'Invalid email or password.', 401),
  noFields: () => new KalshiBookError('no_fields', 'No fields to update', 400),
  invalidKeyType: (value: string) =>
    new KalshiBookError('invalid_key_type', `key_type must be 'dev' or 'prod', got '${value}'`, 400),
  keyNotFound: () => new KalshiBookError('key_not_found', 'API key not found or already revoked.', 404),
  keyNotRevealable: () =>
    new KalshiBookError('key_not_found', 'API key not found, revoked, or created before reveal was available.', 404),
  noBillingAccount: () =>
    new KalshiBookError(
      'no_billing_account',
      'No billing account found. Subscribe first via POST /billing/checkout.',
      400,
    ),
  stripeError: () => new KalshiBookError('stripe_error', STRIPE_ERROR_MESSAGE, 502),
  invalidPayload: () => new KalshiBookError('invalid_payload', 'Invalid webhook payload.', 400),
  invalidSignature: () => new KalshiBookError('invalid_signature', 'Invalid Stripe webhook signature.', 400),
  // Data-endpoint (API key) errors.
  malformedKeyHeader: () =>
    new KalshiBookError('invalid_api_key', 'Missing or malformed Authorization header. Expected: Bearer kb-...', 401),
  badKeyFormat: () => new KalshiBookError('invalid_api_key', "Invalid API key format. Keys must start with 'kb-'.", 401),
  invalidKey: () => new KalshiBookError('invalid_api_key', 'The provided API key is invalid or has been revoked.', 401),
  creditsExhausted: () =>
    new KalshiBookError(
      'credits_exhausted',
      'Monthly credit limit reached. Enable Pay-As-You-Go for continued access or upgrade to the Project plan at /billing/checkout.',
      429,
    ),
  marketNotFound: (ticker: string) =>
    new KalshiBookError('market_not_found', ticker ? `Market '${ticker}' not found.` : 'Market not found.', 404),
  noDataAvailable: (message: string) => new KalshiBookError('no_data_available', message, 404),
  eventNotFound: (eventTicker: string) =>
    new KalshiBookError('event_not_found', eventTicker ? `Event '${eventTicker}' not found.` : 'Event not found.', 404),
  settlementNotFound: (ticker: string) =>
    new KalshiBookError('settlement_not_found', `No settlement data found for market '${ticker}'.`, 404),
  /** src/api/errors.py ValidationError: handler-level 422s (bad cursor, interval, demo fields). */
  validation: (message: string) => new KalshiBookError('validation_error', message, 422),
};

export function envelope(code: string, message: string, status: number, requestId: string) {
  return { error: { code, message, status }, request_id: requestId };
}

/** Starlette's JSONResponse: compact JSON, `content-type: application/json`. */
export function jsonResponse(body: unknown, status = 200, headers: Record<string, string> = {}): Response {
  return new Response(JSON.stringify(body), {
    status,
    headers: { 'content-type': 'application/json', ...headers },
  });
}

export function internalErrorResponse(requestId: string): Response {
  return jsonResponse(envelope('internal_error', INTERNAL_ERROR_MESSAGE, 500, requestId), 500);
}
