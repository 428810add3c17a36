// Settings → "Clear clipboard after copying a key" (Never, 30 seconds, 1 minute, 2 or 5 minutes).
// Saved at once on change, on top of what is stored right now (another page may have saved
// something else meanwhile). The background reads it each time a key is copied.
import { useId, useRef, useState } from 'react';
import { toast } from '@/components/ui/toast';
import { useAccount } from '@/components/account/AccountProvider';
import { Card } from '@/components/ui/card';
import { cn } from '@/components/ui/cn';
import { inputClass } from '@/components/ui/input';
import type { ApiErrorData } from '@/lib/api/errors';
import type { BackgroundClient } from '@/lib/client';
import { useClient } from '@/lib/client';
import { CLIPBOARD_CLEAR_CHOICES, isClipboardClearSeconds, type ClipboardClearSeconds, type Settings } from '@/lib/settings';

export const CLIPBOARD_SETTING_LABEL = 'Clear clipboard after copying a key';
export const CLIPBOARD_SETTING_HINT =
  'After the extension copies a full API key (in any format, not a prefix), the clipboard is emptied after this time — also when the popup is closed. Signing out empties it at once if a key copied by the extension may still be there.';

export function ClipboardSetting({ settings, onSaved }: { settings: Settings; onSaved: (s: Settings) => void }) {
  const client = useClient();
  const { noticeError } = useAccount();
  const [override, setOverride] = useState<ClipboardClearSeconds | null>(null);
  const [busy, setBusy] = useState(false);
  const running = useRef(false);
  const id = useId();
  const value = override ?? settings.clipboardClearSeconds;

  const onChange = async (seconds: number) => {
    if (running.current || !isClipboardClearSeconds(seconds)) return;
    running.current = true;
    setBusy(true);
    setOverride(seconds);
    try {
      const res = await saveClipboardClear(client, seconds, settings);
      if (res.ok) {
        onSaved(res.data);
        toast.success('Settings saved');
      } else {
        toast.error(res.error.message);
        noticeError(res.error);
      }
    } finally {
      setOverride(null);
      running.current = false;
      setBusy(false);
    }
  };

  return (
    <Card className="flex flex-col gap-1 p-6">
      <h3 className="mb-2 text-sm font-medium text-slate-800 dark:text-slate-200">Clipboard</h3>
      <label htmlFor={id} className="text-sm font-medium text-slate-800 dark:text-slate-200">
        {CLIPBOARD_SETTING_LABEL}
      </label>
      <select
        id={id}
        value={value}
        disabled={busy}
        aria-describedby={`${id}-hint`}
        onChange={(e) => void onChange(Number(e.target.value))}
        className={cn(inputClass, 'max-w-xs pr-8')}
      >
        {CLIPBOARD_CLEAR_CHOICES.map((c) => (
          <option key={c.seconds} value={c.seconds}>
            {c.label}
          </option>
        ))}
      </select>
      <p id={`${id}-hint`} className="text-xs text-slate-500 dark:text-slate-400">
        {CLIPBOARD_SETTING_HINT}
      </p>
    </Card>
  );
}

export async function saveClipboardClear(
  client: Pick<BackgroundClient, 'getSettings' | 'saveSettings'>,
  clipboardClearSeconds: ClipboardClearSeconds,
  fallback: Settings,
): Promise<{ ok: true; data: Settings } | { ok: false; error: ApiErrorData }> {
  const fresh = await client.getSettings();
  const base = fresh.ok ? fresh.data : fallback;
  if (base.clipboardClearSeconds === clipboardClearSeconds) return { ok: true, data: base };
  return client.saveSettings({ ...base, clipboardClearSeconds });
}
