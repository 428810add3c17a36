// Options page, Billing: which keys spend the credits of this cycle — the top keys by credits,
// each with its share of all keys' credits (text first; the bar is decoration).
import { useId, useMemo } from 'react';
import { useAccount } from '@/components/account/AccountProvider';
import { KeyTypeBadge } from '@/components/keys/parts';
import { formatShare, ShareBar, sharePercent, topKeys, totalKeyCredits } from '@/components/keys/share';
import { keyUsageIsLastCycle } from '@/lib/billing-cycle';
import { Card } from '@/components/ui/card';
import { formatCredits, maskedKey } from '@/lib/format';

export const TOP_KEYS_LIMIT = 5;

export function TopKeys() {
  const { keys, billing } = useAccount();
  const titleId = useId();
  const lastCycle = keyUsageIsLastCycle(billing.data, Date.now());
  const { top, total } = useMemo(() => {
    const all = keys.data ?? [];
    return { top: topKeys(all, TOP_KEYS_LIMIT), total: totalKeyCredits(all) };
  }, [keys.data]);
  if (!keys.data) return null;

  return (
    <Card className="flex flex-col gap-4 p-6">
      <section aria-labelledby={titleId} className="flex flex-col gap-4">
        <div className="flex flex-col gap-1">
          <h3 id={titleId} className="text-sm font-medium text-slate-800 dark:text-slate-200">
            {lastCycle ? 'Top keys in the last cycle' : 'Top keys this cycle'}
          </h3>
          <p className="text-xs text-slate-500 dark:text-slate-400">
            {lastCycle
              ? 'A new cycle has begun; these are last cycle’s numbers until your next data request.'
              : 'Each key’s share of the credits your keys used this cycle.'}
          </p>
        </div>
        {top.length === 0 ? (
          <p className="text-sm text-slate-500 dark:text-slate-400">{lastCycle ? 'No key used credits in the last cycle.' : 'No key has used credits this cycle yet.'}</p>
        ) : (
          <ol className="flex flex-col gap-3">
            {top.map((key) => {
              const percent = sharePercent(key.credits_used, total);
              return (
                <li key={key.id} aria-label={key.name} className="flex flex-col gap-1.5">
                  <div className="flex min-w-0 items-center gap-2 text-sm">
                    <span className="truncate font-medium text-slate-900 dark:text-slate-100" title={key.name}>
                      {key.name}
                    </span>
                    <KeyTypeBadge type={key.key_type} />
                    <code className="hidden font-mono text-xs text-slate-500 sm:inline dark:text-slate-400">{maskedKey(key.key_prefix)}</code>
                    <span className="ml-auto shrink-0 tabular-nums text-slate-700 dark:text-slate-300">
                      {formatCredits(key.credits_used)} · {formatShare(percent)}
                    </span>
                  </div>
                  <ShareBar percent={percent} className="h-1.5" />
                </li>
              );
            })}
          </ol>
        )}
      </section>
    </Card>
  );
}
