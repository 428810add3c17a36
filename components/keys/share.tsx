// Which key spends: each key's share of this cycle's credits across the listed keys. The numbers
// stay the primary reading; the bar is decoration (aria-hidden). With 1,000 keys it is two spans a
// row and one sum, so the table keeps its render budget.
import type { KeyUsageItem } from '@/lib/api/schemas';
import { cn } from '@/components/ui/cn';

/** Credits of all listed keys together (the denominator of every share). */
export function totalKeyCredits(keys: readonly KeyUsageItem[]): number {
  let total = 0;
  for (const key of keys) total += Math.max(0, key.credits_used);
  return total;
}

/** 0..100, never NaN. */
export function sharePercent(credits: number, total: number): number {
  if (total <= 0 || credits <= 0) return 0;
  return Math.min(100, (credits / total) * 100);
}

/** "34%", "<1%" for a tiny but non-zero share. */
export function formatShare(percent: number): string {
  if (percent <= 0) return '0%';
  if (percent < 1) return '<1%';
  return `${Math.round(percent)}%`;
}

/** The keys that spent the most this cycle, most first (ties: name), at most `limit`. */
export function topKeys(keys: readonly KeyUsageItem[], limit = 5): KeyUsageItem[] {
  return keys
    .filter((k) => k.credits_used > 0)
    .sort((a, b) => b.credits_used - a.credits_used || a.name.localeCompare(b.name))
    .slice(0, limit);
}

export function ShareBar({ percent, className }: { percent: number; className?: string }) {
  return (
    <span aria-hidden="true" data-share-bar={percent.toFixed(2)} className={cn('block h-1 w-full overflow-hidden rounded-full bg-slate-200 dark:bg-slate-700', className)}>
      <span className="block h-full rounded-full bg-indigo-500 dark:bg-indigo-400" style={{ width: `${percent}%` }} />
    </span>
  );
}
