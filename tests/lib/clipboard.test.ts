// The clipboard clear scheduler: after a full key was copied the clipboard is cleared after the time
// set in Settings; a newer copy restarts the wait; "Never" schedules nothing and cancels a pending
// clear; sign-out clears at once when a clear is pending, and leaves the clipboard alone otherwise.
// Firefox's way (an alarm wakes the event page) runs on the fake browser's alarms; Chrome's way
// runs the offscreen document's real timer code behind a fake offscreen API and runtime messaging.
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { fakeBrowser } from 'wxt/testing/fake-browser';
import { AlarmClipboardClearer, CLIPBOARD_ALARM, CLIPBOARD_WAKE_EARLY_MS, OffscreenClipboardClearer, type ClipboardClearer } from '@/lib/background/clipboard';
import { BackgroundService } from '@/lib/background/service';
import { CLEAR_SETTLE_MS, clearClipboard, createClearTimer, isOffscreenRequest, OFFSCREEN_TARGET } from '@/lib/offscreen/clipboard-timer';
import { defaultSettings, type ClipboardClearSeconds } from '@/lib/settings';
import { settingsItem } from '@/lib/storage';
import { createFakeServer } from '../helpers/fake-server';

const T0 = Date.UTC(2026, 2, 1, 12, 0, 0);

async function setClearAfter(seconds: ClipboardClearSeconds | number) {
  await settingsItem.setValue({ ...defaultSettings({}), apiBaseUrl: 'https://api.test', authUrl: 'https://auth.test', anonKey: 'anon', clipboardClearSeconds: seconds as ClipboardClearSeconds });
}

/** A service signed in on the fake server, with a controllable clock and the given clearer. */
async function signedInService(clearer: ClipboardClearer, clock: { now: number }) {
  const server = createFakeServer();
  server.addKey('default', 'dev');
  const service = new BackgroundService({ fetch: server.fetch, now: () => clock.now, clipboard: clearer });
  await service.signIn('ada@example.com', 'correct-horse');
  return service;
}

describe('Firefox: an alarm wakes the event page, which clears', () => {
  let clock: { now: number };
  let written: string[];
  let clearer: AlarmClipboardClearer;
  beforeEach(async () => {
    clock = { now: T0 };
    written = [];
    clearer = new AlarmClipboardClearer(async (text) => void written.push(text));
    await setClearAfter(60);
  });

  /** When the clear is due: the alarm wakes the event page CLIPBOARD_WAKE_EARLY_MS before. */
  const alarmTime = async () => {
    const alarm = await fakeBrowser.alarms.get(CLIPBOARD_ALARM);
    return alarm ? alarm.scheduledTime + CLIPBOARD_WAKE_EARLY_MS : null;
  };

  it('schedules the clear for the time in Settings (1 minute by default) and says so', async () => {
    const service = await signedInService(clearer, clock);
    await expect(service.keyCopied()).resolves.toEqual({ clearsInSeconds: 60 });
    expect(await alarmTime()).toBe(T0 + 60_000);
    await setClearAfter(30);
    await expect(service.keyCopied()).resolves.toEqual({ clearsInSeconds: 30 });
    expect(await alarmTime()).toBe(T0 + 30_000);
    expect(written).toEqual([]);
  });

  it('counts from the copy the page reports, not from when the message arrived; a time not from the last seconds is not trusted', async () => {
    const service = await signedInService(clearer, clock);
    // The event page was asleep: the message arrives 1.5 s after the copy.
    await service.keyCopied(T0 - 1500);
    expect(await alarmTime()).toBe(T0 - 1500 + 60_000);
    for (const odd of [T0 - 60_000, T0 + 5_000, Number.NaN]) {
      await service.keyCopied(odd);
      expect(await alarmTime()).toBe(T0 + 60_000);
    }
  });

  it('a stored setting that is not one of the choices falls back to 1 minute', async () => {
    const service = await signedInService(clearer, clock);
    await setClearAfter(45);
    await expect(service.keyCopied()).resolves.toEqual({ clearsInSeconds: 60 });
  });

  it('the alarm clears the clipboard, also in a new event page (the old one was suspended)', async () => {
    const service = await signedInService(clearer, clock);
    await service.keyCopied();
    // The event page was suspended; the alarm starts a fresh one, whose service handles it.
    const woken = new BackgroundService({ clipboard: new AlarmClipboardClearer(async (text) => void written.push(text)) });
    await woken.onAlarm(CLIPBOARD_ALARM);
    expect(written).toEqual(['']);
  });

  it('a newer copy restarts the wait', async () => {
    const service = await signedInService(clearer, clock);
    await service.keyCopied();
    clock.now = T0 + 20_000;
    await service.keyCopied();
    expect(await alarmTime()).toBe(T0 + 80_000);
  });

  it('"Never" schedules nothing, and a copy with "Never" cancels a clear still pending', async () => {
    const service = await signedInService(clearer, clock);
    await service.keyCopied();
    await setClearAfter(0);
    await expect(service.keyCopied()).resolves.toEqual({ clearsInSeconds: null });
    expect(await alarmTime()).toBeNull();
    expect(written).toEqual([]);
  });

  it('sign-out while a clear is pending clears at once and drops the alarm', async () => {
    const service = await signedInService(clearer, clock);
    await service.keyCopied();
    await service.signOut();
    expect(written).toEqual(['']);
    expect(await alarmTime()).toBeNull();
  });

  it('sign-out with nothing pending leaves the clipboard alone', async () => {
    const service = await signedInService(clearer, clock);
    await setClearAfter(0);
    await service.keyCopied();
    await service.signOut();
    expect(written).toEqual([]);
  });

  it('a clipboard that cannot be written neither throws from the alarm nor blocks sign-out', async () => {
    vi.spyOn(console, 'warn').mockImplementation(() => undefined);
    const failing = new AlarmClipboardClearer(async () => {
      throw new DOMException('Clipboard write was blocked', 'NotAllowedError');
    }, [1, 1]);
    const service = await signedInService(failing, clock);
    await service.keyCopied();
    await expect(service.onAlarm(CLIPBOARD_ALARM)).resolves.toBeUndefined();
    await service.keyCopied();
    await expect(service.signOut()).resolves.toMatchObject({ signedIn: false });
  });
});

