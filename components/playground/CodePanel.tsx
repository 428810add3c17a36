// The same request as code: curl, Python (official SDK), JavaScript fetch. The key is masked on
// screen; "Copy" reveals it through the copy-for-code path (useCopyKey), so the clipboard is
// cleared after the time set in Settings.
import { useEffect, useState } from 'react';
import { Button } from '@/components/ui/button';
import { Card } from '@/components/ui/card';
import { TabList, TabPanel } from '@/components/ui/tabs';
import { toast } from '@/components/ui/toast';
import { announceKeyCopy } from '@/components/keys/announce-copy';
import { copyText } from '@/components/keys/clipboard';
import { useCopyKey } from '@/components/keys/use-copy-key';
import { checkParams } from '@/lib/api/data-request';
import { useClient } from '@/lib/client';
import { KeyFormatError } from '@/lib/key-formats';
import { CODE_LANGUAGES, codeFor, maskedKey, type CodeLanguage } from '@/lib/playground/code';
import type { PlaygroundState } from './use-playground';

export function CodePanel({ pg }: { pg: PlaygroundState }) {
  const client = useClient();
  const { copyKey, copyingId } = useCopyKey('offer-prefix');
  const [language, setLanguage] = useState<CodeLanguage>('curl');
  const [baseUrl, setBaseUrl] = useState<string | null>(null);
  useEffect(() => {
    void client.getSettings().then((res) => setBaseUrl(res.ok ? res.data.apiBaseUrl : null));
  }, [client]);

  const checked = checkParams(pg.spec, pg.values);
  const info = CODE_LANGUAGES.find((l) => l.id === language)!;
  const input = checked.ok && baseUrl ? { spec: pg.spec, params: checked.params, baseUrl } : null;
  const shown = input ? codeFor(language, { ...input, key: pg.key ? maskedKey(pg.key.key_prefix) : null }) : null;
  const cost = `Running it costs ${pg.spec.cost} ${pg.spec.cost === 1 ? 'credit' : 'credits'}.`;

  const copy = async () => {
    if (!input) return;
    if (!pg.key) {
      if (await copyText(codeFor(language, { ...input, key: null }))) toast.success(`${info.label} copied to clipboard`, { description: `It reads the key from KALSHIBOOK_API_KEY. ${cost}` });
      return;
    }
    await copyKey(pg.key, async (raw) => {
      let text: string;
      try {
        text = codeFor(language, { ...input, key: raw });
      } catch (error) {
        if (error instanceof KeyFormatError) {
          toast.error(error.message);
          return;
        }
        throw error;
      }
      if (await copyText(text)) await announceKeyCopy(client, info.copied, cost);
    });
  };

  return (
    <Card role="region" className="flex flex-col gap-3 p-6" aria-label="Code">
      <div className="flex flex-wrap items-center justify-between gap-2">
        <TabList
          tabs={CODE_LANGUAGES.map((l) => ({ id: l.id, label: l.label }))}
          value={language}
          onChange={setLanguage}
          label="Code"
          idPrefix="pg-code"
          className="flex gap-1"
          tabClassName="rounded-md px-3 py-1 text-sm text-slate-600 data-[state=active]:bg-slate-100 data-[state=active]:font-medium data-[state=active]:text-slate-900 dark:text-slate-300 dark:data-[state=active]:bg-slate-800 dark:data-[state=active]:text-slate-100"
        />
        <Button size="sm" variant="outline" onClick={() => void copy()} disabled={!input} busy={!!pg.key && copyingId === pg.key.id}>
          Copy
        </Button>
      </div>
      <TabPanel idPrefix="pg-code" id={language} active>
        {shown ? (
          <pre className="overflow-x-auto rounded-lg bg-slate-950 p-4 font-mono text-xs leading-5 text-slate-100">
            <code>{shown}</code>
          </pre>
        ) : (
          <p className="text-sm text-slate-600 dark:text-slate-300">Fill in the required fields to see the request as code.</p>
        )}
      </TabPanel>
      <p className="text-xs text-slate-500 dark:text-slate-400">
        {pg.key ? `The key is masked here; Copy puts the full key of ${pg.key.name} in the code, and the clipboard is cleared as set in Settings.` : 'With no key chosen, the code reads KALSHIBOOK_API_KEY.'}{' '}
        {language === 'python' ? 'Needs the official SDK: pip install kalshibook. ' : ''}
        {cost}
      </p>
    </Card>
  );
}
