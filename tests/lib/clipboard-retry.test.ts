// The clipboard clear is verified and retried: the offscreen document's copy command must report
// success AND run our copy listener, a failed try is tried again a few times, the document stays
// until a clear took (and settled) and only then closes; a clear that never took is reported as
// 'failed', never as done. The same for Firefox's writeText('').
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { fakeBrowser } from 'wxt/testing/fake-browser';
import { AlarmClipboardClearer, CLIPBOARD_ALARM, CLIPBOARD_BACKSTOP_ALARM, CLIPBOARD_BACKSTOP_MS, CLIPBOARD_WAKE_EARLY_MS } from '@/lib/background/clipboard';
import { CLEAR_RETRY_DELAYS_MS, CLEAR_SETTLE_MS, clearClipboard, createClearTimer, OFFSCREEN_TARGET, type ClearOutcome } from '@/lib/offscreen/clipboard-timer';

const T0 = Date.UTC(2026, 2, 1, 12, 0, 0);

/** A document whose execCommand('copy') returns `result` and dispatches a copy event when `dispatch`. */
function fakeDocument(result: boolean | 'throw', dispatch: boolean) {
  const listeners = new Set<(e: unknown) => void>();
  const setData = vi.fn();
  const doc = {
    addEventListener: (_type: string, l: (e: unknown) => void) => listeners.add(l),
    removeEventListener: (_type: string, l: (e: unknown) => void) => listeners.delete(l),
    execCommand: () => {
      if (dispatch) for (const l of listeners) l({ clipboardData: { setData }, preventDefault: () => undefined });
      if (result === 'throw') throw new Error('not allowed');
      return result;
    },
  } as unknown as Document;
  return { doc, setData, listeners };
}

describe('clearClipboard verifies the copy command', () => {
  it('true only when the command ran and our listener set the empty text', () => {
    expect(clearClipboard(fakeDocument(true, true).doc)).toBe(true);
  });

  it('false when the command says it failed, throws, or ran without our listener', () => {
    for (const [result, dispatch] of [[false, true], [false, false], ['throw', true], [true, false]] as const) {
      const fake = fakeDocument(result, dispatch);
      expect(clearClipboard(fake.doc), `${String(result)} / ${String(dispatch)}`).toBe(false);
      expect(fake.listeners.size).toBe(0);
    }
  });
});

