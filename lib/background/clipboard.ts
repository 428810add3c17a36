// Clearing the clipboard after the extension copied a full key (any format, never a prefix). The
// page copies; it then tells the background, which schedules the clear for the time set in
// Settings ("Clear clipboard after copying a key"). A newer copy restarts the wait; "Never"
// cancels a pending clear. Like password managers, the clear is unconditional (the extension
// cannot read the clipboard, and does not ask to).
//
// A timer in the service worker / event page dies when the browser stops it, so:
// - Chrome: an offscreen document (reason CLIPBOARD) keeps the timer and clears with
//   execCommand('copy'); it closes itself once the clear took (never right after the command:
//   see lib/offscreen/clipboard-timer.ts), or after every try failed.
// - Firefox: an alarm wakes the event page, which clears with navigator.clipboard.writeText('')
//   (allowed without a user gesture by the `clipboardWrite` permission).
// Either way a failed try is tried again a few times (CLEAR_RETRY_DELAYS_MS) and a clear that
// never took is reported as 'failed', never as done.
//
// Sign-out clears at once when a clear is pending: the clipboard then still holds a key of the
// account that just signed out. With nothing pending (already cleared, or "Never"), the clipboard
// is left alone — it may hold anything the user copied since.
import { browser } from 'wxt/browser';
import { DEFAULT_CLIPBOARD_CLEAR_SECONDS, isClipboardClearSeconds } from '../settings';
import { CLEAR_RETRY_DELAYS_MS, isOffscreenReply, OFFSCREEN_TARGET, type OffscreenReply, type OffscreenRequest } from '../offscreen/clipboard-timer';
import type { ServiceContext } from './context';

export const CLIPBOARD_ALARM = 'kb-clipboard-clear';
export const OFFSCREEN_PATH = 'offscreen.html';
/** How far back a page's copy time is believed (older or future times: the message's arrival counts). */
export const COPIED_AT_TRUST_MS = 10_000;
/** Firefox: the alarm wakes the event page this long before the clear is due (see AlarmClipboardClearer). */
export const CLIPBOARD_WAKE_EARLY_MS = 2_000;
/** Firefox: a second alarm, this long after the clear is due, clears if the woken page did not (see AlarmClipboardClearer). */
export const CLIPBOARD_BACKSTOP_ALARM = 'kb-clipboard-clear-backstop';
export const CLIPBOARD_BACKSTOP_MS = 1_000;

/** How a browser clears the clipboard later. */
export interface ClipboardClearer {
  /** Clear at `at` (epoch ms), replacing a pending clear. */
  schedule(at: number): Promise<void>;
  /** Forget a pending clear. */
  cancel(): Promise<void>;
  /** Clear now if a clear is pending: 'none' when none was, else whether the clear took. */
  flush(): Promise<FlushOutcome>;
  /** Alarms this clearer owns (Firefox); `scheduledTime` is the alarm's. */
  onAlarm?(name: string, scheduledTime?: number): Promise<boolean>;
}

export type FlushOutcome = 'none' | 'cleared' | 'failed';

const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

/** Nothing to tell anyone when a clear never took (the popup is long closed): a warning, never the key. */
function warnNotCleared(): void {
  console.warn('KalshiBook: the clipboard could not be cleared.');
}

export class ClipboardFeature {
  constructor(
    private readonly ctx: ServiceContext,
    private readonly clearer: ClipboardClearer = clearerForThisBrowser(),
  ) {}

