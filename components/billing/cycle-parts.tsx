// The plan card's notes about the cycle: a cycle that has ended on the server's side, and what
// Pay-As-You-Go costs so far. Both layouts (options, popup) use them; the popup loads them with
// its Billing tab, so their texts stay out of the popup's startup JavaScript.
import { cn } from '@/components/ui/cn';
import { formatBillingDate, formatNumber } from '@/lib/format';
import { overageCredits, overageText } from '@/lib/payg';
import type { BillingView } from './billing-view';

export const OVERAGE_NOTE = 'Estimate at $0.008/credit; your Stripe invoice is final.';

/** "A new cycle began on December 1, 2026. …" and "Previous cycle (from November 1, 2026): 640 / 1,000 used". */
export function newCycleTexts(cycle: NonNullable<BillingView['newCycle']>): { began: string; previous: string } {
  const over = overageCredits(cycle.previousUsed, cycle.total);
  return {
    began: `A new cycle began on ${formatBillingDate(cycle.began)}. Credits reset to 0 at your next data request.`,
    previous:
      `Previous cycle${cycle.previousStart ? ` (from ${formatBillingDate(cycle.previousStart)})` : ''}: ` +
      `${formatNumber(cycle.previousUsed)} / ${formatNumber(cycle.total)} used${over > 0 ? ` · ${overageText(over)}` : ''}`,
  };
}

const muted = 'text-slate-500 dark:text-slate-400';

/** "A new cycle began on …" with last cycle's usage, shown as last cycle's. */
export function NewCycleNotice({ view, compact = false }: { view: BillingView; compact?: boolean }) {
  if (!view.newCycle) return null;
  const texts = newCycleTexts(view.newCycle);
  return (
    <div
      role="note"
      aria-label="New billing cycle"
      className={cn(
        'flex flex-col gap-1 rounded-lg border border-indigo-200 bg-indigo-50 text-indigo-950 dark:border-indigo-900 dark:bg-indigo-950/40 dark:text-indigo-100',
        compact ? 'px-2.5 py-2 text-xs' : 'px-3 py-2.5 text-sm',
      )}
    >
      <p>{texts.began}</p>
      <p className={cn('tabular-nums', compact ? 'text-xs' : 'text-xs sm:text-sm', 'text-indigo-900/80 dark:text-indigo-200/80')}>{texts.previous}</p>
    </div>
  );
}

/** "250 credits over · ≈ $2.00", labelled an estimate. */
export function OverageLine({ view, compact = false }: { view: BillingView; compact?: boolean }) {
  if (view.overage <= 0) return null;
  return (
    <div className="flex flex-col gap-0.5">
      <div className={cn('flex flex-wrap items-baseline justify-between gap-x-3 gap-y-1', compact ? 'text-xs' : 'text-sm')}>
        <span className={compact ? muted : 'font-medium text-slate-800 dark:text-slate-200'}>Pay-As-You-Go so far (estimate)</span>
        <span className="tabular-nums font-medium text-amber-700 dark:text-amber-400">{overageText(view.overage)}</span>
      </div>
      <p className={cn('text-xs', muted)}>{OVERAGE_NOTE}</p>
    </div>
  );
}
