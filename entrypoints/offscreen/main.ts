// Chrome's offscreen document (reason CLIPBOARD): keeps the clipboard-clearing timer alive while
// the service worker is stopped. See lib/offscreen/clipboard-timer.ts. Chrome only, so it uses
// `chrome.runtime` directly (the one extension API an offscreen document has).
import { clearClipboard, createClearTimer, isOffscreenRequest } from '@/lib/offscreen/clipboard-timer';

interface Runtime {
  id: string;
  onMessage: { addListener(listener: (message: unknown, sender: { id?: string }, sendResponse: (reply: unknown) => void) => boolean): void };
}
const runtime = (globalThis as unknown as { chrome: { runtime: Runtime } }).chrome.runtime;

const timer = createClearTimer({
  clear: () => clearClipboard(document),
  // Nothing left to do (the clear took and settled, or every try failed): close, so no idle
  // document lingers. The background opens a new one for the next copy.
  onDone: (outcome) => {
    // Never the key: only whether the clipboard could be emptied.
    if (outcome === 'failed') console.warn('KalshiBook: the clipboard could not be cleared.');
    window.close();
  },
});

runtime.onMessage.addListener((message, sender, sendResponse) => {
  if (sender.id !== runtime.id || !isOffscreenRequest(message)) return false;
  const reply = timer.handle(message);
  if (!(reply instanceof Promise)) {
    sendResponse(reply);
    return false;
  }
  void reply.then(sendResponse);
  // The answer comes later (a flush answers once the clear took or was given up).
  return true;
});
