// Rows as both layouts show them: newest first, filtered by the search box once there are more
// than a handful of keys.
import { useDeferredValue, useMemo, useState } from 'react';
import type { KeyUsageItem } from '@/lib/api/schemas';

/** The search box appears once there are more keys than this. */
export const SEARCH_THRESHOLD = 5;

const time = (iso: string) => Date.parse(iso) || 0;

export function newestFirst(keys: readonly KeyUsageItem[]): KeyUsageItem[] {
  return [...keys].sort((a, b) => time(b.created_at) - time(a.created_at));
}

export function matchesQuery(key: KeyUsageItem, query: string): boolean {
  const q = query.trim().toLowerCase();
  if (!q) return true;
  return key.name.toLowerCase().includes(q) || key.key_prefix.toLowerCase().includes(q);
}

export function useKeyRows(data: readonly KeyUsageItem[] | null) {
  const [query, setQuery] = useState('');
  // Typing stays responsive with 1,000 keys: the list re-filters at lower priority.
  const deferredQuery = useDeferredValue(query);
  const sorted = useMemo(() => (data ? newestFirst(data) : null), [data]);
  const searchable = (sorted?.length ?? 0) > SEARCH_THRESHOLD;
  const visible = useMemo(() => {
    if (!sorted) return null;
    // Once the box is hidden (few keys left) a leftover query must not hide rows.
    return searchable && deferredQuery.trim() ? sorted.filter((k) => matchesQuery(k, deferredQuery)) : sorted;
  }, [sorted, searchable, deferredQuery]);
  return { query, setQuery, sorted, visible, searchable };
}
