import { cn } from './cn';

/** `value` is a percentage; it is clamped to 0..100. */
export function Progress({ value, label, className, tone = 'default' }: { value: number; label: string; className?: string; tone?: 'default' | 'warning' | 'danger' }) {
  const pct = Math.min(100, Math.max(0, value));
  return (
    <div
      role="progressbar"
      aria-label={label}
      aria-valuemin={0}
      aria-valuemax={100}
      aria-valuenow={Math.round(pct)}
      className={cn('h-2 w-full overflow-hidden rounded-full bg-slate-200 dark:bg-slate-700', className)}
    >
      <div
        className={cn(
          'h-full rounded-full transition-[width]',
          tone === 'danger' ? 'bg-red-500' : tone === 'warning' ? 'bg-amber-500' : 'bg-gradient-to-r from-indigo-500 to-violet-500',
        )}
        style={{ width: `${pct}%` }}
      />
    </div>
  );
}
