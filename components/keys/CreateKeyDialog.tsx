// Create a key in two phases: the form, then the show-once view with the full key. The show-once
// view closes only through "Done" (Escape and the backdrop are ignored), so the key cannot be lost
// by a stray click; "Done" forgets it (the dialog's content unmounts) and refreshes the list.
//
// `compact` (popup): the popup closes whenever the user clicks elsewhere, so the background keeps a
// freshly created key in storage.session for 2 minutes (keepPending); on mount we ask for it and
// show it again. "Done" erases it there too.
import { lazy, Suspense, useEffect, useId, useRef, useState, type FormEvent } from 'react';
import { useAccount } from '@/components/account/AccountProvider';
import type { ApiErrorData } from '@/lib/api/errors';
import type { KeyUsageItem } from '@/lib/api/schemas';
import { useClient } from '@/lib/client';
import { Button } from '@/components/ui/button';
import { cn } from '@/components/ui/cn';
import { Dialog, DialogFooter } from '@/components/ui/dialog';
import { Field, inputClass } from '@/components/ui/input';
import { copyText } from './clipboard';
import { CopyIcon } from '@/components/ui/icons';
import { announceKeyCopy } from './use-copy-key';
import { useKeyName } from './use-key-name';

// Loaded when the show-once view first appears (the popup starts without it).
const ShowOnceFormats = lazy(() => import('./copy-for-code-ui').then((m) => ({ default: m.ShowOnceFormats })));

export interface CreateKeyDialogProps {
  open: boolean;
  onOpenChange: (open: boolean) => void;
  /** Popup variant: keeps the new key pending in the background until "Done" (see above). */
  compact?: boolean;
}

type KeyType = KeyUsageItem['key_type'];

export function CreateKeyDialog({ open, onOpenChange, compact = false }: CreateKeyDialogProps) {
  const client = useClient();
  const { upsertKey, reloadKeys, noticeError } = useAccount();
  const name = useKeyName('');
  const [keyType, setKeyType] = useState<KeyType>('dev');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<ApiErrorData | null>(null);
  /** The raw key, only while the show-once view is up. */
  const [rawKey, setRawKey] = useState<string | null>(null);
  const running = useRef(false);
  const typeId = useId();

  const onOpenChangeRef = useRef(onOpenChange);
  useEffect(() => {
    onOpenChangeRef.current = onOpenChange;
  });

  // Popup: a key created in an earlier popup and not yet acknowledged is shown again.
  useEffect(() => {
    if (!compact) return;
    let live = true;
    void client.getPendingKey().then((res) => {
      if (!live || !res.ok || !res.data) return;
      setRawKey(res.data.key);
      onOpenChangeRef.current(true);
    });
    return () => {
      live = false;
    };
  }, [client, compact]);

  function resetForm() {
    name.reset();
    setKeyType('dev');
    setError(null);
  }

  function cancel() {
    if (busy || rawKey !== null) return;
    resetForm();
    onOpenChange(false);
  }

  async function create(e: FormEvent) {
    e.preventDefault();
    if (running.current || !name.attempt()) return;
    running.current = true;
    setBusy(true);
    setError(null);
    const request = compact ? { name: name.name.trim(), keyType, keepPending: true } : { name: name.name.trim(), keyType };
    const res = await client.createKey(request);
    running.current = false;
    setBusy(false);
    if (!res.ok) {
      // What the user typed stays in the form.
      noticeError(res.error);
      setError(res.error);
      return;
    }
    const { key, ...info } = res.data;
    setRawKey(key);
    resetForm();
    upsertKey({ ...info, last_used_at: null, credits_used: 0 });
  }

  function done() {
    setRawKey(null);
    onOpenChange(false);
    if (compact) void client.clearPendingKey();
    void reloadKeys();
  }

  async function copy() {
    if (rawKey !== null && (await copyText(rawKey))) await announceKeyCopy(client);
  }

  if (rawKey !== null) {
    return (
      <Dialog open={open} onClose={() => undefined} locked title="API Key Created">
        <p className="text-sm text-slate-600 dark:text-slate-300">
          Your API key has been created. Copy it now — you won&apos;t be able to see it again.
        </p>
        <code
          aria-label="Your new API key"
          className="block rounded-lg border border-slate-300 bg-slate-50 px-3 py-2 font-mono text-sm break-all select-all dark:border-slate-600 dark:bg-slate-950"
        >
          {rawKey}
        </code>
        <Suspense fallback={null}>
          <ShowOnceFormats rawKey={rawKey} />
        </Suspense>
        <DialogFooter>
          {/* Focus lands on Copy, the one thing to do next. */}
          <Button variant="outline" onClick={() => void copy()} autoFocus data-autofocus>
            <CopyIcon />
            Copy
          </Button>
          <Button onClick={done}>
            Done
          </Button>
        </DialogFooter>
      </Dialog>
    );
  }

  const nameError = name.problem ?? error?.fields?.name ?? null;
  const formError = error && !error.fields?.name ? error.message : null;

  return (
    <Dialog
      open={open}
      onClose={cancel}
      locked={busy}
      title="Create API Key"
      description={compact ? undefined : 'Create a new API key to access KalshiBook data endpoints.'}
    >
      <form noValidate onSubmit={(e) => void create(e)} className="flex flex-col gap-4">
        <Field
          label="Name"
          placeholder="e.g., production, testing"
          value={name.name}
          onChange={(e) => {
            name.setName(e.target.value);
            if (error?.fields?.name) setError(null);
          }}
          error={nameError}
          aria-required="true"
          autoComplete="off"
        />
        <div className="flex flex-col gap-1">
          <label htmlFor={typeId} className="text-sm font-medium text-slate-800 dark:text-slate-200">
            Type
          </label>
          <select id={typeId} value={keyType} onChange={(e) => setKeyType(e.target.value as KeyType)} className={cn(inputClass, 'pr-8')}>
            <option value="dev">Development</option>
            <option value="prod">Production</option>
          </select>
        </div>
        {formError && (
          <p role="alert" className="rounded-lg bg-red-50 px-3 py-2 text-sm text-red-800 dark:bg-red-950/50 dark:text-red-200">
            {formError}
          </p>
        )}
        <DialogFooter>
          <Button variant="outline" onClick={cancel} disabled={busy}>
            Cancel
          </Button>
          <Button type="submit" busy={busy}>
            Create Key
          </Button>
        </DialogFooter>
      </form>
    </Dialog>
  );
}
