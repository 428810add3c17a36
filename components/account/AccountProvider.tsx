// The account state both pages show: session, keys and billing. Cache-first: the last known keys
// and plan (non-secret, storage.local) render at once while fresh data is requested; the three
// first requests go out together, none waits for another.
import { createContext, useCallback, useContext, useEffect, useMemo, useRef, useState, type ReactNode } from 'react';
import type { ApiErrorData } from '@/lib/api/errors';
import type { BillingStatus, KeyUsageItem } from '@/lib/api/schemas';
import { useClient } from '@/lib/client';
import type { Result } from '@/lib/messaging';
import type { SessionView } from '@/lib/session/session';
import { dataCacheItem, sessionChangeItem, type DataCache } from '@/lib/storage';

export interface Loadable<T> {
  data: T | null;
  /** A request is in flight (data may still be shown from the cache). */
  loading: boolean;
  error: ApiErrorData | null;
}

export interface Account {
  /** null until the background has answered once. */
  session: SessionView | null;
  keys: Loadable<KeyUsageItem[]>;
  billing: Loadable<BillingStatus>;
  reloadKeys(): Promise<void>;
  reloadBilling(): Promise<void>;
  setSession(view: SessionView): void;
  /** Call with any error result: an expired session flips the UI to the sign-in form. */
  noticeError(error: ApiErrorData): void;
  /** Optimistic local edits after a successful action. */
  removeKey(id: string): void;
  upsertKey(key: KeyUsageItem): void;
}

const AccountContext = createContext<Account | null>(null);

const idle = <T,>(): Loadable<T> => ({ data: null, loading: true, error: null });

const isSessionError = (e: ApiErrorData) => e.kind === 'session_expired' || e.kind === 'signed_out';

/** The first requests, sent before this provider mounted (the popup sends them first thing). */
export interface InitialRequests {
  session: Promise<Result<SessionView>>;
  keys: Promise<Result<KeyUsageItem[]>>;
  billing: Promise<Result<BillingStatus>>;
  /** When they were sent (epoch ms). */
  sentAt: number;
}

/**
 * `initialCache`: the cache read before the first render (the popup does this so its very first
 * paint already shows keys and plan). `initialRequests`: answers already on their way, used
 * instead of asking again when the provider mounts (each one once).
 */
