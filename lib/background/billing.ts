// Billing in the background: the status (cached, and shown on the toolbar badge), the
// Pay-As-You-Go switch, and the Stripe customer portal. Checkout lives in checkout.ts.
import { browser } from 'wxt/browser';
import { kalshibook } from '../api/kalshibook';
import { badgeFor } from '../badge';
import { warnFailure } from '../log';
import { dataCacheItem } from '../storage';
import type { BillingStatus } from '../api/schemas';
import type { ServiceContext } from './context';
import { checkStripeUrl } from './stripe';

export const BADGE_ALARM = 'kb-badge-refresh';
const BADGE_PERIOD_MINUTES = 15;

/** Called with every fresh billing status (checkout watching, alerts). */
export type StatusListener = (status: BillingStatus) => Promise<void>;

export class BillingFeature {
  private readonly listeners: StatusListener[] = [];
  private paygQueue: Promise<unknown> = Promise.resolve();
  // Answers can arrive out of order: only a status newer than the cached one is applied.
  private stamp = 0;
  private applied = 0;

  constructor(private readonly ctx: ServiceContext) {}

  onStatus(listener: StatusListener): void {
    this.listeners.push(listener);
  }

  async status(): Promise<BillingStatus> {
    const stamp = ++this.stamp;
    const sentAt = this.ctx.now();
    const askedFor = (await this.ctx.session.view()).userId;
    const res = await this.ctx.call((api) => kalshibook.billingStatus(api));
    const { request_id: _requestId, ...billing } = res;
    // Signed out (or in as someone else) while the answer was on its way: it is not put on the
    // badge, in the cache or before the listeners (sign-out emptied them; nothing may refill them).
    const now = await this.ctx.session.view();
    if (!now.signedIn || now.userId !== askedFor) return billing;
    if (stamp > this.applied) {
      this.applied = stamp;
      await this.ctx.updateCache((cache) => ({ billing, fetchedAt: { ...cache?.fetchedAt, billing: sentAt } }));
      await this.setBadge(billing);
    }
    // The status is fresh and cached: a listener that fails (checkout watching, alerts) is logged,
    // it does not fail the call.
    for (const listener of this.listeners) {
      try {
        await listener(billing);
      } catch (error) {
        warnFailure('a billing status listener', error);
      }
    }
    return billing;
  }

  /** Toggles run one after another, so the final state is the one of the last click. */
  setPayg(enable: boolean): Promise<{ payg_enabled: boolean; message: string }> {
    const run = this.paygQueue.then(async () => {
      const res = await this.ctx.call((api) => kalshibook.setPayg(api, enable));
      void this.status().catch((error: unknown) => warnFailure('refreshing billing after the Pay-As-You-Go switch', error));
      return { payg_enabled: res.payg_enabled, message: res.message };
    });
    this.paygQueue = run.catch(() => undefined);
    return run;
  }

  async openPortal(): Promise<{ opened: true }> {
    const settings = await this.ctx.settings();
    const res = await this.ctx.call((api) => kalshibook.portal(api));
    await browser.tabs.create({ url: checkStripeUrl(res.portal_url, settings.apiBaseUrl) });
    return { opened: true };
  }

  /** The badge is refreshed by an alarm while signed in. */
  async startBadgeRefresh(): Promise<void> {
    await browser.alarms.create(BADGE_ALARM, { periodInMinutes: BADGE_PERIOD_MINUTES });
  }

  async onAlarm(name: string): Promise<boolean> {
    if (name !== BADGE_ALARM) return false;
    if ((await this.ctx.session.view()).signedIn) await this.status().catch((error: unknown) => warnFailure('the badge refresh', error));
    return true;
  }

  /** After a restart: the alarm may not have survived and the badge starts empty. */
  async resume(userId: string | null): Promise<void> {
    if (!(await browser.alarms.get(BADGE_ALARM))) await this.startBadgeRefresh();
    const cache = await dataCacheItem.getValue();
    if (cache?.billing && cache.userId === userId) await this.setBadge(cache.billing);
  }

  async afterSignOut(): Promise<void> {
    await browser.alarms.clear(BADGE_ALARM);
    await this.setBadge(null);
  }

  async setBadge(billing: BillingStatus | null): Promise<void> {
    const action = browser.action ?? (browser as unknown as { browserAction?: typeof browser.action }).browserAction;
    if (!action) return;
    const badge = badgeFor(billing, this.ctx.now());
    await action.setBadgeText({ text: badge.text });
    await action.setBadgeBackgroundColor({ color: badge.color });
    await action.setTitle({ title: badge.title });
  }
}
