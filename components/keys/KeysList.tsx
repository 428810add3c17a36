// The popup's keys: one compact row per key with "Copy key", "Copy for code" (a menu of formats)
// and "Revoke", a "New key" button and the same dialogs as the options page. Fits 360 px; rows are
// plain markup (fast with 1,000 keys, and content-visibility lets the browser skip laying out rows
// that are off screen). The "Copy for code" menu's code loads when a menu is first opened, and the
// create and revoke dialogs when first needed: the popup's startup JavaScript has a budget.
import { lazy, memo, Suspense, useCallback, useEffect, useState } from 'react';
import { useClient } from '@/lib/client';
import type { KeyUsageItem } from '@/lib/api/schemas';
import { keyUsageIsLastCycle } from '@/lib/billing-cycle';
import { formatCredits, maskedKey } from '@/lib/format';
import { useAccount } from '@/components/account/AccountProvider';
import { Button } from '@/components/ui/button';
import { ErrorState } from '@/components/ui/error-state';
import { MenuStandIn } from '@/components/ui/menu-button';
import { Skeleton } from '@/components/ui/skeleton';
import { CodeIcon, CopyIcon, PlusIcon, TrashIcon } from '@/components/ui/icons';
import { KeySearch, KeysEmpty, KeyTypeBadge, LoadingKeys, NoMatches } from './parts';
import { useCopyKey, type CopyAs } from './use-copy-key';
import { useKeyRows } from './use-key-rows';

const loadCopyForCodeMenu = () => import('./copy-for-code-ui');
const CopyForCodeMenu = lazy(() => loadCopyForCodeMenu().then((m) => ({ default: m.CopyForCodeMenu })));
const CreateKeyDialog = lazy(() => import('./CreateKeyDialog').then((m) => ({ default: m.CreateKeyDialog })));
const RevokeKeyDialog = lazy(() => import('./RevokeKeyDialog').then((m) => ({ default: m.RevokeKeyDialog })));

/**
 * Whether the create dialog is needed: once "New key" was pressed, or at once when the background
 * holds a key created in an earlier popup and not yet acknowledged (the dialog then shows it again).
 */
function useCreateDialogNeeded(creating: boolean): boolean {
  const client = useClient();
  const [pending, setPending] = useState(false);
  const [used, setUsed] = useState(false);
  if (creating && !used) setUsed(true);
  useEffect(() => {
    let live = true;
    void client.getPendingKey().then((res) => {
      if (live && res.ok && res.data) setPending(true);
    });
    return () => {
      live = false;
    };
  }, [client]);
  return used || pending;
}

export function KeysList() {
  const { keys, billing, reloadKeys } = useAccount();
  // Until the next data request, /keys/usage still counts the cycle that has ended.
  const lastCycle = keyUsageIsLastCycle(billing.data, Date.now());
  const { query, setQuery, sorted, visible, searchable } = useKeyRows(keys.data);
  const { copyKey, copyingId } = useCopyKey('copy-prefix');
  const [creating, setCreating] = useState(false);
  const [revoking, setRevoking] = useState<{ row: KeyUsageItem; opener: HTMLElement | null } | null>(null);
  const createNeeded = useCreateDialogNeeded(creating);

  const onCopy = useCallback((row: KeyUsageItem) => void copyKey(row), [copyKey]);
  const onCopyAs = useCallback((row: KeyUsageItem, copyAs: CopyAs) => void copyKey(row, copyAs), [copyKey]);
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
          <KeyListRow
            key={row.id}
            row={row}
            copying={copyingId === row.id}
            onCopy={onCopy}
            onCopyAs={onCopyAs}
            onRevoke={onRevoke}
            lastCycle={lastCycle}
          />
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

      {createNeeded && (
        <Suspense fallback={null}>
          <CreateKeyDialog compact open={creating} onOpenChange={setCreating} />
        </Suspense>
      )}
      {revoking && (
        <Suspense fallback={null}>
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
        </Suspense>
      )}
    </section>
  );
}

interface KeyListRowProps {
  row: KeyUsageItem;
  copying: boolean;
  onCopy: (row: KeyUsageItem) => void;
  onCopyAs: (row: KeyUsageItem, copyAs: CopyAs) => void;
  onRevoke: (row: KeyUsageItem, opener: HTMLElement) => void;
  lastCycle: boolean;
}

const KeyListRow = memo(function KeyListRow({ row, copying, onCopy, onCopyAs, onRevoke, lastCycle }: KeyListRowProps) {
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
      <CopyForCode row={row} onCopy={onCopyAs} />
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

/**
 * "Copy for code": a plain button until its menu is first opened; then the lazily loaded menu
 * takes its place (the button stays on screen while the menu's code loads) and stays mounted.
 */
function CopyForCode({ row, onCopy }: { row: KeyUsageItem; onCopy: (row: KeyUsageItem, copyAs: CopyAs) => void }) {
  // null: never opened; else whether it is open, and whether the keyboard opened it first.
  const [menu, setMenu] = useState<{ open: boolean; viaKeyboard: boolean } | null>(null);
  const standIn = (
    <MenuStandIn
      aria-label="Copy for code"
      icon={<CodeIcon />}
      // Start fetching the menu's code as soon as the pointer is on its way.
      onPointerEnter={() => void loadCopyForCodeMenu()}
      onOpen={(viaKeyboard) => setMenu({ open: true, viaKeyboard })}
    />
  );
  if (!menu) return standIn;
  return (
    <Suspense fallback={standIn}>
      <CopyForCodeMenu row={row} open={menu.open} viaKeyboard={menu.viaKeyboard} onOpenChange={(open) => setMenu({ open, viaKeyboard: false })} onCopy={onCopy} />
    </Suspense>
  );
}

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
          <Skeleton className="h-8 w-8" />
        </li>
      ))}
    </ul>
  );
}
