// Rename a key (PATCH /keys/{id} through the background). Mount it while a key is being renamed.
// A failed save keeps the typed name and shows the server's message in the dialog.
import { useRef, useState, type FormEvent } from 'react';
import { toast } from '@/components/ui/toast';
import { useAccount } from '@/components/account/AccountProvider';
import type { ApiErrorData } from '@/lib/api/errors';
import type { KeyUsageItem } from '@/lib/api/schemas';
import { useClient } from '@/lib/client';
import { Button } from '@/components/ui/button';
import { Dialog, DialogFooter } from '@/components/ui/dialog';
import { Field } from '@/components/ui/input';
import { useKeyName } from './use-key-name';

export function RenameKeyDialog({ keyRow, onClose }: { keyRow: KeyUsageItem; onClose: () => void }) {
  const client = useClient();
  const { upsertKey, noticeError } = useAccount();
  const field = useKeyName(keyRow.name);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<ApiErrorData | null>(null);
  const running = useRef(false);

  async function save(e: FormEvent) {
    e.preventDefault();
    if (running.current || !field.attempt()) return;
    running.current = true;
    setBusy(true);
    setError(null);
    const res = await client.renameKey({ id: keyRow.id, name: field.name.trim() });
    running.current = false;
    setBusy(false);
    if (res.ok) {
      // The rename answer has no usage; keep the row's.
      const { name, key_type, last_used_at } = res.data;
      upsertKey({ ...keyRow, name, key_type, last_used_at });
      toast.success('API key renamed');
      onClose();
    } else {
      noticeError(res.error);
      setError(res.error);
    }
  }

  const nameError = field.problem ?? error?.fields?.name ?? null;
  const formError = error && !error.fields?.name ? error.message : null;

  return (
    <Dialog open onClose={onClose} locked={busy} title="Rename API Key">
      <form noValidate onSubmit={(e) => void save(e)} className="flex flex-col gap-4">
        <Field
          label="Name"
          value={field.name}
          onChange={(e) => {
            field.setName(e.target.value);
            if (error?.fields?.name) setError(null);
          }}
          error={nameError}
          aria-required="true"
          autoComplete="off"
          data-autofocus
        />
        {formError && (
          <p role="alert" className="rounded-lg bg-red-50 px-3 py-2 text-sm text-red-800 dark:bg-red-950/50 dark:text-red-200">
            {formError}
          </p>
        )}
        <DialogFooter>
          <Button variant="outline" onClick={onClose} disabled={busy}>
            Cancel
          </Button>
          <Button type="submit" busy={busy}>
            Save
          </Button>
        </DialogFooter>
      </form>
    </Dialog>
  );
}
