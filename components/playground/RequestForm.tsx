// The request: endpoint, key, the endpoint's fields (built from its description), and the buttons
// with their price: "Run free (demo)", "Send with {key name} · {n} credits", "Cancel" while running.
import { useId, useState } from 'react';
import { Button } from '@/components/ui/button';
import { Card } from '@/components/ui/card';
import { inputClass } from '@/components/ui/input';
import { DATA_ENDPOINTS, type EndpointId } from '@/lib/api/data-endpoints';
import { exampleValues } from '@/lib/playground/example';
import type { SearchHit } from '@/lib/playground/types';
import { FieldInput } from './FieldInput';
import { MarketSearch } from './MarketSearch';
import type { PlaygroundState } from './use-playground';

export const credits = (n: number) => `${n} ${n === 1 ? 'credit' : 'credits'}`;

export function sendLabel(keyName: string, cost: number): string {
  return `Send with ${keyName} · ${credits(cost)}`;
}

export interface RequestFormProps {
  pg: PlaygroundState;
  hits: SearchHit[];
  onHits: (hits: SearchHit[]) => void;
  demoAvailable: boolean;
  onDemoAvailable: (available: boolean) => void;
}

export function RequestForm({ pg, hits, onHits, demoAvailable, onDemoAvailable }: RequestFormProps) {
  const endpointSelect = useId();
  const keySelect = useId();
  const [exampleProblem, setExampleProblem] = useState<string | null>(null);
  const { spec, values, errors, running } = pg;

  const tryExample = () => {
    const current = values.market_ticker || values.ticker;
    const candidates = [...hits].sort((a, b) => Number(b.ticker === current) - Number(a.ticker === current));
    for (const hit of candidates) {
      const example = exampleValues(spec, hit);
      if (example) {
        pg.setValues(example);
        pg.setErrors({});
        setExampleProblem(null);
        return;
      }
    }
    setExampleProblem(hits.length ? 'None of the markets found has data for this endpoint. Search for another market.' : 'Search for a market first: the example uses one the search found.');
  };

  const demoNote = !spec.demo ? `The free demo covers POST /orderbook, POST /trades and GET /candles/{ticker}.` : !demoAvailable ? 'This server has no free demo.' : null;

  return (
    <Card className="flex flex-col gap-5 p-6">
      <div className="grid gap-4 sm:grid-cols-2">
        <div className="flex flex-col gap-1">
          <label htmlFor={endpointSelect} className="text-sm font-medium text-slate-800 dark:text-slate-200">
            Endpoint
          </label>
          <select id={endpointSelect} className={inputClass} value={spec.id} onChange={(e) => pg.chooseEndpoint(e.target.value as EndpointId)}>
            {DATA_ENDPOINTS.map((e) => (
              <option key={e.id} value={e.id}>
                {e.label} · {credits(e.cost)}
              </option>
            ))}
          </select>
          <p className="text-xs text-slate-500 dark:text-slate-400">{spec.summary}</p>
        </div>
        <div className="flex flex-col gap-1">
          <label htmlFor={keySelect} className="text-sm font-medium text-slate-800 dark:text-slate-200">
            Key
          </label>
          <select
            id={keySelect}
            className={inputClass}
            value={pg.key?.id ?? ''}
            onChange={(e) => pg.setKeyId(e.target.value || null)}
            aria-invalid={errors.key ? true : undefined}
          >
            {pg.keyRows.length === 0 && <option value="">No keys yet</option>}
            {pg.keyRows.map((k) => (
              <option key={k.id} value={k.id}>
                {k.name} ({k.key_prefix}…)
              </option>
            ))}
          </select>
          <p className="text-xs text-slate-500 dark:text-slate-400">Used by the extension for this request only; never shown here.</p>
          {errors.key && (
            <p role="alert" className="text-xs text-red-600 dark:text-red-400">
              {errors.key}
            </p>
          )}
        </div>
      </div>

      <form
        className="grid gap-4 sm:grid-cols-2"
        aria-label={`${spec.label} parameters`}
        noValidate
        onSubmit={(e) => {
          e.preventDefault();
          void pg.run('key');
        }}
      >
        {spec.fields.length === 0 && <p className="text-sm text-slate-600 dark:text-slate-300 sm:col-span-2">This endpoint takes no parameters.</p>}
        {spec.fields
          .filter((f) => f.kind !== 'cursor')
          .map((field) =>
            field.kind === 'ticker' && field.name !== 'event_ticker' ? (
              <div key={`${spec.id}-${field.name}`} className="sm:col-span-2">
                <MarketSearch
                  field={field}
                  value={values[field.name] ?? ''}
                  error={errors[field.name]}
                  onChange={(v) => pg.setValue(field.name, v)}
                  keyRow={pg.key}
                  onHits={onHits}
                  onDemoAvailable={onDemoAvailable}
                />
              </div>
            ) : (
              <FieldInput
                key={`${spec.id}-${field.name}`}
                field={field}
                value={values[field.name] ?? ''}
                error={errors[field.name]}
                onChange={(v) => pg.setValue(field.name, v)}
                demoLimit={spec.demo?.limits[field.name]}
              />
            ),
          )}
        <button type="submit" hidden tabIndex={-1} aria-hidden="true" />
      </form>

      <div className="flex flex-wrap items-center gap-2">
        <Button variant="outline" onClick={tryExample} disabled={!!running}>
          Try an example
        </Button>
        <Button variant="secondary" onClick={() => void pg.run('demo')} disabled={!!running || !spec.demo || !demoAvailable} busy={running?.via === 'demo'} title={demoNote ?? 'Free, with your session'}>
          Run free (demo)
        </Button>
        <Button onClick={() => void pg.run('key')} disabled={!!running || !pg.key} busy={running?.via === 'key' && !running.more}>
          {pg.key ? sendLabel(pg.key.name, spec.cost) : `Send · ${credits(spec.cost)}`}
        </Button>
        {running && (
          <Button variant="ghost" onClick={pg.cancel}>
            Cancel
          </Button>
        )}
      </div>
      {demoNote && <p className="text-xs text-slate-500 dark:text-slate-400">{demoNote}</p>}
      {exampleProblem && (
        <p role="alert" className="text-sm text-amber-700 dark:text-amber-400">
          {exampleProblem}
        </p>
      )}
      {pg.failure && !pg.failure.fields && (
        <p role="alert" className="text-sm text-red-600 dark:text-red-400">
          {pg.failure.message}
        </p>
      )}
    </Card>
  );
}
