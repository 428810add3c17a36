// Clearing the clipboard after the extension copied a full key (any format, never a prefix). The
// page copies; it then tells the background, which schedules the clear for the time set in
// Settings ("Clear clipboard after copying a key"). A newer copy restarts the wait; "Never"
// cancels a pending clear. Like password managers, the clear is unconditional (the extension
// cannot read the clipboard, and does not ask to).
//
// A timer in the service worker / event page dies when the browser stops it, so:
// - Chrome: an offscreen document (reason CLIPBOARD) keeps the timer and clears with
//   execCommand('copy'); it closes itself afterwards.
// - Firefox: an alarm wakes the event page, which clears with navigator.clipboard.writeText('')
//   (allowed without a user gesture by the `clipboardWrite` permission).
//
// Sign-out clears at once when a clear is pending: the clipboard then still holds a key of the
// account that just signed out. With nothing pending (already cleared, or "Never"), the clipboard
// is left alone — it may hold anything the user copied since.
import { browser } from 'wxt/browser';
import { DEFAULT_CLIPBOARD_CLEAR_SECONDS, isClipboardClearSeconds } from '../settings';
import { isOffscreenReply, OFFSCREEN_TARGET, type OffscreenReply, type OffscreenRequest } from '../offscreen/clipboard-timer';
import type { ServiceContext } from './context';

export const CLIPBOARD_ALARM = 'kb-clipboard-clear';
export const OFFSCREEN_PATH = 'offscreen.html';

/** How a browser clears the clipboard later. */
export interface ClipboardClearer {
  /** Clear at `at` (epoch ms), replacing a pending clear. */
  schedule(at: number): Promise<void>;
  /** Forget a pending clear. */
  cancel(): Promise<void>;
  /** Clear now if a clear is pending; true when one was. */
  flush(): Promise<boolean>;
  /** Alarms this clearer owns (Firefox). */
  onAlarm?(name: string): Promise<boolean>;
}

export class ClipboardFeature {
  constructor(
    private readonly ctx: ServiceContext,
    private readonly clearer: ClipboardClearer = clearerForThisBrowser(),
  ) {}

  /** A page copied a full key: schedule the clear. `null`: the setting is "Never". */
  async keyCopied(): Promise<{ clearsInSeconds: number | null }> {
    const stored = (await this.ctx.settings()).clipboardClearSeconds;
    const seconds = isClipboardClearSeconds(stored) ? stored : DEFAULT_CLIPBOARD_CLEAR_SECONDS;
    if (seconds === 0) {
      await this.clearer.cancel();
      return { clearsInSeconds: null };
    }
    await this.clearer.schedule(this.ctx.now() + seconds * 1000);
    return { clearsInSeconds: seconds };
  }

  onAlarm(name: string): Promise<boolean> {
    return this.clearer.onAlarm?.(name) ?? Promise.resolve(false);
  }

  /** Never fails the sign-out: a clipboard that cannot be cleared must not keep anyone signed in. */
  async afterSignOut(): Promise<void> {
    await this.clearer.flush().catch(() => false);
  }
}

export function clearerForThisBrowser(): ClipboardClearer {
  return import.meta.env.BROWSER === 'firefox' ? new AlarmClipboardClearer() : new OffscreenClipboardClearer();
}

/** Firefox: an alarm wakes the event page at the time; the page writes an empty string. */
export class AlarmClipboardClearer implements ClipboardClearer {
  constructor(private readonly writeText: (text: string) => Promise<void> = (text) => navigator.clipboard.writeText(text)) {}

  async schedule(at: number): Promise<void> {
    await browser.alarms.create(CLIPBOARD_ALARM, { when: at });
  }

  async cancel(): Promise<void> {
    await browser.alarms.clear(CLIPBOARD_ALARM);
  }

  async flush(): Promise<boolean> {
    const pending = await browser.alarms.clear(CLIPBOARD_ALARM);
    if (pending) await this.clear();
    return pending;
  }

  async onAlarm(name: string): Promise<boolean> {
    if (name !== CLIPBOARD_ALARM) return false;
    await this.clear();
    return true;
  }

  private async clear(): Promise<void> {
    // Nothing to tell anyone if this fails (the popup is long closed); it must not throw into the
    // alarm listener either.
    await this.writeText('').catch(() => undefined);
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
      if (await this.send({ target: OFFSCREEN_TARGET, kind: 'cancel' }, { open: false })) await this.close();
    });
  }

  flush(): Promise<boolean> {
    return this.serial(async () => {
      const reply = await this.send({ target: OFFSCREEN_TARGET, kind: 'flush' }, { open: false });
      if (reply) await this.close();
      return reply?.pending ?? false;
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
