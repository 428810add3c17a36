// The answer as JSON: pretty, collapsible (native <details>, keyboard-accessible), copyable. Long
// arrays show their first 200 items; "Copy JSON" always copies all of it.
import { memo } from 'react';
import { Button } from '@/components/ui/button';
import { toast } from '@/components/ui/toast';
import { copyText } from '@/components/keys/clipboard';

const MAX_ITEMS = 200;

function Leaf({ value }: { value: unknown }) {
  const cls = typeof value === 'string' ? 'text-emerald-700 dark:text-emerald-400' : typeof value === 'number' ? 'text-indigo-700 dark:text-indigo-300' : 'text-amber-700 dark:text-amber-400';
  return <span className={cls}>{JSON.stringify(value)}</span>;
}

function Node({ name, value, depth }: { name: string | null; value: unknown; depth: number }) {
  const label = name === null ? null : <span className="text-slate-500">{JSON.stringify(name)}: </span>;
  if (value === null || typeof value !== 'object') {
    return (
      <div>
        {label}
        <Leaf value={value} />
      </div>
    );
  }
  const entries: [string, unknown][] = Array.isArray(value) ? value.slice(0, MAX_ITEMS).map((v, i) => [String(i), v]) : Object.entries(value);
  const size = Array.isArray(value) ? value.length : entries.length;
  const [open, close] = Array.isArray(value) ? ['[', ']'] : ['{', '}'];
  if (size === 0) {
    return (
      <div>
        {label}
        {open}
        {close}
      </div>
    );
  }
  return (
    <details open={depth < 2}>
      <summary className="cursor-pointer select-none">
        {label}
        {open}
        <span className="text-slate-400"> {Array.isArray(value) ? `${size} items` : `${size} keys`} </span>
      </summary>
      <div className="ml-4 border-l border-slate-200 pl-2 dark:border-slate-700">
        {entries.map(([k, v]) => (
          <Node key={k} name={Array.isArray(value) ? null : k} value={v} depth={depth + 1} />
        ))}
        {Array.isArray(value) && value.length > MAX_ITEMS && <div className="text-slate-400">… {value.length - MAX_ITEMS} more (Copy JSON copies all)</div>}
      </div>
      <div>{close}</div>
    </details>
  );
}

export const JsonView = memo(function JsonView({ value }: { value: unknown }) {
  return (
    <div className="flex flex-col gap-2">
      <div>
        <Button
          size="sm"
          variant="outline"
          onClick={async () => {
            if (await copyText(JSON.stringify(value, null, 2))) toast.success('JSON copied to clipboard');
          }}
        >
          Copy JSON
        </Button>
      </div>
      <div className="max-h-[32rem] overflow-auto rounded-lg bg-slate-50 p-3 font-mono text-xs leading-5 dark:bg-slate-950" aria-label="Response JSON">
        <Node name={null} value={value} depth={0} />
      </div>
    </div>
  );
});
