import '@/assets/styles.css';
import { createMessagingClient } from '@/lib/messaging-client';
import { dataCacheItem, type DataCache } from '@/lib/storage';

declare global {
  interface Window {
    /** Started by popup-prefetch.js before the modules load. */
    __kbCache?: Promise<DataCache | null>;
  }
}

// Fresh data is asked for first thing, while the cached view goes up and the app's modules load:
// the background's answer no longer waits for React, the app and its first effects (that wait was
// most of the time from opening to fresh data; docs/clipboard-and-freshness.md).
const client = createMessagingClient();
const initialRequests = { session: client.getSession(), keys: client.listKeys(), billing: client.getBilling(), sentAt: Date.now() };

// popup-prefetch.js has started reading the cache (and may already show the last view of it).
// The app — React and everything else — is loaded only after that view is on screen, so the
// user sees keys and plan without waiting for it; the app then takes over the same markup.
void (window.__kbCache ?? dataCacheItem.getValue())
  .catch(() => null)
  .then(async (cache) => {
    const container = document.getElementById('root')!;
    if (container.inert) await new Promise((resolve) => requestAnimationFrame(() => setTimeout(resolve, 0)));
    const { mountPopup } = await import('./mount');
    mountPopup(container, cache, client, initialRequests);
  });
