import { flushSync } from 'react-dom';
import { createRoot } from 'react-dom/client';
import type { InitialRequests } from '@/components/account/AccountProvider';
import type { BackgroundClient } from '@/lib/messaging-client';
import type { DataCache } from '@/lib/storage';
import { PopupApp } from './App';

export function mountPopup(container: HTMLElement, cache: DataCache | null, client: BackgroundClient, initialRequests: InitialRequests): void {
  const root = createRoot(container);
  // Render synchronously, replacing the snapshot popup-prefetch.js may have shown (inert until now).
  flushSync(() => root.render(<PopupApp client={client} initialCache={cache} initialRequests={initialRequests} />));
  container.inert = false;
}
