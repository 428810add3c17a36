// The options page's API Keys section: header with "Create Key", the keys table with its states
// (skeleton, empty, error, search) and the dialogs. Mount it inside AccountProvider.
import { useCallback, useId, useMemo, useRef, useState } from 'react';
import type { KeyUsageItem } from '@/lib/api/schemas';
import type { KeyFormat } from '@/lib/key-formats';
import { useAccount } from '@/components/account/AccountProvider';
import { useClient } from '@/lib/client';
import { Button } from '@/components/ui/button';
import { Card } from '@/components/ui/card';
import { SectionHeading } from '@/components/ui/section-heading';
import { ErrorState } from '@/components/ui/error-state';
import { CreateKeyDialog } from './CreateKeyDialog';
import { KeysTable, type KeyAction } from './KeysTable';
import { PlusIcon } from '@/components/ui/icons';
import { KeySearch, KeysEmpty, NoMatches } from './parts';
import { RenameKeyDialog } from './RenameKeyDialog';
import { RevokeKeyDialog } from './RevokeKeyDialog';
import { copyKeyAs } from './copy-as';
import { useCopyKey } from './use-copy-key';
import { useKeyRows } from './use-key-rows';
import { keyUsageIsLastCycle } from '@/lib/billing-cycle';
import { totalKeyCredits } from './share';

export function KeysSection() {
  const { keys, billing, reloadKeys } = useAccount();
  const { query, setQuery, sorted, visible, searchable } = useKeyRows(keys.data);
  const client = useClient();
  // Shares are of all keys (not only those the search shows); none while the numbers are last cycle's.
  const lastCycle = keyUsageIsLastCycle(billing.data, Date.now());
  const shareTotal = useMemo(() => (sorted && !lastCycle ? totalKeyCredits(sorted) : 0), [sorted, lastCycle]);
  const { copyKey, copyPrefix } = useCopyKey('offer-prefix');
  const [creating, setCreating] = useState(false);
  const [renaming, setRenaming] = useState<KeyUsageItem | null>(null);
  const [revoking, setRevoking] = useState<KeyUsageItem | null>(null);
  const sectionRef = useRef<HTMLElement>(null);
  const headingId = useId();

  const onAction = useCallback(
    (action: KeyAction, row: KeyUsageItem) => {
      if (action === 'copy-key') void copyKey(row);
      else if (action.startsWith('copy-as:')) {
        const format = action.slice('copy-as:'.length) as KeyFormat;
        void copyKey(row, (key) => copyKeyAs(client, format, key));
      }
      else if (action === 'copy-prefix') void copyPrefix(row);
      else if (action === 'rename') setRenaming(row);
      else if (action === 'playground') window.location.hash = `playground?key=${encodeURIComponent(row.id)}`;
      else setRevoking(row);
    },
    [client, copyKey, copyPrefix],
  );

  /** After a dialog, focus goes back to the row's Options button (if the row is still there). */
  const returnFocus = (row: KeyUsageItem) => {
    setTimeout(() => {
      const triggers = sectionRef.current?.querySelectorAll<HTMLElement>('[data-options-for]') ?? [];
      Array.from(triggers).find((el) => el.dataset.optionsFor === row.id)?.focus();
    });
  };

  const retry = () => void reloadKeys();
  const openCreate = () => setCreating(true);

  let body;
  if (sorted === null) {
    body = keys.error ? (
      <div className="p-4">
        <ErrorState error={keys.error} onRetry={retry} />
      </div>
    ) : (
      <KeysTable rows={null} onAction={onAction} />
    );
  } else if (sorted.length === 0) {
    body = <KeysEmpty onCreate={openCreate} />;
  } else if (visible && visible.length === 0) {
    body = <NoMatches query={query} />;
  } else {
    body = <KeysTable rows={visible} onAction={onAction} shareTotal={shareTotal} lastCycle={lastCycle} />;
  }

  return (
    <section ref={sectionRef} aria-labelledby={headingId} className="flex flex-col gap-4">
      <SectionHeading
        id={headingId}
        title="API Keys"
        description="Manage your API keys for accessing KalshiBook data endpoints."
        action={
          <Button onClick={openCreate}>
            <PlusIcon />
            Create Key
          </Button>
        }
      />

      {lastCycle && sorted !== null && sorted.length > 0 && <LastCycleUsageNote />}

      {/* Cached keys stay visible next to the error of a failed refresh. */}
      {keys.error && sorted !== null && <ErrorState compact error={keys.error} onRetry={retry} />}

      <Card className="overflow-hidden">
        {searchable && (
          <div className="border-b border-slate-200 p-3 dark:border-slate-700">
            <KeySearch value={query} onChange={setQuery} className="max-w-sm" />
          </div>
        )}
        {body}
      </Card>

      <CreateKeyDialog open={creating} onOpenChange={setCreating} />
      {renaming && (
        <RenameKeyDialog
          key={renaming.id}
          keyRow={renaming}
          onClose={() => {
            returnFocus(renaming);
            setRenaming(null);
          }}
        />
      )}
      {revoking && (
        <RevokeKeyDialog
          key={revoking.id}
          keyRow={revoking}
          onClose={() => {
            returnFocus(revoking);
            setRevoking(null);
          }}
        />
      )}
    </section>
  );
}

/** Over the table while /keys/usage still counts the cycle that has ended. */
function LastCycleUsageNote() {
  return (
    <p role="note" className="rounded-lg border border-indigo-200 bg-indigo-50 px-3 py-2 text-sm text-indigo-950 dark:border-indigo-900 dark:bg-indigo-950/40 dark:text-indigo-100">
      Usage below is from the last billing cycle. A new cycle has begun; each key counts from 0 at your next data request.
    </p>
  );
}
