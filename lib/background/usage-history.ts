// Usage history in the background: a point each time fresh billing data arrives (a page open, the
// badge's periodic refresh) or a fresh key list (each key's credits), for the signed-in account.
// The data structure and its bounds are in lib/usage/history.ts; storage is `usageHistoryItem`.
import type { BillingStatus, KeyUsageItem } from '../api/schemas';
import { dataCacheItem, usageHistoryItem } from '../storage';
import { usageGlance, type UsageGlance } from '../usage/glance';
import { appendSample, type UsageSample } from '../usage/history';
import { readHistory } from '../usage/validate';
import type { BillingFeature } from './billing';
import type { ServiceContext } from './context';
import type { KeysFeature } from './keys';
import type { UsageHistoryView } from '../messaging';

export type { UsageHistoryView };

export class UsageHistoryFeature {
  /** Writes run one after another, each on what the previous one wrote. */
  private queue: Promise<unknown> = Promise.resolve();
  /**
   * The last history read, validated (every popup open or Billing shown would otherwise read and
   * validate up to 2,000 points again). Forgotten on every change of the stored item,
   * ours included, so whatever else writes it (a test, an older version) is read afresh.
   */
  private memo: { userId: string; view: UsageHistoryView } | null = null;

  constructor(
    private readonly ctx: ServiceContext,
    billing: BillingFeature,
    keys: KeysFeature,
  ) {
    billing.onStatus((status) => this.recordBilling(status));
    keys.onList((list) => this.recordKeys(list));
    usageHistoryItem.watch(() => {
      this.memo = null;
    });
  }

  /** Never throws: a history that cannot be written must not fail the status it came with. */
  recordBilling(billing: BillingStatus): Promise<void> {
    return this.enqueue(async (userId) => {
      const cache = await dataCacheItem.getValue();
      const keys = cache && cache.userId === userId ? cache.keys : null;
      return { billing, keys };
    });
  }

  recordKeys(keys: KeyUsageItem[]): Promise<void> {
    return this.enqueue(async (userId) => {
      const cache = await dataCacheItem.getValue();
      const billing = cache && cache.userId === userId ? cache.billing : null;
      return billing ? { billing, keys } : null;
    });
  }

  private enqueue(sample: (userId: string) => Promise<UsageSample | null>): Promise<void> {
    const run = this.queue
      .then(async () => {
        const view = await this.ctx.session.view();
        if (!view.signedIn || !view.userId) return;
        const taken = await sample(view.userId);
        if (!taken) return;
        const now = this.ctx.now();
        const store = await usageHistoryItem.getValue();
        // The remembered copy when there is one (appendSample never changes what it is given).
        const { history } = this.memo?.userId === view.userId ? this.memo.view : readHistory(store?.[view.userId], now);
        const next = appendSample(history, taken, now);
        if (next) {
          await usageHistoryItem.setValue({ ...(store ?? {}), [view.userId]: next });
          // At once: the change event comes later, and a read may come first.
          this.memo = null;
        }
      })
      .catch(() => undefined);
    this.queue = run;
    return run;
  }

  /** The signed-in account's history, validated (null while signed out). */
  async get(): Promise<UsageHistoryView | null> {
    await this.queue;
    const view = await this.ctx.session.view();
    if (!view.signedIn || !view.userId) return null;
    return this.read(view.userId, this.ctx.now());
  }

  /**
   * The popup's forecast line and sparkline for the signed-in account, from the cached billing
   * status (null while signed out or before any billing status arrived).
   */
  async glance(): Promise<UsageGlance | null> {
    await this.queue;
    const view = await this.ctx.session.view();
    if (!view.signedIn || !view.userId) return null;
    const now = this.ctx.now();
    const [cache, { history }] = await Promise.all([dataCacheItem.getValue(), this.read(view.userId, now)]);
    if (!cache || cache.userId !== view.userId || !cache.billing) return null;
    return usageGlance(cache.billing, history, now);
  }

  private async read(userId: string, now: number): Promise<UsageHistoryView> {
    if (this.memo?.userId === userId) return this.memo.view;
    const store = await usageHistoryItem.getValue();
    const view = readHistory(store?.[userId], now);
    this.memo = { userId, view };
    return view;
  }

  /** Settings → "Clear usage history": every account's history recorded in this browser. */
  async clear(): Promise<{ cleared: true }> {
    await this.queue;
    await usageHistoryItem.removeValue();
    this.memo = null;
    return { cleared: true };
  }
}