/**
 * Chrome's offscreen API and messaging, with the offscreen document's real timer code behind it:
 * createDocument "loads" the document (a createClearTimer), sendMessage reaches it while open.
 */
function fakeOffscreen() {
  const cleared: number[] = [];
  const calls: string[] = [];
  let doc: ReturnType<typeof createClearTimer> | null = null;
  const offscreen = {
    createDocument: vi.fn(async (params: { url: string; reasons: string[] }) => {
      calls.push(`create ${params.url} ${params.reasons.join()}`);
      if (doc) throw new Error('Only a single offscreen document may be created.');
      doc = createClearTimer({
        clear: () => {
          cleared.push(Date.now());
          return true;
        },
        onDone: () => {
          calls.push('document closed itself');
          doc = null;
        },
      });
    }),
    closeDocument: vi.fn(async () => {
      calls.push('close');
      if (!doc) throw new Error('No current offscreen document.');
      doc = null;
    }),
  };
  Object.defineProperty(fakeBrowser, 'offscreen', { configurable: true, value: offscreen });
  vi.spyOn(fakeBrowser.runtime, 'sendMessage').mockImplementation((async (message: unknown) => {
    if (!doc) throw new Error('Could not establish connection. Receiving end does not exist.');
    if (!isOffscreenRequest(message)) return undefined;
    calls.push(message.kind);
    return doc.handle(message);
  }) as never);
  return { cleared, calls, isOpen: () => doc !== null, pending: () => doc?.pending() ?? false };
}

