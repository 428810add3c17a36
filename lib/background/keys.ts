// API keys in the background: list (with usage), create (optionally held for the popup until
// "Done"), rename, reveal, revoke. Double clicks and two tabs collapse into one request.
import { browser } from 'wxt/browser';
import { ApiError } from '../api/errors';
import { kalshibook } from '../api/kalshibook';
import type { ApiKeyInfo, CreatedKey, KeyUsageItem } from '../api/schemas';
import { keyNameProblem } from '../format';
import { pendingKeyItem, PENDING_KEY_TTL_MS, type PendingKey } from '../storage';
import { validation, type ServiceContext } from './context';

export const PENDING_KEY_ALARM = 'kb-pending-key-expiry';

export class KeysFeature {
  private readonly inflightRevokes = new Map<string, Promise<{ alreadyRevoked: boolean }>>();
  private readonly inflightCreates = new Map<string, Promise<CreatedKey>>();
  // Answers can arrive out of order: each list request and key edit gets a stamp, and an answer
  // older than what the cache already holds is not written over it.
  private stamp = 0;
  private applied = 0;

  private readonly listeners: ((keys: KeyUsageItem[]) => Promise<void>)[] = [];

  constructor(private readonly ctx: ServiceContext) {}

  /** Called with every fresh key list with usage (the usage history). */
  onList(listener: (keys: KeyUsageItem[]) => Promise<void>): void {
    this.listeners.push(listener);
  }

  /** Marks a key edit the server confirmed: key lists requested before it are older than the cache. */
  private edited(): void {
    this.applied = ++this.stamp;
  }

  async list(): Promise<KeyUsageItem[]> {
    const stamp = ++this.stamp;
    const sentAt = this.ctx.now();
    const res = await this.ctx.call((api) => kalshibook.listKeysWithUsage(api));
    if (stamp > this.applied) {
      this.applied = stamp;
      await this.ctx.updateCache((cache) => ({ keys: res.data, fetchedAt: { ...cache?.fetchedAt, keys: sentAt } }));
      for (const listener of this.listeners) await listener(res.data);
    }
    return res.data;
  }

  /** A double click sends the same create twice: the second shares the first's request. */
  create(name: string, keyType: 'dev' | 'prod', keepPending: boolean): Promise<CreatedKey> {
    const problem = keyNameProblem(name);
    if (problem) return Promise.reject(validation('name', problem));
    if (keyType !== 'dev' && keyType !== 'prod') return Promise.reject(validation('keyType', 'Type must be Development or Production.'));
    const dedupeKey = `${keyType}\u0000${name.trim()}`;
    const existing = this.inflightCreates.get(dedupeKey);
    if (existing) return existing;
    const run = (async () => {
      const res = await this.ctx.call((api) => kalshibook.createKey(api, { name: name.trim(), key_type: keyType }));
      const created = res.data;
      this.edited();
      if (keepPending) {
        const expiresAt = this.ctx.now() + PENDING_KEY_TTL_MS;
        await pendingKeyItem.setValue({
          id: created.id,
          key: created.key,
          name: created.name,
          key_type: created.key_type,
          key_prefix: created.key_prefix,
          expiresAt,
        });
        await browser.alarms.create(PENDING_KEY_ALARM, { when: expiresAt });
      }
      const row: KeyUsageItem = { id: created.id, name: created.name, key_prefix: created.key_prefix, key_type: created.key_type, created_at: created.created_at, last_used_at: null, credits_used: 0 };
      await this.ctx.updateCache((cache) => (cache?.keys ? { keys: [row, ...cache.keys.filter((k) => k.id !== row.id)] } : null));
      return created;
    })().finally(() => this.inflightCreates.delete(dedupeKey));
    this.inflightCreates.set(dedupeKey, run);
    return run;
  }

  async pending(): Promise<PendingKey | null> {
    const pending = await pendingKeyItem.getValue();
    if (pending && pending.expiresAt <= this.ctx.now()) {
      await pendingKeyItem.removeValue();
      return null;
    }
    return pending;
  }

  async clearPending(): Promise<null> {
    await pendingKeyItem.removeValue();
    await browser.alarms.clear(PENDING_KEY_ALARM);
    return null;
  }

  async rename(id: string, name: string): Promise<ApiKeyInfo> {
    const problem = keyNameProblem(name);
    if (problem) throw validation('name', problem);
    const res = await this.ctx.call((api) => kalshibook.renameKey(api, id, name.trim()));
    this.edited();
    await this.ctx.updateCache((cache) => (cache?.keys ? { keys: cache.keys.map((k) => (k.id === id ? { ...k, name: res.data.name } : k)) } : null));
    return res.data;
  }

  async reveal(id: string): Promise<{ key: string }> {
    const res = await this.ctx.call((api) => kalshibook.revealKey(api, id));
    return { key: res.data.key };
  }

  /** Revoking twice (two tabs, double click) is one revoke; the second is not an error. */
  revoke(id: string): Promise<{ alreadyRevoked: boolean }> {
    const existing = this.inflightRevokes.get(id);
    if (existing) return existing;
    const run = (async () => {
      let alreadyRevoked = false;
      try {
        await this.ctx.call((api) => kalshibook.revokeKey(api, id));
      } catch (error) {
        if (!(error instanceof ApiError && error.code === 'key_not_found')) throw error;
        alreadyRevoked = true;
      }
      this.edited();
      await this.ctx.updateCache((cache) => (cache?.keys ? { keys: cache.keys.filter((k) => k.id !== id) } : null));
      return { alreadyRevoked };
    })().finally(() => this.inflightRevokes.delete(id));
    this.inflightRevokes.set(id, run);
    return run;
  }

  /** Alarms this feature owns. */
  async onAlarm(name: string): Promise<boolean> {
    if (name !== PENDING_KEY_ALARM) return false;
    await this.pending();
    return true;
  }

  async afterSignOut(): Promise<void> {
    await browser.alarms.clear(PENDING_KEY_ALARM);
  }
}
