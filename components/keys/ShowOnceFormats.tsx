// The show-once view's "Copy for code" buttons: the new key as a .env line, a shell export, Python
// or curl. Loaded when the view first appears, so the popup starts without it.
import { useId } from 'react';
import { Button } from '@/components/ui/button';
import { useClient } from '@/lib/client';
import { CURL_COST, ENV_VAR, KEY_FORMATS } from '@/lib/key-formats';
import { copyKeyAs } from './copy-as';

export default function ShowOnceFormats({ rawKey }: { rawKey: string }) {
  const client = useClient();
  const headingId = useId();
  const hintId = useId();
  return (
    <div role="group" aria-labelledby={headingId} aria-describedby={hintId} className="flex flex-col gap-2">
      <p id={headingId} className="text-xs font-medium text-slate-700 dark:text-slate-300">
        Copy for code
      </p>
      <div className="grid grid-cols-2 gap-2">
        {KEY_FORMATS.map((f) => (
          <Button key={f.format} variant="outline" size="sm" className="justify-start" title={f.hint} onClick={() => void copyKeyAs(client, f.format, rawKey)}>
            {f.label}
          </Button>
        ))}
      </div>
      <p id={hintId} className="text-xs text-slate-500 dark:text-slate-400">
        Python uses the official SDK (<code className="font-mono">pip install kalshibook</code>), which also reads {ENV_VAR}. The curl command calls GET /markets. {CURL_COST}
      </p>
    </div>
  );
}
