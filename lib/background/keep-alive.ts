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
let timer: ReturnType<typeof setInterval> | null = null;

/** Runs `work`, keeping Firefox's event page from being suspended until it has settled. */
export async function whileWorking<T>(work: () => Promise<T>, firefox: boolean = import.meta.env.FIREFOX): Promise<T> {
  if (!firefox) return work();
  running++;
  timer ??= setInterval(() => void browser.runtime.getPlatformInfo().catch(() => undefined), KEEP_ALIVE_INTERVAL_MS);
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
