// What every background feature shares: the session, the clock, the settings, authenticated
// calls, and the one queue that edits the non-secret data cache.
import type { FetchLike } from '../api/client';
import { ApiError } from '../api/errors';
import type { Authed } from '../api/kalshibook';
import { sameData } from '../same-data';
import { Session } from '../session/session';
import type { Settings } from '../settings';
import { dataCacheItem, getSettings, restoreInstantOpen, writeDataCache, type DataCache } from '../storage';

/** What the context itself needs from outside (fakes in tests). */
export interface ContextDeps {
  fetch?: FetchLike;
  now?: () => number;
  /** The Playground's request timeout (30 s unless given). */
  playgroundTimeoutMs?: number;
}

type CachePatch = Partial<Pick<DataCache, 'keys' | 'billing' | 'fetchedAt'>>;

export class ServiceContext {
  readonly session: Session;
  /** Cache edits run one after another, each on what the previous one wrote. */
  private cacheQueue: Promise<unknown> = Promise.resolve();

  constructor(
    readonly deps: ContextDeps,
    onSignedOut: () => Promise<void>,
  ) {
    this.session = new Session({ fetch: deps.fetch, now: deps.now, onSignedOut });
  }

  now(): number {
    return this.deps.now?.() ?? Date.now();
  }

  settings(): Promise<Settings> {
    return getSettings();
  }

  /** An API call with a fresh access token (refreshed and retried once on a 401). */
  async call<T>(fn: (ctx: Authed) => Promise<T>): Promise<T> {
    const settings = await getSettings();
    return this.session.authed((token) => fn({ baseUrl: settings.apiBaseUrl, token, fetch: this.deps.fetch }));
  }

  /** Edits the signed-in account's cache; a function patch sees the current cache (or null). */
  updateCache(patch: CachePatch | ((cache: DataCache | null) => CachePatch | null)): Promise<void> {
    return this.queued(async () => {
      const view = await this.session.view();
      if (!view.signedIn || !view.userId) return;
      const cache = await dataCacheItem.getValue();
      const own = cache && cache.userId === view.userId ? cache : null;
      const change = typeof patch === 'function' ? patch(own) : patch;
      if (!change) return;
      const base: DataCache = own ?? { userId: view.userId, keys: null, billing: null, updatedAt: 0 };
      const next = { ...base, ...change };
      // Unchanged data is not rewritten: `updatedAt` then still identifies the popup's snapshot of it.
      if (own && sameData([next.keys, next.billing], [own.keys, own.billing])) return;
      await writeDataCache({ ...next, updatedAt: this.now() });
    });
  }

  /** After a browser restart: the popup's instant-open copy again (in the queue: no edit is lost). */
  restoreInstantOpen(): Promise<void> {
    return this.queued(restoreInstantOpen);
  }

  /** Runs `work` after every cache write queued before it; a failure does not stop the queue. */
  private queued(work: () => Promise<void>): Promise<void> {
    const run = this.cacheQueue.then(work);
    this.cacheQueue = run.catch(() => undefined);
    return run;
  }
}

/** A typed input error for one field, shown next to that field. */
export function validation(field: string, message: string): ApiError {
  return new ApiError({ kind: 'validation', code: 'invalid_input', message, fields: { [field]: message } });
}
