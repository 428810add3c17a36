// "Continue with Google" as the sign-in form uses it: the background runs the flow (the popup may
// close meanwhile); this page shows what came of it, if it is still open.
import { useRef, useState } from 'react';
import { useAccount } from '@/components/account/AccountProvider';
import { saveSettingsPatch } from '@/components/settings/use-settings';
import type { ApiErrorData } from '@/lib/api/errors';
import { useClient } from '@/lib/client';
import type { Settings } from '@/lib/settings';
import { showFirstKeyNotice } from './FirstKeyNotice';

export type GoogleOutcome = { kind: 'canceled'; message: string } | { kind: 'error'; error: ApiErrorData } | null;

export function useGoogleSignIn(settings: Settings | null) {
  const client = useClient();
  const account = useAccount();
  const [busy, setBusy] = useState(false);
  const [outcome, setOutcome] = useState<GoogleOutcome>(null);
  const running = useRef(false);

  const start = async (staySignedIn: boolean) => {
    if (running.current) return;
    running.current = true;
    setBusy(true);
    setOutcome(null);
    try {
      const saved = await saveSettingsPatch(client, { staySignedIn }, settings);
      if (!saved.ok) {
        setOutcome({ kind: 'error', error: saved.error });
        return;
      }
      const res = await client.signInWithGoogle();
      if (!res.ok) setOutcome({ kind: 'error', error: res.error });
      else if (res.data.outcome === 'canceled') setOutcome({ kind: 'canceled', message: res.data.message });
      else {
        await showFirstKeyNotice(client);
        account.setSession(res.data.session);
      }
    } finally {
      running.current = false;
      setBusy(false);
    }
  };

  return { busy, outcome, start, clear: () => setOutcome(null) };
}