  /**
   * A page copied a full key at `copiedAt` (the page's clock, which is this machine's): schedule
   * the clear that long after the copy, not after this message arrived — a background that had to
   * wake up first (Firefox's suspended event page, a stopped worker) gets it a second or more
   * later. A time that is not from the last few seconds is not trusted. `null`: "Never".
   */
  async keyCopied(copiedAt?: number): Promise<{ clearsInSeconds: number | null }> {
    const stored = (await this.ctx.settings()).clipboardClearSeconds;
    const seconds = isClipboardClearSeconds(stored) ? stored : DEFAULT_CLIPBOARD_CLEAR_SECONDS;
    if (seconds === 0) {
      await this.clearer.cancel();
      return { clearsInSeconds: null };
    }
    const now = this.ctx.now();
    const from = typeof copiedAt === 'number' && Number.isFinite(copiedAt) && copiedAt <= now && copiedAt >= now - COPIED_AT_TRUST_MS ? copiedAt : now;
    await this.clearer.schedule(from + seconds * 1000);
    return { clearsInSeconds: seconds };
  }

  onAlarm(name: string, scheduledTime?: number): Promise<boolean> {
    return this.clearer.onAlarm?.(name, scheduledTime) ?? Promise.resolve(false);
  }

  /** Never fails the sign-out: a clipboard that cannot be cleared must not keep anyone signed in. */
  async afterSignOut(): Promise<void> {
    await this.clearer.flush().catch(() => 'failed' as const);
  }
}

export function clearerForThisBrowser(): ClipboardClearer {
  return import.meta.env.BROWSER === 'firefox' ? new AlarmClipboardClearer() : new OffscreenClipboardClearer();
}

/**
 * Firefox: an alarm wakes the event page shortly before the time; the page waits for it and writes
 * an empty string. A backstop alarm just after the time clears if that did not happen: Firefox may
 * suspend the event page while it waits (its keep-alive ping came late on a busy machine), or a
 * sign-out in those seconds found no alarm pending. It is removed once the clear took.
 */
export class AlarmClipboardClearer implements ClipboardClearer {
  constructor(
    private readonly writeText: (text: string) => Promise<void> = (text) => navigator.clipboard.writeText(text),
    private readonly retryDelaysMs: readonly number[] = CLEAR_RETRY_DELAYS_MS,
  ) {}

  /** Bumped by every schedule, cancel and flush: a clear waiting for its time checks it is still the one. */
  private epoch = 0;

  /**
   * The alarm wakes the event page CLIPBOARD_WAKE_EARLY_MS before the time: starting a suspended
   * event page takes a moment (seconds on a busy machine), and the clear then waits for the time
   * itself in the running page. Its scheduled time tells a woken page when the clear is due.
   */
  async schedule(at: number): Promise<void> {
    this.epoch++;
    await browser.alarms.create(CLIPBOARD_ALARM, { when: at - CLIPBOARD_WAKE_EARLY_MS });
    await browser.alarms.create(CLIPBOARD_BACKSTOP_ALARM, { when: at + CLIPBOARD_BACKSTOP_MS });
  }

  async cancel(): Promise<void> {
    this.epoch++;
    await this.dropAlarms();
  }

  async flush(): Promise<FlushOutcome> {
    this.epoch++;
    if (!(await this.dropAlarms())) return 'none';
    return (await this.clear()) ? 'cleared' : 'failed';
  }

  /** Both alarms gone; true if either was pending (a clear was due and had not taken). */
  private async dropAlarms(): Promise<boolean> {
    const [early, backstop] = await Promise.all([browser.alarms.clear(CLIPBOARD_ALARM), browser.alarms.clear(CLIPBOARD_BACKSTOP_ALARM)]);
    return early || backstop;
  }

  /** `scheduledTime`: the alarm's, CLIPBOARD_WAKE_EARLY_MS before the clear is due (none: clear now). */
  async onAlarm(name: string, scheduledTime?: number): Promise<boolean> {
    if (name === CLIPBOARD_BACKSTOP_ALARM) {
      await this.clear(); // the woken page did not clear (or is still trying: a second empty write)
      return true;
    }
    if (name !== CLIPBOARD_ALARM) return false;
    const epoch = this.epoch;
    if (scheduledTime !== undefined) {
      await sleep(Math.max(0, scheduledTime + CLIPBOARD_WAKE_EARLY_MS - Date.now()));
      // A newer copy (a new alarm) or "Never" / sign-out meanwhile: this clear is not the one.
      if (epoch !== this.epoch || (await browser.alarms.get(CLIPBOARD_ALARM))) return true;
    }
    // Cleared (or every try failed, and said so): the backstop has nothing left to do.
    await this.clear();
    if (epoch === this.epoch) await browser.alarms.clear(CLIPBOARD_BACKSTOP_ALARM);
    return true;
  }

