import { createRoot } from 'react-dom/client';
import '@/assets/styles.css';
import { createMessagingClient } from '@/lib/client';
import { dataCacheItem, type DataCache } from '@/lib/storage';
import { PopupApp } from './App';

declare global {
  interface Window {
    /** Started by popup-prefetch.js before the modules load. */
    __kbCache?: Promise<DataCache | null>;
  }
}

// The cached keys and plan are read first (popup-prefetch.js starts the read while this module
// loads), so the first paint already shows them.
const client = createMessagingClient();
void (window.__kbCache ?? dataCacheItem.getValue())
  .catch(() => null)
  .then((cache) => createRoot(document.getElementById('root')!).render(<PopupApp client={client} initialCache={cache} />));