describe('Chrome: an offscreen document keeps the timer', () => {
  let off: ReturnType<typeof fakeOffscreen>;
  beforeEach(async () => {
    vi.useFakeTimers({ now: T0, toFake: ['setTimeout', 'clearTimeout', 'Date'] });
    off = fakeOffscreen();
    await setClearAfter(30);
  });
  afterEach(() => {
    vi.restoreAllMocks();
    delete (fakeBrowser as unknown as Record<string, unknown>).offscreen;
  });

  const service = () => new BackgroundService({ clipboard: new OffscreenClipboardClearer(1) });

  it('opens the document (reason CLIPBOARD) and clears when the time is up, with no service worker involved', async () => {
    await expect(service().keyCopied()).resolves.toEqual({ clearsInSeconds: 30 });
    expect(off.calls).toEqual(['create offscreen.html CLIPBOARD', 'schedule']);
    // The worker is gone now; only the document's timer runs.
    await vi.advanceTimersByTimeAsync(29_999);
    expect(off.cleared).toEqual([]);
    await vi.advanceTimersByTimeAsync(1);
    expect(off.cleared).toEqual([T0 + 30_000]);
    // The document stays while the write settles, then closes itself.
    expect(off.isOpen()).toBe(true);
    await vi.advanceTimersByTimeAsync(CLEAR_SETTLE_MS);
    expect(off.isOpen()).toBe(false);
  });

  it('a newer copy (from a restarted worker) restarts the wait in the same document', async () => {
    await service().keyCopied();
    await vi.advanceTimersByTimeAsync(20_000);
    await service().keyCopied();
    await vi.advanceTimersByTimeAsync(15_000);
    expect(off.cleared).toEqual([]);
    await vi.advanceTimersByTimeAsync(15_000);
    expect(off.cleared).toEqual([T0 + 50_000]);
    expect(off.calls.filter((c) => c.startsWith('create'))).toHaveLength(2);
  });

  it('"Never" cancels a pending clear and closes the document; with none open it opens nothing', async () => {
    const s = service();
    await s.keyCopied();
    await setClearAfter(0);
    await expect(s.keyCopied()).resolves.toEqual({ clearsInSeconds: null });
    expect(off.isOpen()).toBe(false);
    await vi.advanceTimersByTimeAsync(60_000);
    expect(off.cleared).toEqual([]);
    await s.keyCopied();
    expect(off.calls.filter((c) => c.startsWith('create'))).toHaveLength(1);
  });

  it('flush (sign-out) with a pending clear clears at once; without one it opens no document', async () => {
    const clearer = new OffscreenClipboardClearer(1);
    await new BackgroundService({ clipboard: clearer }).keyCopied();
    await expect(clearer.flush()).resolves.toBe('cleared');
    expect(off.cleared).toEqual([T0]);
    // Not closed from the background (that could lose the write): it closes itself once settled.
    expect(off.calls).not.toContain('close');
    await vi.advanceTimersByTimeAsync(CLEAR_SETTLE_MS);
    expect(off.isOpen()).toBe(false);
    await expect(clearer.flush()).resolves.toBe('none');
    expect(off.calls.filter((c) => c.startsWith('create'))).toHaveLength(1);
    expect(off.cleared).toEqual([T0]);
  });

  it('after the document closed itself, the next copy opens a new one', async () => {
    const clearer = new OffscreenClipboardClearer(1);
    await clearer.schedule(T0 + 1000);
    await vi.advanceTimersByTimeAsync(1000 + CLEAR_SETTLE_MS);
    expect(off.isOpen()).toBe(false);
    await clearer.schedule(T0 + 31_000);
    expect(off.pending()).toBe(true);
  });

  it('gives up with a message when the document never answers', async () => {
    vi.spyOn(fakeBrowser.runtime, 'sendMessage').mockRejectedValue(new Error('Could not establish connection. Receiving end does not exist.'));
    const run = new OffscreenClipboardClearer(1).schedule(T0 + 30_000);
    const check = expect(run).rejects.toThrow('The clipboard could not be set to clear itself.');
    await vi.advanceTimersByTimeAsync(100);
    await check;
  });
});

describe('the offscreen document', () => {
  it('accepts only its own requests', () => {
    expect(isOffscreenRequest({ target: OFFSCREEN_TARGET, kind: 'schedule', at: 1 })).toBe(true);
    expect(isOffscreenRequest({ target: OFFSCREEN_TARGET, kind: 'flush' })).toBe(true);
    for (const other of [null, 'x', { type: 'listKeys', timestamp: 1 }, { target: OFFSCREEN_TARGET, kind: 'schedule' }, { target: OFFSCREEN_TARGET, kind: 'schedule', at: Number.NaN }, { target: 'other', kind: 'flush' }]) {
      expect(isOffscreenRequest(other)).toBe(false);
    }
  });

  it('empties the clipboard through a copy event that sets text/plain to ""', () => {
    const listeners = new Set<(e: unknown) => void>();
    const setData = vi.fn();
    const preventDefault = vi.fn();
    const doc = {
      addEventListener: (_type: string, l: (e: unknown) => void) => listeners.add(l),
      removeEventListener: (_type: string, l: (e: unknown) => void) => listeners.delete(l),
      execCommand: vi.fn((command: string) => {
        for (const l of listeners) l({ clipboardData: { setData }, preventDefault });
        return command === 'copy';
      }),
    } as unknown as Document;
    expect(clearClipboard(doc)).toBe(true);
    expect(setData).toHaveBeenCalledWith('text/plain', '');
    expect(preventDefault).toHaveBeenCalled();
    expect(listeners.size).toBe(0);
  });
});
