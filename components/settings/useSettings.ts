// The stored settings as the background reports them, kept fresh when another page saves.
import { useCallback, useEffect, useState } from 'react';
import type { ApiErrorData } from '@/lib/api/errors';
import { useClient } from '@/lib/client';
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
export function hostOf(url: string): string | null {
  try {
    return new URL(url).host || null;
  } catch {
    return null;
  }
}

/**
 * Saves only the "Stay signed in" flag, on top of what is stored right now (read fresh so a save
 * from another page is never undone).
 */
export async function saveStaySignedIn(
  client: ReturnType<typeof useClient>,
  staySignedIn: boolean,
  fallback: Settings | null,
): Promise<{ ok: true; data: Settings } | { ok: false; error: ApiErrorData }> {
  const fresh = await client.getSettings();
  const base = fresh.ok ? fresh.data : fallback;
  if (!base) return fresh.ok ? { ok: false, error: { kind: 'extension', code: 'no_settings', message: 'Settings could not be read. Try again.' } } : fresh;
  if (base.staySignedIn === staySignedIn) return { ok: true, data: base };
  return client.saveSettings({ ...base, staySignedIn });
}