  /**
   * writeText('') until it resolves, a few tries apart; never throws into the alarm listener.
   * The listener's promise keeps the event page up meanwhile (background.ts, whileWorking).
   */
  private async clear(): Promise<boolean> {
    for (let tries = 1; ; tries++) {
      try {
        await this.writeText('');
        return true;
      } catch {
        if (tries > this.retryDelaysMs.length) break;
        await sleep(this.retryDelaysMs[tries - 1]!);
      }
    }
    warnNotCleared();
    return false;
  }
}

const NO_DOCUMENT = /receiving end does not exist|could not establish connection/i;

/** Chrome: the offscreen document keeps the timer (see lib/offscreen/clipboard-timer.ts). */
export class OffscreenClipboardClearer implements ClipboardClearer {
  /** Requests run one after another: a cancel's close must not race the next schedule's open. */
  private queue: Promise<unknown> = Promise.resolve();

  constructor(private readonly retryDelayMs = 100) {}

  schedule(at: number): Promise<void> {
    return this.serial(async () => {
      await this.send({ target: OFFSCREEN_TARGET, kind: 'schedule', at }, { open: true });
    });
  }

  cancel(): Promise<void> {
    return this.serial(async () => {
      // Close only a document that was waiting: one settling after a clear closes itself.
      const reply = await this.send({ target: OFFSCREEN_TARGET, kind: 'cancel' }, { open: false });
      if (reply?.pending) await this.close();
    });
  }

  /**
   * The document answers once the clear took or every try failed, and then closes itself (after a
   * clear only when the write has settled): closing it from here could lose the write.
   */
  flush(): Promise<FlushOutcome> {
    return this.serial(async () => {
      const reply = await this.send({ target: OFFSCREEN_TARGET, kind: 'flush' }, { open: false });
      if (!reply?.pending) return 'none';
      if (!reply.cleared) warnNotCleared();
      return reply.cleared ? 'cleared' : 'failed';
    });
  }

  private serial<T>(fn: () => Promise<T>): Promise<T> {
    const run = this.queue.then(fn);
    this.queue = run.catch(() => undefined);
    return run;
  }

  /**
   * Sends a request to the document, opening it first when `open`. Without a document (or one
   * that is just closing itself after a clear) there is nothing pending: `null`, or with `open`,
   * a few more tries before giving up.
   */
  private async send(request: OffscreenRequest, { open }: { open: boolean }): Promise<OffscreenReply | null> {
    for (let attempt = 1; ; attempt++) {
      if (open) await this.open();
      try {
        const reply: unknown = await browser.runtime.sendMessage(request);
        if (isOffscreenReply(reply)) return reply;
      } catch (error) {
        if (!(error instanceof Error && NO_DOCUMENT.test(error.message))) throw error;
      }
      if (!open) return null;
      if (attempt >= 5) throw new Error('The clipboard could not be set to clear itself.');
      await new Promise((resolve) => setTimeout(resolve, this.retryDelayMs));
    }
  }

  private async open(): Promise<void> {
    try {
      await browser.offscreen.createDocument({
        url: OFFSCREEN_PATH,
        reasons: ['CLIPBOARD'],
        justification: 'Clears an API key from the clipboard after the time set in the extension’s settings.',
      });
    } catch (error) {
      // One offscreen document per extension: it is already open, which is what we want.
      if (!(error instanceof Error && /single offscreen document/i.test(error.message))) throw error;
    }
  }

  private async close(): Promise<void> {
    await browser.offscreen.closeDocument().catch(() => undefined);
  }
}
