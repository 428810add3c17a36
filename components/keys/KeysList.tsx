// The popup's keys: one compact row per key with "Copy key" and "Revoke", a "New key" button and
// the same dialogs as the options page. Fits 360 px; rows are plain markup (fast with 1,000 keys,
// and content-visibility lets the browser skip laying out rows that are off screen).
import { memo, useCallback, useState } from 'react';
import type { KeyUsageItem } from '@/lib/api/schemas';
import { billingCycle } from '@/lib/billing-cycle';
import { formatCredits, maskedKey } from '@/lib/format';
import { useAccount } from '@/components/account/AccountProvider';
import { Button } from '@/components/ui/button';
import { ErrorState } from '@/components/ui/error-state';
import { Skeleton } from '@/components/ui/skeleton';
import { CreateKeyDialog } from './CreateKeyDialog';
import { CopyIcon, PlusIcon, TrashIcon } from './icons';
import { KeySearch, KeysEmpty, KeyTypeBadge, LoadingKeys, NoMatches } from './parts';
import { RevokeKeyDialog } from './RevokeKeyDialog';
import { useCopyKey } from './use-copy-key';
import { useKeyRows } from './use-key-rows';

export function KeysList() {
  const { keys, billing, reloadKeys } = useAccount();
  // Until the next data request, /keys/usage still counts the cycle that has ended.
  const lastCycle = billing.data ? billingCycle(billing.data.billing_cycle_start, Date.now()).ended : false;
  const { query, setQuery, sorted, visible, searchable } = useKeyRows(keys.data);
  const { copyKey, copyingId } = useCopyKey('copy-prefix');
  const [creating, setCreating] = useState(false);
  const [revoking, setRevoking] = useState<{ row: KeyUsageItem; opener: HTMLElement | null } | null>(null);

  const onCopy = useCallback((row: KeyUsageItem) => void copyKey(row), [copyKey]);
  const onRevoke = useCallback((row: KeyUsageItem, opener: HTMLElement) => setRevoking({ row, opener }), []);
  const retry = () => void reloadKeys();
  const openCreate = () => setCreating(true);

  let body;
  if (sorted === null) {
    body = keys.error ? <ErrorState compact error={keys.error} onRetry={retry} /> : <ListSkeleton />;
  } else if (sorted.length === 0) {
    body = <KeysEmpty compact onCreate={openCreate} />;
  } else if (visible && visible.length === 0) {
    body = <NoMatches query={query} />;
  } else {
    body = (
      <ul className="flex flex-col divide-y divide-slate-100 rounded-xl border border-slate-200 bg-white dark:divide-slate-800 dark:border-slate-700 dark:bg-slate-900">
        {(visible ?? []).map((row) => (
          <KeyListRow key={row.id} row={row} copying={copyingId === row.id} onCopy={onCopy} onRevoke={onRevoke} lastCycle={lastCycle} />
        ))}
      </ul>
    );
  }

  return (
    <section aria-label="API keys" className="flex min-w-0 flex-col gap-3">
      <div className="flex items-center justify-between gap-2">
        <p className="text-xs text-slate-500 dark:text-slate-400">
          {sorted ? `${sorted.length} ${sorted.length === 1 ? 'key' : 'keys'}` : '\u00a0'}
        </p>
        <Button size="sm" onClick={openCreate}>
          <PlusIcon />
          New key
        </Button>
      </div>
      {searchable && <KeySearch value={query} onChange={setQuery} />}
      {keys.error && sorted !== null && <ErrorState compact error={keys.error} onRetry={retry} />}
      {body}

      <CreateKeyDialog compact open={creating} onOpenChange={setCreating} />
      {revoking && (
        <RevokeKeyDialog
          key={revoking.row.id}
          keyRow={revoking.row}
          onClose={() => {
            const opener = revoking.opener;
            setRevoking(null);
            // Back to the row's Revoke button if the row is still there (canceled).
            setTimeout(() => {
              if (opener?.isConnected) opener.focus();
            });
          }}
        />
      )}
    </section>
  );
}

interface KeyListRowProps {
  row: KeyUsageItem;
  copying: boolean;
  onCopy: (row: KeyUsageItem) => void;
  onRevoke: (row: KeyUsageItem, opener: HTMLElement) => void;
  lastCycle: boolean;
}

const KeyListRow = memo(function KeyListRow({ row, copying, onCopy, onRevoke, lastCycle }: KeyListRowProps) {
  return (
    <li aria-label={row.name} className="flex items-center gap-2 px-3 py-2 [contain-intrinsic-size:auto_3.25rem] [content-visibility:auto]">
      <div className="flex min-w-0 flex-1 flex-col gap-0.5">
        <div className="flex min-w-0 items-center gap-2">
          <span className="truncate text-sm font-medium text-slate-900 dark:text-slate-100" title={row.name}>
            {row.name}
          </span>
          <KeyTypeBadge type={row.key_type} />
        </div>
        <div className="flex min-w-0 items-center gap-1.5 text-xs text-slate-500 dark:text-slate-400">
          <code className="font-mono whitespace-nowrap">{maskedKey(row.key_prefix)}</code>
          <span aria-hidden="true">·</span>
          <span className="truncate tabular-nums">{formatCredits(row.credits_used)}</span>
          {lastCycle && <span className="shrink-0">(last cycle)</span>}
        </div>
      </div>
      <Button variant="ghost" size="icon" aria-label="Copy key" busy={copying} onClick={() => onCopy(row)}>
        {!copying && <CopyIcon />}
      </Button>
      <Button
        variant="ghost"
        size="icon"
        aria-label="Revoke"
        onClick={(e) => onRevoke(row, e.currentTarget)}
      >
        <TrashIcon />
      </Button>
    </li>
  );
});

function ListSkeleton() {
  return (
    <ul aria-busy="true" className="flex flex-col divide-y divide-slate-100 rounded-xl border border-slate-200 bg-white dark:divide-slate-800 dark:border-slate-700 dark:bg-slate-900">
      {[0, 1, 2].map((i) => (
        <li key={i} className="flex items-center gap-2 px-3 py-2.5">
          {i === 0 && <LoadingKeys />}
          <div className="flex flex-1 flex-col gap-1.5">
            <Skeleton className="h-4 w-32" />
            <Skeleton className="h-3 w-40" />
          </div>
          <Skeleton className="h-8 w-8" />
          <Skeleton className="h-8 w-8" />
        </li>
      ))}
    </ul>
  );
}
