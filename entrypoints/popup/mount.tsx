import { flushSync } from 'react-dom';
import { createRoot } from 'react-dom/client';
import { createMessagingClient } from '@/lib/client';
import type { DataCache } from '@/lib/storage';
import { PopupApp } from './App';

export function mountPopup(container: HTMLElement, cache: DataCache | null): void {
  const root = createRoot(container);
  // Render synchronously, replacing the snapshot popup-prefetch.js may have shown (inert until now).
  flushSync(() => root.render(<PopupApp client={createMessagingClient()} initialCache={cache} />));
  container.inert = false;
}
