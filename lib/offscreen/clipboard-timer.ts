// The timer of Chrome's offscreen document (entrypoints/offscreen): a service worker's timers die
// with it, a document's do not. The background tells the document when to clear the clipboard;
// the document waits, clears and closes itself. Offscreen documents can use only runtime
// messaging, so this is the whole protocol. No key ever passes through here.

export const OFFSCREEN_TARGET = 'kb-offscreen-clipboard';

export type OffscreenRequest =
  /** Clear at `at` (epoch ms), replacing any earlier time: a newer copy restarts the wait. */
  | { target: typeof OFFSCREEN_TARGET; kind: 'schedule'; at: number }
  /** Forget a pending clear (the user chose "Never" and copied again). */
  | { target: typeof OFFSCREEN_TARGET; kind: 'cancel' }
  /** Clear now if a clear is pending (sign-out). */
  | { target: typeof OFFSCREEN_TARGET; kind: 'flush' };

export interface OffscreenReply {
  target: typeof OFFSCREEN_TARGET;
  /** Whether a clear was pending when the request arrived. */
  pending: boolean;
  /** Whether the clipboard was cleared while answering (flush). */
  cleared: boolean;
}

export function isOffscreenRequest(message: unknown): message is OffscreenRequest {
  if (typeof message !== 'object' || message === null) return false;
  const m = message as Record<string, unknown>;
  if (m.target !== OFFSCREEN_TARGET) return false;
  if (m.kind === 'schedule') return typeof m.at === 'number' && Number.isFinite(m.at);
  return m.kind === 'cancel' || m.kind === 'flush';
}

export function isOffscreenReply(message: unknown): message is OffscreenReply {
  return typeof message === 'object' && message !== null && (message as Record<string, unknown>).target === OFFSCREEN_TARGET && typeof (message as Record<string, unknown>).pending === 'boolean';
}

/**
 * Empties the clipboard from a document that cannot be focused: `navigator.clipboard.writeText`
 * fails there ("Document is not focused"); `execCommand('copy')` with a `copy` listener that sets
 * the data works, also for an empty string.
 */
export function clearClipboard(doc: Document = document): boolean {
  const onCopy = (event: ClipboardEvent) => {
    event.clipboardData?.setData('text/plain', '');
    event.preventDefault();
  };
  doc.addEventListener('copy', onCopy);
  try {
    return doc.execCommand('copy');
  } catch {
    return false;
  } finally {
    doc.removeEventListener('copy', onCopy);
  }
}

export interface ClearTimerOptions {
  clear: () => boolean;
  now?: () => number;
  /** Called when nothing is pending any more after a clear: the document closes itself. */
  onDone?: () => void;
}

/** One pending clear at most; `handle` answers the background's requests. */
export function createClearTimer({ clear, now = Date.now, onDone }: ClearTimerOptions) {
  let timer: ReturnType<typeof setTimeout> | null = null;

  const stop = (): boolean => {
    if (timer === null) return false;
    clearTimeout(timer);
    timer = null;
    return true;
  };

  const fire = () => {
    timer = null;
    clear();
    onDone?.();
  };

  return {
    pending: () => timer !== null,
    handle(request: OffscreenRequest): OffscreenReply {
      const reply = (pending: boolean, cleared = false): OffscreenReply => ({ target: OFFSCREEN_TARGET, pending, cleared });
      switch (request.kind) {
        case 'schedule': {
          const pending = stop();
          timer = setTimeout(fire, Math.max(0, request.at - now()));
          return reply(pending);
        }
        case 'cancel':
          return reply(stop());
        case 'flush': {
          const pending = stop();
          return reply(pending, pending ? clear() : false);
        }
      }
    },
  };
}
