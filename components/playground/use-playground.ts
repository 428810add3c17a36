// The Playground's state: endpoint, form values (times as UTC `Z`), selected key, the running
// request, the answer, and extra pages from "Load more". Every request goes through the one
// protocol call `playgroundSend`; the page never sees a key.
import { useCallback, useEffect, useMemo, useRef, useState } from 'react';
import { useAccount } from '@/components/account/AccountProvider';
import { DATA_ENDPOINTS, endpointById, type EndpointId, type EndpointSpec } from '@/lib/api/data-endpoints';
import { checkParams } from '@/lib/api/data-request';
import type { ApiErrorData } from '@/lib/api/errors';
import { useClient } from '@/lib/client';
import type { Outcome } from '@/lib/playground/types';

export interface Running {
  runId: string;
  via: 'key' | 'demo';
  more: boolean;
}

let counter = 0;
const newRunId = () => `pg-${Date.now().toString(36)}-${++counter}`;

export function usePlayground(initialKeyId: string | null) {
  const client = useClient();
  const { keys, noticeError } = useAccount();
  const [endpointId, setEndpointId] = useState<EndpointId>('orderbook');
  const [values, setValues] = useState<Record<string, string>>({});
  const [keyId, setKeyId] = useState<string | null>(initialKeyId);
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [running, setRunning] = useState<Running | null>(null);
  const [outcome, setOutcome] = useState<Outcome | null>(null);
  /** Rows of the pages after the first ("Load more"). */
  const [moreRows, setMoreRows] = useState<unknown[]>([]);
  const [nextCursor, setNextCursor] = useState<string | null>(null);
  const [failure, setFailure] = useState<ApiErrorData | null>(null);
  const runningRef = useRef<Running | null>(null);
  /** What the shown answer was asked with: "Load more" resends exactly that plus the cursor (§15.9.1). */
  const lastSent = useRef<{ endpoint: EndpointId; values: Record<string, string> } | null>(null);

  const spec: EndpointSpec = endpointById(endpointId) ?? DATA_ENDPOINTS[0]!;
  const keyRows = useMemo(() => keys.data ?? [], [keys.data]);
  const key = keyRows.find((k) => k.id === keyId) ?? null;

  // A deep link's key, or the first key once the list has loaded.
  useEffect(() => {
    if (initialKeyId) setKeyId(initialKeyId);
  }, [initialKeyId]);
  useEffect(() => {
    if (!keyId && keyRows.length) setKeyId(keyRows[0]!.id);
  }, [keyId, keyRows]);

  const chooseEndpoint = useCallback(
    (id: EndpointId) => {
      if (id === endpointId) return;
      const next = endpointById(id);
      if (!next) return;
      // Keep what still applies (the ticker, the times) when switching endpoints.
      setValues((old) => {
        const kept: Record<string, string> = {};
        const tickerValue = old.market_ticker || old.ticker || '';
        for (const f of next.fields) {
          if (f.kind === 'ticker' && f.name !== 'event_ticker') kept[f.name] = tickerValue;
          else if (old[f.name] !== undefined && f.kind !== 'cursor') kept[f.name] = old[f.name]!;
        }
        if (id === 'orderbook' && !kept.timestamp && old.start_time) kept.timestamp = old.start_time;
        if (id !== 'orderbook' && next.fields.some((f) => f.name === 'start_time') && !kept.start_time && old.timestamp) kept.start_time = old.timestamp;
        return kept;
      });
      setErrors({});
      setEndpointId(id);
    },
    [endpointId],
  );

  const setValue = useCallback((name: string, value: string) => {
    setValues((old) => ({ ...old, [name]: value }));
    setErrors((old) => {
      if (!old[name] && !(name === 'start_time' && old.end_time)) return old;
      const { [name]: _gone, ...rest } = old;
      return rest;
    });
  }, []);

  const run = useCallback(
    async (via: 'key' | 'demo', options: { cursor?: string; values?: Record<string, string>; endpoint?: EndpointId } = {}) => {
      if (runningRef.current) return;
      const useSpec = options.endpoint ? endpointById(options.endpoint)! : spec;
      const formValues = options.values ?? values;
      const sendValues = options.cursor ? { ...formValues, cursor: options.cursor } : formValues;
      const checked = checkParams(useSpec, sendValues, via === 'demo');
      if (!checked.ok) {
        setErrors(checked.errors);
        return;
      }
      if (via === 'key' && !key) {
        setErrors({ key: 'Choose a key, or create one in API Keys.' });
        return;
      }
      setErrors({});
      setFailure(null);
      const runId = newRunId();
      const state = { runId, via, more: !!options.cursor };
      runningRef.current = state;
      setRunning(state);
      try {
        const res = await client.playgroundSend(
          via === 'key'
            ? { action: 'send', runId, endpoint: useSpec.id, values: sendValues, keyId: key!.id, keyName: key!.name }
            : { action: 'demo', runId, endpoint: useSpec.id, values: sendValues },
        );
        if (!res.ok) {
          noticeError(res.error);
          if (res.error.fields) setErrors(res.error.fields);
          setFailure(res.error);
          return;
        }
        if (res.data.kind !== 'outcome') return;
        const next = res.data.outcome;
        if (next.problem?.fields && Object.keys(next.problem.fields).length) setErrors(next.problem.fields);
        const page = next.body as { data?: unknown; next_cursor?: unknown } | null;
        if (options.cursor && next.status === 200 && page && Array.isArray(page.data)) {
          setMoreRows((rows) => [...rows, ...(page.data as unknown[])]);
          setNextCursor(typeof page.next_cursor === 'string' ? page.next_cursor : null);
          setOutcome((prev) => (prev ? { ...prev, credits: next.credits, timeMs: next.timeMs, requestId: next.requestId } : next));
          return;
        }
        setOutcome(next);
        lastSent.current = { endpoint: useSpec.id, values: formValues };
        setMoreRows([]);
        setNextCursor(via === 'key' && page && typeof page.next_cursor === 'string' ? page.next_cursor : null);
      } finally {
        runningRef.current = null;
        setRunning(null);
      }
    },
    [client, key, noticeError, spec, values],
  );

  const loadMore = useCallback(() => {
    if (nextCursor && lastSent.current) void run('key', { cursor: nextCursor, ...lastSent.current });
  }, [nextCursor, run]);

  const cancel = useCallback(() => {
    const current = runningRef.current;
    if (current) void client.playgroundSend({ action: 'cancel', runId: current.runId });
  }, [client]);

  return {
    spec,
    endpointId,
    chooseEndpoint,
    values,
    setValue,
    setValues,
    errors,
    setErrors,
    keyRows,
    key,
    setKeyId,
    running,
    run,
    loadMore,
    cancel,
    outcome,
    moreRows,
    nextCursor,
    failure,
  };
}

export type PlaygroundState = ReturnType<typeof usePlayground>;
