// Settings → "Clear clipboard after copying a key" (Never, 30 seconds, 1 minute, 2 or 5 minutes).
// Saved at once on change, on top of what is stored right now (another page may have saved
// something else meanwhile). The background reads it each time a key is copied.
import { useId } from 'react';
import { Card } from '@/components/ui/card';
import { cn } from '@/components/ui/cn';
import { inputClass } from '@/components/ui/input';
import { CLIPBOARD_CLEAR_CHOICES, isClipboardClearSeconds, type Settings } from '@/lib/settings';
import { useInstantSetting } from './use-settings';

export const CLIPBOARD_SETTING_LABEL = 'Clear clipboard after copying a key';
export const CLIPBOARD_SETTING_HINT =
  'After the extension copies a full API key (in any format, not a prefix), the clipboard is emptied after this time — also when the popup is closed. Signing out empties it at once if a key copied by the extension may still be there.';

export function ClipboardSetting({ settings, onSaved }: { settings: Settings; onSaved: (s: Settings) => void }) {
  const setting = useInstantSetting(settings.clipboardClearSeconds, (clipboardClearSeconds) => ({ clipboardClearSeconds }), settings, onSaved);
  const id = useId();
  const onChange = (seconds: number) => {
    if (isClipboardClearSeconds(seconds)) void setting.change(seconds);
  };

  return (
    <Card className="flex flex-col gap-1 p-6">
      <h3 className="mb-2 text-sm font-medium text-slate-800 dark:text-slate-200">Clipboard</h3>
      <label htmlFor={id} className="text-sm font-medium text-slate-800 dark:text-slate-200">
        {CLIPBOARD_SETTING_LABEL}
      </label>
      <select
        id={id}
        value={setting.value}
        disabled={setting.busy}
        aria-describedby={`${id}-hint`}
        onChange={(e) => onChange(Number(e.target.value))}
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
