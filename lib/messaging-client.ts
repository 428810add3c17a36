// The UI's side of the protocol without React: a BackgroundClient whose methods mirror ProtocolMap
// and always resolve to a Result: a background that cannot be reached becomes "not responding",
// anything else that goes wrong in between (a bug) the extension's "Something went wrong", and is
// logged. Kept apart from lib/client.tsx (the React context) so the popup's first module can send
// its first requests before React and the app have loaded.
import { toErrorData } from './api/errors';
import { describeError } from './log';
import { messenger, type ProtocolMap, type Result } from './messaging';

export type BackgroundClient = {
  [K in keyof ProtocolMap]: Parameters<ProtocolMap[K]>[0] extends undefined
    ? () => Promise<ReturnType<ProtocolMap[K]>>
    : (data: Parameters<ProtocolMap[K]>[0]) => Promise<ReturnType<ProtocolMap[K]>>;
};

/**
 * The message reached no listener, so nothing of it ran and it is safe to send again: Firefox's
 * event page was being suspended for idleness at that very moment (seen under load: "Could not
 * establish connection. Receiving end does not exist."). A second send wakes a new one.
 */
const NOT_DELIVERED = /receiving end does not exist|could not establish connection/i;
/**
 * How a browser says the background cannot be reached: not running and not waking, reloaded or
 * updated under the page, or stopped before it answered (Chrome's and Firefox's wordings).
 */
const UNREACHABLE = new RegExp(
  `${NOT_DELIVERED.source}|extension context invalidated|message port closed|message channel closed|message manager disconnected|destroyed before query|^no response$`,
  'i',
);
/** Waits before each new send of a message that reached no listener; then it is "not responding". */
const RESEND_DELAYS_MS = [50, 250, 1000];

const NOT_RESPONDING: Result<never> = {
  ok: false,
  error: { kind: 'extension', code: 'background_unavailable', message: 'The KalshiBook extension is not responding. Close this window and open it again.' },
};

function isResult(value: unknown): value is Result<unknown> {
  return typeof value === 'object' && value !== null && 'ok' in value && (value.ok === true ? 'data' in value : 'error' in value);
}

/** Anything else is a bug (a thrown handler, an answer that is not a Result): said so, and logged. */
function bug(type: keyof ProtocolMap, error: unknown): Result<never> {
  console.error(`KalshiBook: the ${type} message failed: ${describeError(error)}`);
  return { ok: false, error: toErrorData(error) };
}

async function send(type: keyof ProtocolMap, data?: unknown): Promise<Result<unknown>> {
  const sendMessage = messenger.sendMessage as (t: keyof ProtocolMap, d?: unknown) => Promise<unknown>;
  let answer: unknown;
  for (let attempt = 0; ; attempt++) {
    try {
      answer = await sendMessage(type, data);
      break;
    } catch (error) {
      const message = error instanceof Error ? error.message : '';
      if (attempt === RESEND_DELAYS_MS.length || !NOT_DELIVERED.test(message)) return UNREACHABLE.test(message) ? NOT_RESPONDING : bug(type, error);
      await new Promise((resolve) => setTimeout(resolve, RESEND_DELAYS_MS[attempt]));
    }
  }
  return isResult(answer) ? answer : bug(type, new Error('the answer is not a Result'));
}

/** Every method of the protocol, typed by ProtocolMap, with no list of names to keep in step. */
export function createMessagingClient(): BackgroundClient {
  const methods = new Map<string, (data?: unknown) => Promise<Result<unknown>>>();
  return new Proxy({} as BackgroundClient, {
    get: (_target, method) => {
      // Not a thenable, and nothing but method names.
      if (typeof method !== 'string' || method === 'then') return undefined;
      let fn = methods.get(method);
      if (!fn) methods.set(method, (fn = (data?: unknown) => send(method as keyof ProtocolMap, data)));
      return fn;
    },
  });
}