describe('the offscreen timer retries and settles', () => {
  beforeEach(() => {
    vi.useFakeTimers({ now: T0, toFake: ['setTimeout', 'clearTimeout', 'Date'] });
  });
  afterEach(() => {
    vi.useRealTimers();
  });

  /** A timer whose clear fails `failures` times, then works. */
  function timer(failures: number) {
    const tries: number[] = [];
    const done: [ClearOutcome, number][] = [];
    const t = createClearTimer({
      clear: () => {
        tries.push(Date.now() - T0);
        return tries.length > failures;
      },
      onDone: (outcome) => done.push([outcome, Date.now() - T0]),
    });
    return { t, tries, done };
  }

  const schedule = (t: ReturnType<typeof createClearTimer>, at: number) => t.handle({ target: OFFSCREEN_TARGET, kind: 'schedule', at: T0 + at });

  it('a clear that took keeps the document until it settled, then it is done', async () => {
    const { t, tries, done } = timer(0);
    schedule(t, 30_000);
    await vi.advanceTimersByTimeAsync(30_000);
    expect(tries).toEqual([30_000]);
    expect(t.pending()).toBe(false);
    await vi.advanceTimersByTimeAsync(CLEAR_SETTLE_MS - 1);
    expect(done).toEqual([]);
    await vi.advanceTimersByTimeAsync(1);
    expect(done).toEqual([['cleared', 30_000 + CLEAR_SETTLE_MS]]);
  });

  it('a failed try is tried again after each delay; the first that takes ends it', async () => {
    const { t, tries, done } = timer(2);
    schedule(t, 1000);
    await vi.advanceTimersByTimeAsync(1000);
    expect(tries).toEqual([1000]);
    // Still pending between tries: a sign-out now must still clear.
    expect(t.pending()).toBe(true);
    await vi.advanceTimersByTimeAsync(CLEAR_RETRY_DELAYS_MS[0]! + CLEAR_RETRY_DELAYS_MS[1]!);
    const third = 1000 + CLEAR_RETRY_DELAYS_MS[0]! + CLEAR_RETRY_DELAYS_MS[1]!;
    expect(tries).toEqual([1000, 1000 + CLEAR_RETRY_DELAYS_MS[0]!, third]);
    await vi.advanceTimersByTimeAsync(60_000);
    expect(tries).toHaveLength(3);
    expect(done).toEqual([['cleared', third + CLEAR_SETTLE_MS]]);
  });

  it('when every try fails it gives up and says so: "failed", never "cleared"', async () => {
    const { t, tries, done } = timer(Infinity);
    schedule(t, 0);
    await vi.advanceTimersByTimeAsync(60_000);
    expect(tries).toHaveLength(CLEAR_RETRY_DELAYS_MS.length + 1);
    expect(done).toEqual([['failed', CLEAR_RETRY_DELAYS_MS.reduce((a, b) => a + b, 0)]]);
    expect(t.pending()).toBe(false);
  });

  it('a newer copy during the tries restarts the wait; the old tries stop', async () => {
    const { t, tries, done } = timer(1);
    schedule(t, 1000);
    await vi.advanceTimersByTimeAsync(1000);
    expect(schedule(t, 40_000)).toMatchObject({ pending: true });
    await vi.advanceTimersByTimeAsync(30_000);
    expect(tries).toEqual([1000]);
    await vi.advanceTimersByTimeAsync(9_000 + CLEAR_SETTLE_MS);
    expect(tries).toEqual([1000, 40_000]);
    expect(done).toEqual([['cleared', 40_000 + CLEAR_SETTLE_MS]]);
  });

  it('a newer copy while a clear settles keeps the document for the new wait', async () => {
    const { t, done } = timer(0);
    schedule(t, 1000);
    await vi.advanceTimersByTimeAsync(1500);
    expect(schedule(t, 31_500)).toMatchObject({ pending: false });
    await vi.advanceTimersByTimeAsync(CLEAR_SETTLE_MS);
    expect(done).toEqual([]);
    expect(t.pending()).toBe(true);
  });

  it('a cancel while a clear settles cancels nothing and the document still closes', async () => {
    const { t, done } = timer(0);
    schedule(t, 1000);
    await vi.advanceTimersByTimeAsync(1500);
    expect(t.handle({ target: OFFSCREEN_TARGET, kind: 'cancel' })).toMatchObject({ pending: false });
    await vi.advanceTimersByTimeAsync(CLEAR_SETTLE_MS);
    expect(done).toEqual([['cleared', 1000 + CLEAR_SETTLE_MS]]);
  });

  it('flush answers once the clear took, or with cleared: false once every try failed', async () => {
    const ok = timer(1);
    schedule(ok.t, 60_000);
    const okReply = ok.t.handle({ target: OFFSCREEN_TARGET, kind: 'flush' });
    await vi.advanceTimersByTimeAsync(CLEAR_RETRY_DELAYS_MS[0]!);
    await expect(okReply).resolves.toEqual({ target: OFFSCREEN_TARGET, pending: true, cleared: true });
    expect(ok.tries).toEqual([0, CLEAR_RETRY_DELAYS_MS[0]]);

    const bad = timer(Infinity);
    schedule(bad.t, 60_000);
    const badReply = bad.t.handle({ target: OFFSCREEN_TARGET, kind: 'flush' });
    await vi.advanceTimersByTimeAsync(20_000);
    await expect(badReply).resolves.toEqual({ target: OFFSCREEN_TARGET, pending: true, cleared: false });
    expect(bad.done.map(([outcome]) => outcome)).toEqual(['failed']);
  });

  it('flush while tries are under way waits for them', async () => {
    const { t } = timer(1);
    schedule(t, 0);
    await vi.advanceTimersByTimeAsync(0);
    const reply = t.handle({ target: OFFSCREEN_TARGET, kind: 'flush' });
    await vi.advanceTimersByTimeAsync(CLEAR_RETRY_DELAYS_MS[0]!);
    await expect(reply).resolves.toMatchObject({ pending: true, cleared: true });
  });
});

