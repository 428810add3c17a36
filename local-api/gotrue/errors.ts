/** GoTrue's error responses (internal/api/apierrors, errors.go). */

export class GoTrueError extends Error {
  constructor(
    readonly status: number,
    readonly errorCode: string,
    readonly msg: string,
    readonly extra: Record<string, unknown> = {},
  ) {
    super(msg);
  }
}

export const badRequest = (code: string, msg: string) => new GoTrueError(400, code, msg);
export const forbidden = (code: string, msg: string) => new GoTrueError(403, code, msg);
export const unprocessable = (code: string, msg: string) => new GoTrueError(422, code, msg);

/**
 * Renders an error. Clients that send `X-Supabase-Api-Version: 2024-01-01` or later (supabase-js
 * does) get `{code, message}`; others get the original `{code, error_code, msg}`.
 */
export function goTrueErrorResponse(err: GoTrueError, apiVersionHeader: string | undefined): Response {
  const modern = apiVersionHeader !== undefined && /^\d{4}-\d{2}-\d{2}$/.test(apiVersionHeader) && apiVersionHeader >= '2024-01-01';
  const body = modern
    ? { code: err.errorCode, message: err.msg, ...err.extra }
    : { code: err.status, error_code: err.errorCode, msg: err.msg, ...err.extra };
  const headers: Record<string, string> = { 'content-type': 'application/json' };
  if (!modern) headers['x-sb-error-code'] = err.errorCode;
  return new Response(JSON.stringify(body), { status: err.status, headers });
}
