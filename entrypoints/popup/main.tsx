import '@/assets/styles.css';
import { dataCacheItem, type DataCache } from '@/lib/storage';

declare global {
  interface Window {
    /** Started by popup-prefetch.js before the modules load. */
    __kbCache?: Promise<DataCache | null>;
  }
}

// popup-prefetch.js has started reading the cache (and may already show the last view of it).
// The app — React and everything else — is loaded only after that view is on screen, so the
// user sees keys and plan without waiting for it; the app then takes over the same markup.
void (window.__kbCache ?? dataCacheItem.getValue())
  .catch(() => null)
  .then(async (cache) => {
    const container = document.getElementById('root')!;
    if (container.inert) await new Promise((resolve) => requestAnimationFrame(() => setTimeout(resolve, 0)));
    const { mountPopup } = await import('./mount');
    mountPopup(container, cache);
  });
