// Saves the popup's keys view as HTML so the next open can show it before React has loaded
// (public/popup-prefetch.js). Only when what is on screen is exactly the cached data, never with
// a dialog or toast in it, and never if anything looking like a full API key is in the markup.
import type { BillingStatus, KeyUsageItem } from '@/lib/api/schemas';
import { sameData } from '@/lib/same-data';
import { dataCacheItem, sessionSnapshotItem, writePopupSnapshot } from '@/lib/storage';

const RAW_KEY = /kb-[A-Za-z0-9_-]{43}/;

export function snapshotHtml(root: HTMLElement): string | null {
  const clone = root.cloneNode(true) as HTMLElement;
  clone.querySelectorAll('dialog, [data-sonner-toaster], section[aria-label^="Notifications"]').forEach((el) => el.remove());
  const html = clone.innerHTML;
  return RAW_KEY.test(html) ? null : html;
}

export async function saveSnapshot(root: HTMLElement, shown: { keys: KeyUsageItem[] | null; billing: BillingStatus | null }): Promise<void> {
  if (document.querySelector('dialog[open]')) return;
  const cache = await dataCacheItem.getValue();
  if (!cache || !sameData(cache.keys, shown.keys) || !sameData(cache.billing, shown.billing)) return;
  const html = snapshotHtml(root);
  if (html === null) return;
  const previous = await sessionSnapshotItem.getValue();
  if (previous?.cacheUpdatedAt === cache.updatedAt && previous.html === html) return;
  await writePopupSnapshot({ cacheUpdatedAt: cache.updatedAt, html });
}
