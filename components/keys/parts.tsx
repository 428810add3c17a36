// Small pieces the options table and the popup list share.
import { useId } from 'react';
import type { KeyUsageItem } from '@/lib/api/schemas';
import { Badge } from '@/components/ui/badge';
import { Button } from '@/components/ui/button';
import { cn } from '@/components/ui/cn';
import { inputClass } from '@/components/ui/input';
import { KeyIcon, PlusIcon, SearchIcon } from '@/components/ui/icons';

export function KeyTypeBadge({ type }: { type: KeyUsageItem['key_type'] }) {
  return <Badge variant={type === 'prod' ? 'secondary' : 'outline'}>{type}</Badge>;
}

export function KeySearch({ value, onChange, className }: { value: string; onChange: (value: string) => void; className?: string }) {
  const id = useId();
  return (
    <div className={cn('relative', className)}>
      <label htmlFor={id} className="sr-only">
        Search keys
      </label>
      <SearchIcon className="pointer-events-none absolute top-1/2 left-3 -translate-y-1/2 text-slate-400" />
      <input
        id={id}
        type="search"
        value={value}
        onChange={(e) => onChange(e.target.value)}
        placeholder="Search by name or prefix"
        autoComplete="off"
        spellCheck={false}
        className={cn(inputClass, 'pl-9')}
      />
    </div>
  );
}

export function NoMatches({ query }: { query: string }) {
  return (
    <p role="status" className="px-4 py-8 text-center text-sm text-slate-500 dark:text-slate-400">
      No keys match “{query.trim()}”
    </p>
  );
}

export function KeysEmpty({ onCreate, compact = false }: { onCreate: () => void; compact?: boolean }) {
  return (
    <div className={cn('flex flex-col items-center gap-3 text-center', compact ? 'px-4 py-6' : 'px-6 py-12')}>
      <span className="flex h-10 w-10 items-center justify-center rounded-full bg-indigo-50 text-indigo-600 dark:bg-indigo-950 dark:text-indigo-300">
        <KeyIcon />
      </span>
      <p className="text-sm font-medium text-slate-700 dark:text-slate-200">No API keys yet</p>
      <Button size={compact ? 'sm' : 'md'} onClick={onCreate}>
        <PlusIcon />
        Create your first key
      </Button>
    </div>
  );
}

/** Announced to assistive technology while the skeleton is on screen. */
export function LoadingKeys() {
  return (
    <span role="status" className="sr-only">
      Loading API keys…
    </span>
  );
}
