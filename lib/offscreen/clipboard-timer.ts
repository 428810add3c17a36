// The timer of Chrome's offscreen document (entrypoints/offscreen): a service worker's timers die
// with it, a document's do not. The background tells the document when to clear the clipboard;
// the document waits, clears, makes sure the clear took, and only then closes itself. Offscreen
// documents can use only runtime messaging, so this is the whole protocol. No key ever passes
// through here.
//
// Why the document does not close right after the clear (docs/clipboard-and-freshness.md): the
// renderer hands the new clipboard contents to the browser process, which writes them a moment
// later, and that write belongs to the document. A document that calls window.close() in the same
// task as execCommand('copy') loses the write now and then (4 of 15 quick tries in Chromium 156
// under a real X display): the key stayed on the clipboard although the copy "succeeded".

export const OFFSCREEN_TARGET = 'kb-offscreen-clipboard';

/** Waits between tries when the copy command fails (then the clear is given up). */
export const CLEAR_RETRY_DELAYS_MS: readonly number[] = [250, 500, 1000, 2000, 4000];
/** How long the document stays after a clear that took, before it closes itself. */
export const CLEAR_SETTLE_MS = 2000;

export type OffscreenRequest =
  /** Clear at `at` (epoch ms), replacing any earlier time: a newer copy restarts the wait. */
  | { target: typeof OFFSCREEN_TARGET; kind: 'schedule'; at: number }
  /** Forget a pending clear (the user chose "Never" and copied again). */
  | { target: typeof OFFSCREEN_TARGET; kind: 'cancel' }
  /** Clear now if a clear is pending (sign-out); the answer comes once the clear took or was given up. */
  | { target: typeof OFFSCREEN_TARGET; kind: 'flush' };

export interface OffscreenReply {
  target: typeof OFFSCREEN_TARGET;
  /** Whether a clear was pending when the request arrived. */
  pending: boolean;
  /** Whether the clipboard was cleared while answering (flush): false when every try failed. */
  cleared: boolean;
}

export type ClearOutcome = 'cleared' | 'failed';

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
 * the data works, also for an empty string. True only when the command says it ran AND our
 * listener set the data: a copy that ran without our listener would have copied the (empty)
 * selection's default, which is not a verified clear.
 */
export function clearClipboard(doc: Document = document): boolean {
  let wrote = false;
  const onCopy = (event: ClipboardEvent) => {
    if (!event.clipboardData) return;
    event.clipboardData.setData('text/plain', '');
    event.preventDefault();
    wrote = true;
  };
  doc.addEventListener('copy', onCopy);
  try {
    return doc.execCommand('copy') && wrote;
  } catch {
    return false;
  } finally {
    doc.removeEventListener('copy', onCopy);
  }
}

export interface ClearTimerOptions {
  /** One try at clearing; true when it verifiably took. */
  clear: () => boolean;
  now?: () => number;
  /** Nothing is pending any more: after a clear that took (and settled), or after every try failed. */
  onDone?: (outcome: ClearOutcome) => void;
  retryDelaysMs?: readonly number[];
  settleMs?: number;
}

type State =
  | { kind: 'idle' }
  /** Waiting for the time of the clear. */
  | { kind: 'waiting' }
  /** The time came; tries are under way (the next one after a timeout). */
  | { kind: 'clearing'; waiters: ((cleared: boolean) => void)[] }
  /** A clear took: the document stays a moment before it is done. */
  | { kind: 'settling' };

/**
 * One pending clear at most; `handle` answers the background's requests. A clear is tried, and
 * tried again after each of `retryDelaysMs` while the copy command fails; a clear that took keeps
 * the document `settleMs` longer before `onDone('cleared')`; when every try failed, `onDone('failed')`.
 */
export function createClearTimer({ clear, now = Date.now, onDone, retryDelaysMs = CLEAR_RETRY_DELAYS_MS, settleMs = CLEAR_SETTLE_MS }: ClearTimerOptions) {
  let state: State = { kind: 'idle' };
  let timer: ReturnType<typeof setTimeout> | null = null;

  const after = (ms: number, fn: () => void) => {
    if (timer !== null) clearTimeout(timer);
    timer = setTimeout(() => {
      timer = null;
      fn();
    }, ms);
  };

  /** Stops whatever runs; true when a clear was still to happen (waiting, or tries under way). */
  const stop = (): boolean => {
    if (timer !== null) clearTimeout(timer);
    timer = null;
    const previous = state;
    state = { kind: 'idle' };
    if (previous.kind === 'clearing') for (const resolve of previous.waiters) resolve(false);
    return previous.kind === 'waiting' || previous.kind === 'clearing';
  };

  const finish = (outcome: ClearOutcome, waiters: ((cleared: boolean) => void)[]) => {
    for (const resolve of waiters) resolve(outcome === 'cleared');
    if (outcome === 'failed') {
      state = { kind: 'idle' };
      onDone?.('failed');
      return;
    }
    state = { kind: 'settling' };
    after(settleMs, () => {
      state = { kind: 'idle' };
      onDone?.('cleared');
    });
  };

  const attempt = (tries: number, waiters: ((cleared: boolean) => void)[]) => {
    state = { kind: 'clearing', waiters };
    if (clear()) return finish('cleared', waiters);
    if (tries > retryDelaysMs.length) return finish('failed', waiters);
    after(retryDelaysMs[tries - 1]!, () => {
      if (state.kind === 'clearing') attempt(tries + 1, state.waiters);
    });
  };

  const reply = (pending: boolean, cleared = false): OffscreenReply => ({ target: OFFSCREEN_TARGET, pending, cleared });

  return {
    /** Whether a clear is still to happen (not counting the moment a finished one settles). */
    pending: () => state.kind === 'waiting' || state.kind === 'clearing',
    handle(request: OffscreenRequest): OffscreenReply | Promise<OffscreenReply> {
      switch (request.kind) {
        case 'schedule': {
          const pending = stop();
          state = { kind: 'waiting' };
          after(Math.max(0, request.at - now()), () => attempt(1, []));
          return reply(pending);
        }
        case 'cancel':
          // A clear that took is settling: nothing to cancel, and the document must still close.
          if (state.kind === 'settling') return reply(false);
          return reply(stop());
        case 'flush': {
          if (state.kind === 'clearing') {
            const { waiters } = state;
            return new Promise((resolve) => waiters.push((cleared) => resolve(reply(true, cleared))));
          }
          if (state.kind !== 'waiting') return reply(false);
          stop();
          return new Promise((resolve) => attempt(1, [(cleared) => resolve(reply(true, cleared))]));
        }
      }
    },
  };
}
