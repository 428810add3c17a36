// The ticker field with a type-ahead over markets that have data: `GET /playground/markets` (free,
// with the session) where the server has it, else `GET /markets` with the selected key — 1 credit,
// said on the button before anything is sent. Each result shows ticker, title and its range of data.
import { useEffect, useId, useMemo, useRef, useState } from 'react';
import { Button } from '@/components/ui/button';
import { inputClass } from '@/components/ui/input';
import type { FieldSpec } from '@/lib/api/data-endpoints';
import type { KeyUsageItem } from '@/lib/api/schemas';
import { useClient } from '@/lib/client';
import { showLocal } from '@/lib/playground/time';
import type { SearchAnswer, SearchHit } from '@/lib/playground/types';

export interface MarketSearchProps {
  field: FieldSpec;
  value: string;
  error?: string;
  onChange: (value: string) => void;
  keyRow: KeyUsageItem | null;
  onHits: (hits: SearchHit[]) => void;
  onDemoAvailable: (available: boolean) => void;
}

let searchCounter = 0;

export function rangeText(hit: SearchHit): string {
  if (!hit.first) return 'no data';
  const first = /^\d{4}-\d{2}-\d{2}$/.test(hit.first) ? hit.first : showLocal(hit.first);
  const last = hit.last ? (/^\d{4}-\d{2}-\d{2}$/.test(hit.last) ? hit.last : showLocal(hit.last)) : '…';
  return `${first} – ${last}`;
}

export function MarketSearch({ field, value, error, onChange, keyRow, onHits, onDemoAvailable }: MarketSearchProps) {
  const client = useClient();
  const id = useId();
  const listId = `${id}-list`;
  const [open, setOpen] = useState(false);
  const [active, setActive] = useState(-1);
  /** The last answer and the query it answered (a free search's results are shown only for their query). */
  const [answer, setAnswer] = useState<(SearchAnswer & { q: string }) | null>(null);
  const [problem, setProblem] = useState<string | null>(null);
  const [paidBusy, setPaidBusy] = useState(false);
  // Starts with an empty query: the first results (free) are there for "Try an example".
  const [query, setQuery] = useState('');
  const latest = useRef(0);

  // Free search as the user types (debounced); a server without it says so once.
  useEffect(() => {
    if (answer?.source === 'markets' || answer?.source === 'needs-key') return;
    const ticket = ++latest.current;
    const timer = setTimeout(async () => {
      const res = await client.playgroundSend({ action: 'search', runId: `search-${++searchCounter}`, q: query });
      if (ticket !== latest.current) return;
      if (!res.ok) {
        setProblem(res.error.message);
        return;
      }
      if (res.data.kind !== 'search') return;
      setProblem(null);
      setAnswer({ ...res.data.search, q: query });
      onDemoAvailable(res.data.search.demoAvailable);
    }, 250);
    return () => clearTimeout(timer);
  }, [answer?.source, client, onDemoAvailable, query]);

  const hits = useMemo(() => {
    if (!answer) return [];
    if (answer.source !== 'markets') return answer.q === query ? answer.hits : [];
    const q = query.trim().toLowerCase();
    return answer.hits.filter((h) => !q || h.ticker.toLowerCase().includes(q) || (h.title ?? '').toLowerCase().includes(q)).slice(0, 20);
  }, [answer, query]);

  useEffect(() => {
    onHits(hits);
  }, [hits, onHits]);

  const loadWithKey = async () => {
    if (!keyRow) return;
    setPaidBusy(true);
    try {
      const res = await client.playgroundSend({ action: 'search', runId: `search-${++searchCounter}`, q: '', keyId: keyRow.id, keyName: keyRow.name });
      if (!res.ok) setProblem(res.error.message);
      else if (res.data.kind === 'search') {
        setProblem(null);
        setAnswer({ ...res.data.search, q: '' });
        setOpen(true);
      }
    } finally {
      setPaidBusy(false);
    }
  };

  const pick = (hit: SearchHit) => {
    onChange(hit.ticker);
    setOpen(false);
    setActive(-1);
  };

  const showList = open && hits.length > 0;
  return (
    <div className="relative flex flex-col gap-1">
      <label htmlFor={id} className="text-sm font-medium text-slate-800 dark:text-slate-200">
        {field.label}
      </label>
      <input
        id={id}
        role="combobox"
        aria-expanded={showList}
        aria-controls={listId}
        aria-autocomplete="list"
        aria-activedescendant={showList && active >= 0 ? `${listId}-${active}` : undefined}
        aria-invalid={error ? true : undefined}
        aria-describedby={`${id}-hint${error ? ` ${id}-error` : ''}`}
        className={inputClass}
        value={value}
        spellCheck={false}
        autoComplete="off"
        placeholder="Search markets by ticker or title"
        onFocus={() => setOpen(true)}
        onBlur={() => setTimeout(() => setOpen(false), 150)}
        onChange={(e) => {
          onChange(e.target.value);
          setQuery(e.target.value);
          setOpen(true);
          setActive(-1);
        }}
        onKeyDown={(e) => {
          if (!showList) return;
          if (e.key === 'ArrowDown') setActive((a) => Math.min(hits.length - 1, a + 1));
          else if (e.key === 'ArrowUp') setActive((a) => Math.max(0, a - 1));
          else if (e.key === 'Enter' && active >= 0) pick(hits[active]!);
          else if (e.key === 'Escape') setOpen(false);
          else return;
          e.preventDefault();
        }}
      />
      {showList && (
        <ul id={listId} role="listbox" aria-label="Markets" className="absolute top-16 z-10 max-h-72 w-full overflow-auto rounded-lg border border-slate-200 bg-white shadow-lg dark:border-slate-700 dark:bg-slate-900">
          {hits.map((hit, i) => (
            <li
              key={hit.ticker}
              id={`${listId}-${i}`}
              role="option"
              aria-selected={i === active}
              className="cursor-pointer px-3 py-2 text-sm aria-selected:bg-indigo-50 hover:bg-slate-50 dark:aria-selected:bg-slate-800 dark:hover:bg-slate-800"
              onMouseDown={(e) => {
                e.preventDefault();
                pick(hit);
              }}
            >
              <span className="block font-mono text-xs font-medium">{hit.ticker}</span>
              {hit.title && <span className="block text-slate-600 dark:text-slate-300">{hit.title}</span>}
              <span className="block text-xs text-slate-500 dark:text-slate-400">Data: {rangeText(hit)}</span>
            </li>
          ))}
        </ul>
      )}
      <p id={`${id}-hint`} className="text-xs text-slate-500 dark:text-slate-400">
        {answer?.source === 'markets' ? `${answer.hits.length} markets with data, from GET /markets. ` : ''}
        {field.help}
      </p>
      {answer?.source === 'needs-key' && (
        <div className="flex flex-wrap items-center gap-2 text-xs text-slate-600 dark:text-slate-300">
          <span>This server has no free market search. Listing markets uses GET /markets with your key.</span>
          <Button size="sm" variant="outline" disabled={!keyRow} busy={paidBusy} onClick={() => void loadWithKey()}>
            {keyRow ? `List markets with ${keyRow.name} · 1 credit` : 'Choose a key to list markets'}
          </Button>
        </div>
      )}
      {problem && (
        <p role="alert" className="text-xs text-red-600 dark:text-red-400">
          {problem}
        </p>
      )}
      {error && (
        <p id={`${id}-error`} role="alert" className="text-xs text-red-600 dark:text-red-400">
          {error}
        </p>
      )}
    </div>
  );
}
