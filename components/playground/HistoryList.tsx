// The last 20 requests (endpoint, parameters, key name, status, time; never a key or a body),
// each re-runnable, and "Clear". Written by the background (storage.local), read here.
import { useEffect, useState } from 'react';
import { Button } from '@/components/ui/button';
import { Card } from '@/components/ui/card';
import { endpointById } from '@/lib/api/data-endpoints';
import { useClient } from '@/lib/client';
import type { HistoryEntry } from '@/lib/playground/types';
import { playgroundHistoryItem } from '@/lib/storage';

export function paramsText(values: Record<string, string>): string {
  return Object.entries(values)
    .filter(([k, v]) => v !== '' && k !== 'cursor')
    .map(([k, v]) => `${k}=${v}`)
    .join(', ');
}

export function HistoryList({ onRerun }: { onRerun: (entry: HistoryEntry) => void }) {
  const client = useClient();
  const [entries, setEntries] = useState<HistoryEntry[]>([]);
  useEffect(() => {
    let live = true;
    void playgroundHistoryItem.getValue().then((list) => live && setEntries(Array.isArray(list) ? list : []));
    const unwatch = playgroundHistoryItem.watch((list) => setEntries(Array.isArray(list) ? list : []));
    return () => {
      live = false;
      unwatch();
    };
  }, []);

  return (
    <Card role="region" className="flex flex-col gap-3 p-6" aria-label="History">
      <div className="flex items-center justify-between">
        <h3 className="text-sm font-medium">History</h3>
        <Button size="sm" variant="ghost" disabled={!entries.length} onClick={() => void client.playgroundSend({ action: 'clear-history' })}>
          Clear
        </Button>
      </div>
      {entries.length === 0 ? (
        <p className="text-sm text-slate-600 dark:text-slate-300">Your last 20 requests show here. No keys and no responses are kept.</p>
      ) : (
        <ul className="flex flex-col divide-y divide-slate-100 text-sm dark:divide-slate-800">
          {entries.map((e) => {
            const label = endpointById(e.endpoint)?.label ?? e.endpoint;
            const params = paramsText(e.values);
            return (
              <li key={e.id} className="flex flex-wrap items-center justify-between gap-2 py-2">
                <div className="flex min-w-0 flex-col">
                  <span className="font-medium">
                    {label} <span className="font-normal text-slate-500">· {e.via === 'demo' ? 'demo' : e.keyName}</span>
                  </span>
                  <span className="truncate font-mono text-xs text-slate-500">{params || 'no parameters'}</span>
                  <span className="text-xs text-slate-500">
                    {e.status === null ? (e.problem ?? 'no answer') : `Status ${e.status}`} · {e.timeMs} ms · {new Date(e.at).toLocaleString()}
                  </span>
                </div>
                <Button size="sm" variant="outline" aria-label={`Run again: ${label}${params ? ` ${params}` : ''}`} onClick={() => onRerun(e)}>
                  Run again
                </Button>
              </li>
            );
          })}
        </ul>
      )}
    </Card>
  );
}
