// The UI's side of the protocol without React: a BackgroundClient whose methods mirror ProtocolMap
// and always resolve to a Result (a background that cannot be reached becomes a typed error too).
// Kept apart from lib/client.tsx (the React context) so the popup's first module can send its
// first requests before React and the app have loaded.
import { messenger, type ProtocolMap, type Result } from './messaging';

export type BackgroundClient = {
  [K in keyof ProtocolMap]: Parameters<ProtocolMap[K]>[0] extends undefined
    ? () => Promise<ReturnType<ProtocolMap[K]>>
    : (data: Parameters<ProtocolMap[K]>[0]) => Promise<ReturnType<ProtocolMap[K]>>;
};

async function send(type: keyof ProtocolMap, data?: unknown): Promise<Result<unknown>> {
  try {
    const send = messenger.sendMessage as (t: keyof ProtocolMap, d?: unknown) => Promise<Result<unknown> | undefined>;
    const result = await send(type, data);
    if (result && typeof result === 'object' && 'ok' in result) return result;
  } catch {
    // fall through
  }
  return {
    ok: false,
    error: { kind: 'extension', code: 'background_unavailable', message: 'The KalshiBook extension is not responding. Close this window and open it again.' },
  };
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
