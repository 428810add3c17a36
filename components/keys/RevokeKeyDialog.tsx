// The confirmation both layouts use. Mount it while a key is being revoked; it calls onClose when
// done (revoked, canceled). A key already revoked elsewhere counts as revoked: no error.
import { useRef, useState } from 'react';
import { toast } from '@/components/ui/toast';
import { useAccount } from '@/components/account/AccountProvider';
import type { ApiErrorData } from '@/lib/api/errors';
import type { KeyUsageItem } from '@/lib/api/schemas';
import { useClient } from '@/lib/client';
import { Button } from '@/components/ui/button';
import { Dialog, DialogFooter } from '@/components/ui/dialog';

export function RevokeKeyDialog({ keyRow, onClose }: { keyRow: KeyUsageItem; onClose: () => void }) {
  const client = useClient();
  const { removeKey, noticeError } = useAccount();
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<ApiErrorData | null>(null);
  const running = useRef(false);

  async function revoke() {
    if (running.current) return;
    running.current = true;
    setBusy(true);
    setError(null);
    const res = await client.revokeKey({ id: keyRow.id });
    running.current = false;
    setBusy(false);
    if (res.ok) {
      removeKey(keyRow.id);
      toast.success('API key revoked');
      onClose();
    } else {
      noticeError(res.error);
      setError(res.error);
    }
  }

  return (
    <Dialog
      open
      onClose={onClose}
      role="alertdialog"
      locked={busy}
      title="Revoke API Key"
      description={`Are you sure you want to revoke "${keyRow.name}"? This key will stop working immediately.`}
    >
      {error && (
        <p role="alert" className="rounded-lg bg-red-50 px-3 py-2 text-sm text-red-800 dark:bg-red-950/50 dark:text-red-200">
          {error.message}
        </p>
      )}
      <DialogFooter>
        <Button variant="outline" onClick={onClose} disabled={busy} data-autofocus>
          Cancel
        </Button>
        <Button variant="destructive" busy={busy} onClick={() => void revoke()}>
          Revoke
        </Button>
      </DialogFooter>
    </Dialog>
  );
}
