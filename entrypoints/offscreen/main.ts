// Chrome's offscreen document (reason CLIPBOARD): keeps the clipboard-clearing timer alive while
// the service worker is stopped. See lib/offscreen/clipboard-timer.ts.
import { browser } from 'wxt/browser';
import { clearClipboard, createClearTimer, isOffscreenRequest } from '@/lib/offscreen/clipboard-timer';

const timer = createClearTimer({
  clear: () => clearClipboard(document),
  // Nothing left to do: close, so no idle document lingers. The background opens a new one for
  // the next copy.
  onDone: () => window.close(),
});

browser.runtime.onMessage.addListener((message, sender, sendResponse) => {
  if (sender.id !== browser.runtime.id || !isOffscreenRequest(message)) return false;
  sendResponse(timer.handle(message));
  return false;
});