describe('Firefox: writeText("") is retried and a failure is reported', () => {
  beforeEach(() => {
    vi.useFakeTimers({ now: T0, toFake: ['setTimeout', 'clearTimeout', 'Date'] });
    vi.spyOn(console, 'warn').mockImplementation(() => undefined);
  });
  afterEach(() => {
    vi.useRealTimers();
    vi.restoreAllMocks();
  });

  function clearer(failures: number) {
    const calls: number[] = [];
    const c = new AlarmClipboardClearer(async (text) => {
      calls.push(Date.now() - T0);
      expect(text).toBe('');
      if (calls.length <= failures) throw new DOMException('Clipboard write was blocked', 'NotAllowedError');
    });
    return { c, calls };
  }

  it('a write that fails twice is tried again and the flush reports "cleared"', async () => {
    const { c, calls } = clearer(2);
    await c.schedule(T0 + 60_000);
    const flushed = c.flush();
    await vi.advanceTimersByTimeAsync(10_000);
    await expect(flushed).resolves.toBe('cleared');
    expect(calls).toEqual([0, CLEAR_RETRY_DELAYS_MS[0], CLEAR_RETRY_DELAYS_MS[0]! + CLEAR_RETRY_DELAYS_MS[1]!]);
    expect(console.warn).not.toHaveBeenCalled();
  });

  it('a write that always fails is given up after the last try, reported "failed", and never throws into the alarm', async () => {
    const { c, calls } = clearer(Infinity);
    await c.schedule(T0 + 60_000);
    const alarm = c.onAlarm(CLIPBOARD_ALARM);
    await vi.advanceTimersByTimeAsync(20_000);
    await expect(alarm).resolves.toBe(true);
    expect(calls).toHaveLength(CLEAR_RETRY_DELAYS_MS.length + 1);
    expect(console.warn).toHaveBeenCalledWith('KalshiBook: the clipboard could not be cleared.');

    await c.schedule(T0 + 90_000);
    const flushed = c.flush();
    await vi.advanceTimersByTimeAsync(20_000);
    await expect(flushed).resolves.toBe('failed');
    expect(await fakeBrowser.alarms.get(CLIPBOARD_ALARM)).toBeUndefined();
  });

  it('the alarm wakes the event page early; the clear waits for its time, and is dropped when a newer copy came meanwhile', async () => {
    const { c, calls } = clearer(0);
    await c.schedule(T0 + 30_000);
    const alarm = (await fakeBrowser.alarms.get(CLIPBOARD_ALARM))!;
    expect(alarm.scheduledTime).toBe(T0 + 30_000 - CLIPBOARD_WAKE_EARLY_MS);
    vi.setSystemTime(alarm.scheduledTime);
    await fakeBrowser.alarms.clear(CLIPBOARD_ALARM); // fired: a one-shot alarm is gone
    const fired = c.onAlarm(CLIPBOARD_ALARM, alarm.scheduledTime);
    await vi.advanceTimersByTimeAsync(CLIPBOARD_WAKE_EARLY_MS - 1);
    expect(calls).toEqual([]);
    await vi.advanceTimersByTimeAsync(1);
    await expect(fired).resolves.toBe(true);
    expect(calls).toEqual([30_000]);

    // Again, but the user copies a key once more while the woken page waits.
    await c.schedule(T0 + 70_000);
    vi.setSystemTime(T0 + 68_000);
    await fakeBrowser.alarms.clear(CLIPBOARD_ALARM);
    const stale = c.onAlarm(CLIPBOARD_ALARM, T0 + 68_000);
    await c.schedule(T0 + 99_000);
    await vi.advanceTimersByTimeAsync(CLIPBOARD_WAKE_EARLY_MS);
    await stale;
    expect(calls).toEqual([30_000]);
  });
  /** The early alarm fires (a one-shot alarm is then gone) and the woken page starts waiting: its handler. */
  async function fireEarly(c: AlarmClipboardClearer): Promise<{ handled: Promise<boolean> }> {
    const alarm = (await fakeBrowser.alarms.get(CLIPBOARD_ALARM))!;
    vi.setSystemTime(alarm.scheduledTime);
    await fakeBrowser.alarms.clear(CLIPBOARD_ALARM);
    return { handled: c.onAlarm(CLIPBOARD_ALARM, alarm.scheduledTime) };
  }

  it('the event page suspended while it waited: the backstop alarm, just after the time, clears in a fresh page', async () => {
    const { c, calls } = clearer(0);
    await c.schedule(T0 + 30_000);
    expect((await fakeBrowser.alarms.get(CLIPBOARD_BACKSTOP_ALARM))?.scheduledTime).toBe(T0 + 30_000 + CLIPBOARD_BACKSTOP_MS);
    await fireEarly(c); // this page is suspended before its wait ends: its clear never runs
    const fresh = clearer(0);
    vi.setSystemTime(T0 + 30_000 + CLIPBOARD_BACKSTOP_MS);
    await fakeBrowser.alarms.clear(CLIPBOARD_BACKSTOP_ALARM);
    await expect(fresh.c.onAlarm(CLIPBOARD_BACKSTOP_ALARM, T0 + 30_000 + CLIPBOARD_BACKSTOP_MS)).resolves.toBe(true);
    expect(fresh.calls).toEqual([30_000 + CLIPBOARD_BACKSTOP_MS]);
    expect(calls).toEqual([]);
  });

  it('once the woken page cleared, the backstop is gone; "Never" and a newer copy move or drop both alarms', async () => {
    const { c, calls } = clearer(0);
    await c.schedule(T0 + 30_000);
    const { handled } = await fireEarly(c);
    await vi.advanceTimersByTimeAsync(CLIPBOARD_WAKE_EARLY_MS);
    await expect(handled).resolves.toBe(true);
    expect(calls).toEqual([30_000]);
    expect(await fakeBrowser.alarms.get(CLIPBOARD_BACKSTOP_ALARM)).toBeUndefined();

    await c.schedule(T0 + 90_000);
    await c.schedule(T0 + 95_000);
    expect((await fakeBrowser.alarms.get(CLIPBOARD_BACKSTOP_ALARM))?.scheduledTime).toBe(T0 + 95_000 + CLIPBOARD_BACKSTOP_MS);
    await c.cancel();
    expect(await fakeBrowser.alarms.getAll()).toEqual([]);
  });

  it('a sign-out while the woken page waits for the time clears at once (the early alarm already fired)', async () => {
    const { c, calls } = clearer(0);
    await c.schedule(T0 + 30_000);
    const { handled } = await fireEarly(c);
    await vi.advanceTimersByTimeAsync(500);
    await expect(c.flush()).resolves.toBe('cleared');
    expect(calls).toEqual([28_500]);
    await vi.advanceTimersByTimeAsync(CLIPBOARD_WAKE_EARLY_MS);
    await expect(handled).resolves.toBe(true);
    expect(calls).toEqual([28_500]); // the waiting clear stood down
    expect(await fakeBrowser.alarms.getAll()).toEqual([]);
  });
});
