// Short log lines for failures that no page shows (an alarm, a notification click, a message the
// protocol did not expect). Secret-free by construction: only an error's kind, code and message
// are written, cut to 200 characters, never the error object, its data, a key or a token.
import { ApiError } from './api/errors';

const MAX_MESSAGE = 200;

/** `kind/code: message` for an ApiError, `Name: message` for anything else. */
export function describeError(error: unknown): string {
  const text =
    error instanceof ApiError
      ? `${error.kind}/${error.code}: ${error.message}`
      : error instanceof Error
        ? `${error.name}: ${error.message}`
        : typeof error === 'string'
          ? error
          : 'a non-Error value was thrown';
  return text.length > MAX_MESSAGE ? `${text.slice(0, MAX_MESSAGE)}…` : text;
}

/** console.warn(`KalshiBook: <what> failed: <error>`). */
export function warnFailure(what: string, error: unknown): void {
  console.warn(`KalshiBook: ${what} failed: ${describeError(error)}`);
}
