import type { ReactNode } from 'react';
import { cn } from './cn';

type Variant = 'default' | 'secondary' | 'outline' | 'success' | 'warning' | 'muted';
const variants: Record<Variant, string> = {
  default: 'bg-indigo-600 text-white dark:bg-indigo-500',
  secondary: 'bg-slate-200 text-slate-800 dark:bg-slate-700 dark:text-slate-100',
  outline: 'border border-slate-300 text-slate-700 dark:border-slate-600 dark:text-slate-200',
  success: 'bg-emerald-100 text-emerald-800 dark:bg-emerald-900/60 dark:text-emerald-200',
  warning: 'bg-amber-100 text-amber-900 dark:bg-amber-900/60 dark:text-amber-100',
  muted: 'bg-slate-100 text-slate-600 dark:bg-slate-800 dark:text-slate-300',
};

export function Badge({ variant = 'default', className, children }: { variant?: Variant; className?: string; children: ReactNode }) {
  return (
    <span className={cn('inline-flex items-center rounded-full px-2 py-0.5 text-xs font-medium whitespace-nowrap', variants[variant], className)}>
      {children}
    </span>
  );
}