export function AccountProvider({ children, initialCache = null, initialRequests }: { children: ReactNode; initialCache?: DataCache | null; initialRequests?: InitialRequests }) {
  const client = useClient();
  const early = useRef<Partial<InitialRequests> | undefined>(initialRequests);
  /** An early request of this kind, once: later calls ask the background anew. */
  const takeEarly = useCallback(<K extends 'session' | 'keys' | 'billing'>(kind: K): { request: InitialRequests[K]; sentAt: number } | null => {
    const pending = early.current?.[kind];
    if (!pending || !early.current) return null;
    delete early.current[kind];
    return { request: pending as InitialRequests[K], sentAt: early.current.sentAt ?? Date.now() };
  }, []);
  const [session, setSession] = useState<SessionView | null>(null);
  const [keys, setKeys] = useState<Loadable<KeyUsageItem[]>>(() => ({ ...idle<KeyUsageItem[]>(), data: initialCache?.keys ?? null }));
  const [billing, setBilling] = useState<Loadable<BillingStatus>>(() => ({ ...idle<BillingStatus>(), data: initialCache?.billing ?? null }));
  const mounted = useRef(true);
  /** The session as last applied, for comparisons outside render. */
  const sessionRef = useRef<SessionView | null>(null);

  // Answers can arrive out of order: only the newest request of each kind is applied, and a local
  // edit (revoke, create) makes answers to requests sent before it stale too.
  const generation = useRef({ keys: 0, billing: 0 });
  /** When the request whose error is shown was sent: a later success (ours or another page's) ends it. */
  const failedAt = useRef({ keys: Infinity, billing: Infinity });

  // An error belongs to the request that failed: data the background fetched by a request sent
  // after that one (its cache write can reach this page before our own answer does) ends it.
  const applyCache = useCallback((cache: DataCache | null) => {
    if (!mounted.current || !cache) return;
    const fresh = (kind: 'keys' | 'billing') => (cache.fetchedAt?.[kind] ?? -Infinity) >= failedAt.current[kind];
    if (cache.keys) {
      const clear = fresh('keys');
      setKeys((s) => ({ ...s, data: cache.keys, error: clear ? null : s.error }));
    }
    if (cache.billing) {
      const clear = fresh('billing');
      setBilling((s) => ({ ...s, data: cache.billing, error: clear ? null : s.error }));
    }
  }, []);

  const refreshSession = useCallback(async () => {
    const res = await (takeEarly('session')?.request ?? client.getSession());
    if (mounted.current && res.ok) {
      sessionRef.current = res.data;
      setSession(res.data);
    }
  }, [client, takeEarly]);

  const noticeError = useCallback(
    (error: ApiErrorData) => {
      if (isSessionError(error)) void refreshSession();
    },
    [refreshSession],
  );

  const load = useCallback(
    async <T,>(kind: 'keys' | 'billing', request: () => Promise<Result<T>>, set: (fn: (s: Loadable<T>) => Loadable<T>) => void, sentBefore?: number) => {
      const mine = ++generation.current[kind];
      const sentAt = sentBefore ?? Date.now();
      set((s) => ({ ...s, loading: true }));
      const res = await request();
      if (!mounted.current || mine !== generation.current[kind]) return;
      if (res.ok) {
        failedAt.current[kind] = Infinity;
        set(() => ({ data: res.data, loading: false, error: null }));
      } else {
        // The last good data stays on screen next to the error.
        failedAt.current[kind] = sentAt;
        set((s) => ({ ...s, loading: false, error: res.error }));
        noticeError(res.error);
      }
    },
    [noticeError],
  );

  const reloadKeys = useCallback(() => {
    const first = takeEarly('keys');
    return first ? load('keys', () => first.request, setKeys, first.sentAt) : load('keys', () => client.listKeys(), setKeys);
  }, [client, load, takeEarly]);
  const reloadBilling = useCallback(() => {
    const first = takeEarly('billing');
    return first ? load('billing', () => first.request, setBilling, first.sentAt) : load('billing', () => client.getBilling(), setBilling);
  }, [client, load, takeEarly]);

  useEffect(() => {
    mounted.current = true;
    void dataCacheItem.getValue().then(applyCache);
    void refreshSession();
    void reloadKeys();
    void reloadBilling();
    const unwatch = dataCacheItem.watch((cache) => {
      if (cache) applyCache(cache);
      else {
        setKeys((s) => ({ ...s, data: null }));
        setBilling((s) => ({ ...s, data: null }));
      }
    });
    return () => {
      mounted.current = false;
      unwatch();
    };
  }, [applyCache, refreshSession, reloadKeys, reloadBilling]);

  const onSession = useCallback(
    (view: SessionView) => {
      const previous = sessionRef.current;
      sessionRef.current = view;
      // A new session (signed in, or another account): errors of requests sent before it belong
      // to the session that is gone ("Sign in to KalshiBook first." from a request made while
      // signed out); they go before the new session is shown, not when its answers arrive.
      if (!previous || previous.signedIn !== view.signedIn || previous.userId !== view.userId) {
        failedAt.current = { keys: Infinity, billing: Infinity };
        // Answers to requests sent under the old session are not applied either.
        generation.current.keys++;
        generation.current.billing++;
        setKeys((s) => ({ ...s, error: null }));
        setBilling((s) => ({ ...s, error: null }));
      }
      setSession(view);
      if (view.signedIn) {
        void reloadKeys();
        void reloadBilling();
      } else {
        setKeys({ data: null, loading: false, error: null });
        setBilling({ data: null, loading: false, error: null });
      }
    },
    [reloadKeys, reloadBilling],
  );

  // Follow sign-in and sign-out done in another page (or an expiry the background noticed).
  useEffect(
    () =>
      sessionChangeItem.watch(async (change) => {
        if (!change) return;
        const current = sessionRef.current;
        if (current && current.signedIn === change.signedIn && current.userId === change.userId) return;
        const res = await client.getSession();
        if (mounted.current && res.ok) onSession(res.data);
      }),
    [client, onSession],
  );

  const removeKey = useCallback((id: string) => {
    generation.current.keys++;
    setKeys((s) => ({ ...s, loading: false, data: s.data ? s.data.filter((k) => k.id !== id) : s.data }));
  }, []);
  const upsertKey = useCallback((key: KeyUsageItem) => {
    generation.current.keys++;
    setKeys((s) => ({ ...s, loading: false, data: [key, ...(s.data ?? []).filter((k) => k.id !== key.id)] }));
  }, []);

  const value = useMemo<Account>(
    () => ({ session, keys, billing, reloadKeys, reloadBilling, setSession: onSession, noticeError, removeKey, upsertKey }),
    [session, keys, billing, reloadKeys, reloadBilling, onSession, noticeError, removeKey, upsertKey],
  );
  return <AccountContext.Provider value={value}>{children}</AccountContext.Provider>;
}

export function useAccount(): Account {
  const account = useContext(AccountContext);
  if (!account) throw new Error('useAccount outside AccountProvider');
  return account;
}
