// The signed-in account's recorded usage history, from the background (which validated it). Asked
// again whenever a fresh billing status arrives, since the background records a point with it.
// The last answer is kept for the page's life, per account: Billing shown again draws its charts at
// once from it while the history is asked afresh, and an answer with the same points keeps the
// same object, so the charts are not drawn twice.
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

const NOT_LOADED: UsageHistoryState = { view: null, loaded: false, error: null };
let last: { userId: string; state: UsageHistoryState } | null = null;

/** Same keys, same series with the same number of points and the same last point. */
function samePoints(a: UsageHistoryView | null, b: UsageHistoryView | null): boolean {
  if (!a || !b) return a === b;
  if (a.dropped !== b.dropped || a.history.keys.join() !== b.history.keys.join() || a.history.series.length !== b.history.series.length) return false;
  return a.history.series.every((s, i) => {
    const t = b.history.series[i]!;
    return s.start === t.start && s.points.length === t.points.length && JSON.stringify(s.points.at(-1)) === JSON.stringify(t.points.at(-1));
  });
}

export function useUsageHistory(): UsageHistoryState {
  const client = useClient();
  const { billing, session } = useAccount();
  const userId = session?.signedIn ? session.userId : null;
  const [state, setState] = useState<UsageHistoryState>(() => (last && last.userId === userId ? last.state : NOT_LOADED));
  useEffect(() => {
    let live = true;
    void client.getUsageHistory().then((res) => {
      if (!live) return;
      setState((s) => {
        const next: UsageHistoryState = res.ok ? { view: res.data, loaded: true, error: null } : { ...s, loaded: true, error: res.error.message };
        const kept = s.loaded && !s.error && !next.error && samePoints(s.view, next.view) ? s : next;
        if (userId) last = { userId, state: kept };
        return kept;
      });
    });
    return () => {
      live = false;
    };
  }, [client, billing.data, userId]);
  return state;
}
