// The signed-in account's recorded usage history, from the background (which validated it). Asked
// again whenever a fresh billing status arrives, since the background records a point with it.
import { useEffect, useState } from 'react';
import { useAccount } from '@/components/account/AccountProvider';
import type { UsageHistoryView } from '@/lib/messaging';
import { useClient } from '@/lib/client';

export interface UsageHistoryState {
  /** null until loaded, or while signed out. */
  view: UsageHistoryView | null;
  loaded: boolean;
  /** The background could not be asked: the charts say so, Billing itself still works. */
  error: string | null;
}

export function useUsageHistory(): UsageHistoryState {
  const client = useClient();
  const { billing } = useAccount();
  const [state, setState] = useState<UsageHistoryState>({ view: null, loaded: false, error: null });
  useEffect(() => {
    let live = true;
    void client.getUsageHistory().then((res) => {
      if (!live) return;
      if (res.ok) setState({ view: res.data, loaded: true, error: null });
      else setState((s) => ({ ...s, loaded: true, error: res.error.message }));
    });
    return () => {
      live = false;
    };
  }, [client, billing.data]);
  return state;
}
