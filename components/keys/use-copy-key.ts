// Copying a key from a row, bare or "for code" (.env line, shell export, Python, curl). The full
// key comes from the background's reveal and goes straight to the clipboard — it is never put in
// React state, so it never reaches the DOM. The background then schedules the clipboard's clear.
import { useCallback, useRef, useState } from 'react';
import { toast } from '@/components/ui/toast';
import { useAccount } from '@/components/account/AccountProvider';
import type { KeyUsageItem } from '@/lib/api/schemas';
import { useClient } from '@/lib/client';
import { copyText } from './clipboard';

export const COPIED_PREFIX = 'Key prefix copied to clipboard';
export const NOT_REVEALABLE = 'This key was created before keys could be revealed, so only its prefix can be copied.';
export const COPIED_PREFIX_INSTEAD = "Key prefix copied — this key can't be revealed";

/**
 * When a key cannot be revealed (created before reveal existed: 404 `key_not_found`):
 * - `offer-prefix` (options page) explains and offers "Copy key prefix" in the toast;
 * - `copy-prefix` (popup, one copy button) copies the prefix at once and says so.
 * "Copy as …" always explains and offers the prefix: a prefix in a .env line would not work.
 */
export type UnrevealableKey = 'offer-prefix' | 'copy-prefix';

/** Copies a revealed key in some form ("Copy for code", see copy-as.ts) instead of bare. */
export type CopyAs = (key: string) => Promise<void>;

/** The toast after a full key was copied, and the clear it schedules (loaded on first use). */
export async function announceKeyCopy(client: ReturnType<typeof useClient>): Promise<void> {
  await (await import('./announce-copy')).announceKeyCopy(client);
}

export function useCopyKey(whenUnrevealable: UnrevealableKey) {
  const client = useClient();
  const { noticeError } = useAccount();
  const [copyingId, setCopyingId] = useState<string | null>(null);
  const inflight = useRef(new Set<string>());

  const copyPrefix = useCallback(async (row: KeyUsageItem, message: string = COPIED_PREFIX) => {
    if (await copyText(row.key_prefix)) toast.success(message);
  }, []);

  const copyKey = useCallback(
    async (row: KeyUsageItem, copyAs?: CopyAs) => {
      if (inflight.current.has(row.id)) return;
      inflight.current.add(row.id);
      setCopyingId(row.id);
      try {
        const res = await client.revealKey({ id: row.id });
        if (res.ok) {
          if (copyAs) await copyAs(res.data.key);
          else if (await copyText(res.data.key)) await announceKeyCopy(client);
        } else if (res.error.code === 'key_not_found') {
          if (whenUnrevealable === 'copy-prefix' && !copyAs) await copyPrefix(row, COPIED_PREFIX_INSTEAD);
          else toast.info(NOT_REVEALABLE, { action: { label: 'Copy key prefix', onClick: () => void copyPrefix(row) } });
        } else {
          noticeError(res.error);
          toast.error(res.error.message);
        }
      } finally {
        inflight.current.delete(row.id);
        setCopyingId((id) => (id === row.id ? null : id));
      }
    },
    [client, copyPrefix, noticeError, whenUnrevealable],
  );

  return { copyKey, copyPrefix, copyingId };
}
