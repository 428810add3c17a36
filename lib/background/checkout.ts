// Stripe checkout: the background opens it in a new tab and watches for the outcome — the return
// URL of that tab where the browser lets us see it (the dashboard's origin), and the billing
// status polled every few seconds — for up to ten minutes, also across worker restarts.
import { browser } from 'wxt/browser';
import { kalshibook } from '../api/kalshibook';
import { checkoutOutcomeItem, dataCacheItem, pendingCheckoutItem } from '../storage';
import type { BillingStatus } from '../api/schemas';
import type { BillingFeature } from './billing';
import type { ServiceContext } from './context';
import { checkStripeUrl } from './stripe';

export const CHECKOUT_ALARM = 'kb-checkout-watch';
/** How long a checkout the extension opened is watched for its outcome. */
export const CHECKOUT_WATCH_MS = 10 * 60 * 1000;
const CHECKOUT_POLL_MS = 3000;

export class CheckoutFeature {
  private pollTimer: ReturnType<typeof setTimeout> | null = null;

  constructor(
    private readonly ctx: ServiceContext,
    private readonly billing: BillingFeature,
  ) {
    billing.onStatus((status) => this.noticeStatus(status));
  }

  async open(): Promise<{ opened: true }> {
    const settings = await this.ctx.settings();
    const res = await this.ctx.call((api) => kalshibook.checkout(api));
    const url = checkStripeUrl(res.checkout_url, settings.apiBaseUrl);
    const cache = await dataCacheItem.getValue();
    const tab = await browser.tabs.create({ url });
    await checkoutOutcomeItem.removeValue();
    await pendingCheckoutItem.setValue({ tabId: tab.id ?? null, startedAt: this.ctx.now(), tierBefore: cache?.billing?.tier ?? null });
    await browser.alarms.create(CHECKOUT_ALARM, { periodInMinutes: 0.5 });
    this.startPolling();
    return { opened: true };
  }

  /** Called for every tab URL change the browser lets us see (only the dashboard's origin). */
  async onTabUrl(tabId: number, rawUrl: string): Promise<void> {
    const pending = await pendingCheckoutItem.getValue();
    if (!pending || (pending.tabId !== null && pending.tabId !== tabId)) return;
    const outcome = checkoutOutcomeFromUrl(rawUrl, (await this.ctx.settings()).dashboardUrl);
    if (outcome) await this.finish(outcome);
  }

  startPolling(): void {
    if (this.pollTimer) return;
    const tick = async () => {
      this.pollTimer = null;
      if (!(await this.poll())) return;
      this.pollTimer = setTimeout(() => void tick(), CHECKOUT_POLL_MS);
    };
    this.pollTimer = setTimeout(() => void tick(), CHECKOUT_POLL_MS);
  }

  /** Stops the in-memory timer (as a stopped worker loses it); the alarm keeps watching. */
  stopPolling(): void {
    if (this.pollTimer) clearTimeout(this.pollTimer);
    this.pollTimer = null;
  }

  /** One poll of the billing status; false when there is nothing left to watch. */
  async poll(): Promise<boolean> {
    const pending = await pendingCheckoutItem.getValue();
    if (!pending) return false;
    if (this.ctx.now() - pending.startedAt > CHECKOUT_WATCH_MS) {
      await pendingCheckoutItem.removeValue();
      await browser.alarms.clear(CHECKOUT_ALARM);
      return false;
    }
    try {
      await this.billing.status(); // noticeStatus finishes the checkout when the tier moved
    } catch {
      // Keep watching; a network blip is not an outcome.
    }
    return (await pendingCheckoutItem.getValue()) !== null;
  }

  private async noticeStatus(billing: BillingStatus): Promise<void> {
    const pending = await pendingCheckoutItem.getValue();
    if (pending && billing.tier === 'project' && pending.tierBefore !== 'project') await this.finish('success', billing);
  }

  private async finish(outcome: 'success' | 'canceled', billing?: BillingStatus): Promise<void> {
    const pending = await pendingCheckoutItem.getValue();
    if (!pending) return;
    await pendingCheckoutItem.removeValue();
    await browser.alarms.clear(CHECKOUT_ALARM);
    this.stopPolling();
    await checkoutOutcomeItem.setValue({ outcome, at: this.ctx.now() });
    // The webhook may land a moment after the redirect: refresh now so the plan view updates.
    if (!billing) await this.billing.status().catch(() => undefined);
  }

  async onAlarm(name: string): Promise<boolean> {
    if (name !== CHECKOUT_ALARM) return false;
    if (await this.poll()) this.startPolling();
    return true;
  }

  /** After a restart: a pending checkout is watched again. */
  async resume(): Promise<void> {
    if (await this.poll()) this.startPolling();
  }

  async afterSignOut(): Promise<void> {
    this.stopPolling();
    await browser.alarms.clear(CHECKOUT_ALARM);
  }
}

export function checkoutOutcomeFromUrl(rawUrl: string, dashboardUrl: string): 'success' | 'canceled' | null {
  let url: URL;
  let dashboard: URL;
  try {
    url = new URL(rawUrl);
    dashboard = new URL(dashboardUrl);
  } catch {
    return null;
  }
  if (url.origin !== dashboard.origin || !url.pathname.replace(/\/+$/, '').endsWith('/billing')) return null;
  if (url.searchParams.get('success') === 'true') return 'success';
  if (url.searchParams.get('canceled') === 'true') return 'canceled';
  return null;
}
