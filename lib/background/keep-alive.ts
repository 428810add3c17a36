// Firefox suspends its event page once it has been idle for a while (30 s by default), counted
// from the last event, even while it is still answering a message: an API call waiting on a slow
// server is torn down with the page and the answer never arrives ("not responding"; a key created
// on the server is never shown). A call to an extension API that goes to the browser process
// resets Firefox's idle timer (storage calls do not; measured on Firefox ESR 153), so while any
// work of the background runs, it makes one such cheap call every second. Chrome keeps its service
// worker alive while it handles an event: nothing to do there.
import { browser } from 'wxt/browser';

export const KEEP_ALIVE_INTERVAL_MS = 1000;

let running = 0;

/** Any failure of the ping itself is of no interest: it only has to reach the browser. */
const ping = () => void Promise.resolve().then(() => browser.runtime.getPlatformInfo()).catch(() => undefined);

let timer: ReturnType<typeof setInterval> | null = null;

/**
 * Runs `work`, keeping the background from being stopped for idleness until it has settled: one
 * extension API call a second. Also for Chrome where the background waits on something outside
 * any event it is handling (the Google sign-in window).
 */
export async function keepAlive<T>(work: () => Promise<T>): Promise<T> {
  running++;
  timer ??= setInterval(ping, KEEP_ALIVE_INTERVAL_MS);
  try {
    return await work();
  } finally {
    running--;
    if (running === 0 && timer) {
      clearInterval(timer);
      timer = null;
    }
  }
}

/** Runs the work of an event (message, alarm, tab update): kept alive in Firefox's event page. */
export function whileWorking<T>(work: () => Promise<T>, firefox: boolean = import.meta.env.FIREFOX): Promise<T> {
  return firefox ? keepAlive(work) : work();
}
