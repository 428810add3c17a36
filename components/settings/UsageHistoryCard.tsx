// Settings → "Clear usage history": removes the usage figures this browser recorded for the
// Billing charts and forecast (every account). Works signed out too: the history outlives sign-out.
import { useId, useState } from 'react';
import { toast } from '@/components/ui/toast';
import { Button } from '@/components/ui/button';
import { Card } from '@/components/ui/card';
import { useClient } from '@/lib/client';

export const CLEAR_USAGE_LABEL = 'Clear usage history';
export const USAGE_HISTORY_HINT =
  'For the charts and the forecast in Billing, this browser records your credit figures (per account, with key ids, never a key) each time it refreshes them: this cycle and the two before. They stay after sign-out until you clear them.';
export const USAGE_CLEARED = 'Usage history cleared.';

export function UsageHistoryCard() {
  const client = useClient();
  const [busy, setBusy] = useState(false);
  const hintId = useId();
  const clear = async () => {
    if (busy) return;
    setBusy(true);
    try {
      const res = await client.clearUsageHistory();
      if (res.ok) toast.success(USAGE_CLEARED);
      else toast.error(res.error.message);
    } finally {
      setBusy(false);
    }
  };
  return (
    <Card className="flex flex-col gap-3 p-6">
      <h3 className="text-sm font-medium text-slate-800 dark:text-slate-200">Usage history</h3>
      <p id={hintId} className="text-xs text-slate-500 dark:text-slate-400">
        {USAGE_HISTORY_HINT}
      </p>
      <div>
        <Button variant="outline" size="sm" busy={busy} aria-describedby={hintId} onClick={() => void clear()}>
          {CLEAR_USAGE_LABEL}
        </Button>
      </div>
    </Card>
  );
}
