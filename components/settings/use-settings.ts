// The stored settings as the background reports them, kept fresh when another page saves, and how
// the pages save a part of them.
import { useCallback, useEffect, useRef, useState } from 'react';
import { useAccount } from '@/components/account/AccountProvider';
import { toast } from '@/components/ui/toast';
import type { ApiErrorData } from '@/lib/api/errors';
import { useClient, type BackgroundClient } from '@/lib/client';
import type { Result } from '@/lib/messaging';
import type { Settings } from '@/lib/settings';
import { settingsItem } from '@/lib/storage';

export interface SettingsState {
  settings: Settings | null;
  loading: boolean;
  error: ApiErrorData | null;
  reload(): Promise<void>;
  /** After a successful save, with the values the background stored. */
  setSettings(settings: Settings): void;
}

export function useSettings(): SettingsState {
  const client = useClient();
  const [settings, setSettings] = useState<Settings | null>(null);
  const [loading, setLoading] = useState(true);
  const [error, setError] = useState<ApiErrorData | null>(null);

  const reload = useCallback(async () => {
    setLoading(true);
    const res = await client.getSettings();
    if (res.ok) {
      setSettings(res.data);
      setError(null);
    } else setError(res.error);
    setLoading(false);
  }, [client]);

  useEffect(() => {
    void reload();
    // Only a signal: the values themselves always come from the background.
    return settingsItem.watch(() => void reload());
  }, [reload]);

  return { settings, loading, error, reload, setSettings };
}

/** "api.kalshibook.io", "127.0.0.1:8000"; null when the URL cannot be read. */

/**
 * Saves `patch` on top of what is stored right now, read fresh so that a setting saved from another
 * page (or by another card of this one) is never undone. When the patch changes nothing, nothing is
 * written and the stored settings are the answer — unless `skipUnchanged` is false (an explicit
 * "Save" always saves). `before` is what was stored before this save.
 */
export async function saveSettingsPatch(
  client: Pick<BackgroundClient, 'getSettings' | 'saveSettings'>,
  patch: Partial<Settings>,
  fallback: Settings | null,
  { skipUnchanged = true } = {},
): Promise<Result<Settings> & { before: Settings | null }> {
  const fresh = await client.getSettings();
  const before = fresh.ok ? fresh.data : fallback;
  if (!before) {
    const error: ApiErrorData = fresh.ok ? { kind: 'extension', code: 'no_settings', message: 'Settings could not be read. Try again.' } : fresh.error;
    return { ok: false, error, before };
  }
  const unchanged = skipUnchanged && (Object.keys(patch) as (keyof Settings)[]).every((key) => before[key] === patch[key]);
  const result = unchanged ? ({ ok: true, data: before } as const) : await client.saveSettings({ ...before, ...patch });
  return { ...result, before };
}

/**
 * One setting saved the moment it changes (a checkbox, a select): the new value shows while it is
 * saved, then "Settings saved" — or the error, and the stored value again.
 */
export function useInstantSetting<T>(stored: T, toPatch: (value: T) => Partial<Settings>, settings: Settings | null, onSaved: (s: Settings) => void) {
  const client = useClient();
  const { noticeError } = useAccount();
  const [pending, setPending] = useState<{ value: T } | null>(null);
  const running = useRef(false);

  const change = async (value: T) => {
    if (running.current) return;
    running.current = true;
    setPending({ value });
    try {
      const res = await saveSettingsPatch(client, toPatch(value), settings);
      if (res.ok) {
        onSaved(res.data);
        toast.success('Settings saved');
      } else {
        toast.error(res.error.message);
        noticeError(res.error);
      }
    } finally {
      // Stored value (refreshed through the settings watch) or, on error, the old one.
      setPending(null);
      running.current = false;
    }
  };

  return { value: pending ? pending.value : stored, busy: pending !== null, change };
}
