// The answer: status, time, request id, credits charged and left; what went wrong and what to do
// (with buttons for the next step); then tabs "Preview" and "JSON".
import { useMemo, useState } from 'react';
import { Button } from '@/components/ui/button';
import { Card } from '@/components/ui/card';
import { Spinner } from '@/components/ui/spinner';
import { TabList, TabPanel } from '@/components/ui/tabs';
import { endpointById } from '@/lib/api/data-endpoints';
import { useClient } from '@/lib/client';
import { showLocal } from '@/lib/playground/time';
import type { Credits, NextStep, Outcome, Problem } from '@/lib/playground/types';
import { JsonView } from './JsonView';
import { Preview } from './Preview';
import { previewOf } from './preview-data';
import { credits as creditsText } from './RequestForm';
import type { PlaygroundState } from './use-playground';

export function creditsLine(c: Credits, via: 'key' | 'demo'): string {
  if (via === 'demo') return 'Free (demo): no credits charged';
  const charged = c.charged === null ? 'Charge unknown' : `Charged ${creditsText(c.charged)}${c.chargedFrom === 'estimate' ? ' (counted by the extension)' : ''}`;
  const left = c.remaining === null ? '' : ` · ${c.remaining.toLocaleString()} left${c.paygEnabled && c.remaining === 0 ? ' (Pay-As-You-Go on: further calls are billed)' : ''}`;
  return charged + left;
}

const NEXT_LABEL: Record<NextStep, string> = {
  'use-earliest': 'Use the earliest time',
  payg: 'Pay-As-You-Go',
  upgrade: 'Upgrade',
  demo: 'Run free (demo)',
  deltas: 'Try POST /deltas',
  keys: 'Go to API Keys',
  settings: 'Open Settings',
};

function ProblemBox({ problem, onStep }: { problem: Problem; onStep: (step: NextStep) => void }) {
  return (
    <div role="alert" className="flex flex-col gap-2 rounded-lg border border-amber-300 bg-amber-50 p-4 text-sm dark:border-amber-700 dark:bg-amber-950">
      <p className="font-medium text-amber-900 dark:text-amber-200">{problem.title}</p>
      <p className="text-amber-900 dark:text-amber-200">
        {problem.detail}
        {problem.earliest ? ` Earliest: ${showLocal(problem.earliest)}.` : ''}
      </p>
      {problem.serverMessage && <p className="font-mono text-xs text-amber-800 dark:text-amber-300">Server: {problem.serverMessage}</p>}
      {problem.next.length > 0 && (
        <div className="flex flex-wrap gap-2">
          {problem.next.map((step) => (
            <Button key={step} size="sm" variant={step === 'use-earliest' ? 'primary' : 'outline'} onClick={() => onStep(step)}>
              {NEXT_LABEL[step]}
            </Button>
          ))}
        </div>
      )}
    </div>
  );
}

export interface ResponsePanelProps {
  pg: PlaygroundState;
  onUseEarliest: (earliest: string) => void;
  onTryDeltas: () => void;
}

export function ResponsePanel({ pg, onUseEarliest, onTryDeltas }: ResponsePanelProps) {
  const client = useClient();
  const [tab, setTab] = useState<'preview' | 'json'>('preview');
  const { outcome, running, moreRows } = pg;
  const model = useMemo(() => (outcome ? previewOf(outcome, moreRows) : null), [outcome, moreRows]);

  const onStep = (step: NextStep, o: Outcome) => {
    if (step === 'use-earliest' && o.problem?.earliest) onUseEarliest(o.problem.earliest);
    else if (step === 'demo') void pg.run('demo');
    else if (step === 'deltas') onTryDeltas();
    else if (step === 'payg') window.location.hash = 'billing';
    else if (step === 'upgrade') void client.openCheckout();
    else if (step === 'keys') window.location.hash = 'keys';
    else if (step === 'settings') window.location.hash = 'settings';
  };

  if (!outcome) {
    return (
      <Card className="p-6 text-sm text-slate-600 dark:text-slate-300" aria-live="polite">
        {running ? <Spinner label="Sending" /> : 'The response shows here: find a market, then run it free or send it with your key.'}
      </Card>
    );
  }
  const spec = endpointById(outcome.endpoint)!;
  const label = `${outcome.via === 'demo' ? 'Demo of ' : ''}${spec.label}`;
  return (
    <Card role="region" className="flex flex-col gap-4 p-6" aria-label="Response">
      <div className="flex flex-wrap items-center gap-x-4 gap-y-1 text-sm" aria-live="polite">
        <span className="font-medium">{label}</span>
        <span className={outcome.status === 200 ? 'text-emerald-700 dark:text-emerald-400' : 'text-amber-700 dark:text-amber-400'}>
          {outcome.status === null ? 'No answer' : `Status ${outcome.status}`}
        </span>
        <span>{Math.round(outcome.timeMs)} ms</span>
        <span>
          Request id: <code className="font-mono text-xs">{outcome.requestId ?? 'none'}</code>
        </span>
        <span>{creditsLine(outcome.credits, outcome.via)}</span>
        {running && <Spinner label="Sending" />}
      </div>
      {outcome.problem && <ProblemBox problem={outcome.problem} onStep={(s) => onStep(s, outcome)} />}
      <TabList
        tabs={[
          { id: 'preview', label: 'Preview' },
          { id: 'json', label: 'JSON' },
        ]}
        value={tab}
        onChange={setTab}
        label="Response view"
        idPrefix="pg-response"
        className="flex gap-1 border-b border-slate-200 dark:border-slate-700"
        tabClassName="px-3 py-1.5 text-sm text-slate-600 data-[state=active]:border-b-2 data-[state=active]:border-indigo-600 data-[state=active]:font-medium data-[state=active]:text-indigo-700 dark:text-slate-300"
      />
      <TabPanel idPrefix="pg-response" id="preview" active={tab === 'preview'}>
        {model ? (
          <Preview model={model} label={`${label} rows`} canLoadMore={!!pg.nextCursor} loadingMore={!!running?.more} cost={spec.cost} onLoadMore={pg.loadMore} />
        ) : (
          <p className="text-sm text-slate-600 dark:text-slate-300">{outcome.problem ? 'Nothing to preview: see above.' : 'Nothing to preview; the JSON tab shows the answer.'}</p>
        )}
      </TabPanel>
      <TabPanel idPrefix="pg-response" id="json" active={tab === 'json'}>
        {outcome.body === null ? <p className="text-sm text-slate-600">No body.</p> : <JsonView value={outcome.body} />}
      </TabPanel>
    </Card>
  );
}
