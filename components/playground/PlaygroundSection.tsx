// Options page: the Playground (issue 18). Loaded lazily (React.lazy in entrypoints/options/App.tsx):
// nothing here is in the options page's startup JavaScript, and nothing of it is in the popup.
import { useCallback, useEffect, useId, useState } from 'react';
import { SectionHeading } from '@/components/ui/section-heading';
import type { HistoryEntry, SearchHit } from '@/lib/playground/types';
import { CodePanel } from './CodePanel';
import { HistoryList } from './HistoryList';
import { RequestForm } from './RequestForm';
import { ResponsePanel } from './ResponsePanel';
import { usePlayground } from './use-playground';

/** `#playground?key=<id>`: the key a key menu's "Try in Playground" chose. */
export function keyFromHash(hash: string): string | null {
  const m = /^#?playground\?(.*)$/.exec(hash);
  if (!m) return null;
  return new URLSearchParams(m[1]).get('key');
}

export default function PlaygroundSection() {
  const titleId = useId();
  const [linkedKey, setLinkedKey] = useState<string | null>(() => keyFromHash(window.location.hash));
  useEffect(() => {
    const onHash = () => {
      const key = keyFromHash(window.location.hash);
      if (key) setLinkedKey(key);
    };
    window.addEventListener('hashchange', onHash);
    return () => window.removeEventListener('hashchange', onHash);
  }, []);
  const pg = usePlayground(linkedKey);
  const [hits, setHits] = useState<SearchHit[]>([]);
  const [demoAvailable, setDemoAvailable] = useState(true);
  const [pendingRun, setPendingRun] = useState<'key' | 'demo' | null>(null);

  // "Run again" and "use the earliest time" fill the form, then send once the form shows it.
  useEffect(() => {
    if (!pendingRun) return;
    setPendingRun(null);
    void pg.run(pendingRun);
  }, [pendingRun, pg]);

  const rerun = useCallback(
    (entry: HistoryEntry) => {
      pg.chooseEndpoint(entry.endpoint);
      pg.setValues(Object.fromEntries(Object.entries(entry.values).filter(([name]) => name !== 'cursor')));
      if (entry.keyId) pg.setKeyId(entry.keyId);
      setPendingRun(entry.via);
    },
    [pg],
  );

  return (
    <section aria-labelledby={titleId} className="flex flex-col gap-6">
      <SectionHeading
        id={titleId}
        title="Playground"
        description="Try every KalshiBook data endpoint with one of your keys, or free on the demo, and copy the exact request."
      />
      <RequestForm pg={pg} hits={hits} onHits={setHits} demoAvailable={demoAvailable} onDemoAvailable={setDemoAvailable} />
      <ResponsePanel
        pg={pg}
        onUseEarliest={(earliest) => {
          pg.setValue('timestamp', earliest);
          setPendingRun(pg.outcome?.via ?? 'key');
        }}
        onTryDeltas={() => {
          const t = pg.values.timestamp;
          pg.chooseEndpoint('deltas');
          if (t) {
            const end = Date.parse(t);
            pg.setValues({ market_ticker: pg.values.market_ticker ?? '', start_time: new Date(end - 3_600_000).toISOString().replace('.000Z', 'Z'), end_time: t, limit: '100' });
          }
        }}
      />
      <CodePanel pg={pg} />
      <HistoryList onRerun={rerun} />
    </section>
  );
}
