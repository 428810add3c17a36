// Everything the background does for the UI, as plain async functions (the messaging layer in
// entrypoints/background.ts only routes to them). Each returns data or throws ApiError.
import { browser } from 'wxt/browser';
import { ApiError } from '../api/errors';
import type { FetchLike } from '../api/client';
import { kalshibook, type Authed } from '../api/kalshibook';
import type { ApiKeyInfo, CreatedKey, KeyUsageItem } from '../api/schemas';
import { badgeFor } from '../badge';
import { keyNameProblem } from '../format';
import { sameData } from '../same-data';
import { REFRESH_ALARM, Session, type SessionView } from '../session/session';
import { validateSettings, type Settings } from '../settings';
import {
  checkoutOutcomeItem,
  clearDataCache,
  dataCacheItem,
  getSettings,
  pendingCheckoutItem,
  pendingKeyItem,
  PENDING_KEY_TTL_MS,
  settingsItem,
  type BillingStatus,
  type DataCache,
  type PendingKey,
} from '../storage';
import { checkStripeUrl } from './stripe';

export const BADGE_ALARM = 'kb-badge-refresh';
export const PENDING_KEY_ALARM = 'kb-pending-key-expiry';
export const CHECKOUT_ALARM = 'kb-checkout-watch';
/** How long a checkout the extension opened is watched for its outcome. */
export const CHECKOUT_WATCH_MS = 10 * 60 * 1000;
const CHECKOUT_POLL_MS = 3000;

export interface ServiceDeps {
  fetch?: FetchLike;
  now?: () => number;
}

export class BackgroundService {
  readonly session: Session;
  private readonly inflightRevokes = new Map<string, Promise<{ alreadyRevoked: boolean }>>();
  private readonly inflightCreates = new Map<string, Promise<CreatedKey>>();
  private paygQueue: Promise<unknown> = Promise.resolve();
  /** Cache edits run one after another, each on what the previous one wrote. */
  private cacheQueue: Promise<unknown> = Promise.resolve();
  // Answers can arrive out of order: each keys/billing request and key edit gets a stamp, and an
  // answer older than what the cache already holds is not written over it.
  private keysStamp = 0;
  private keysApplied = 0;
  private billingStamp = 0;
  private billingApplied = 0;
  private pollTimer: ReturnType<typeof setTimeout> | null = null;

  constructor(private readonly deps: ServiceDeps = {}) {
    this.session = new Session({ fetch: deps.fetch, now: deps.now, onSignedOut: () => this.afterSignOut() });
  }

  private now(): number {
    return this.deps.now?.() ?? Date.now();
  }

  private async call<T>(fn: (ctx: Authed) => Promise<T>): Promise<T> {
    const settings = await getSettings();
    return this.session.authed((token) => fn({ baseUrl: settings.apiBaseUrl, token, fetch: this.deps.fetch }));
  }

  private updateCache(
    patch: Partial<Pick<DataCache, 'keys' | 'billing'>> | ((cache: DataCache | null) => Partial<Pick<DataCache, 'keys' | 'billing'>> | null),
  ): Promise<void> {
    const run = this.cacheQueue.then(async () => {
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
      await dataCacheItem.setValue({ ...next, updatedAt: this.now() });
    });
    this.cacheQueue = run.catch(() => undefined);
    return run;
  }

  /** Marks a key edit the server confirmed: key lists requested before it are older than the cache. */
  private keysEdited(): void {
    this.keysApplied = ++this.keysStamp;
  }

  // ---- Session --------------------------------------------------------------------------------

  getSession(): Promise<SessionView> {
    return this.session.view();
  }

  async signIn(mode: 'login' | 'signup', email: string, password: string): Promise<SessionView> {
    if (!email.trim()) throw validation('email', 'Email is required.');
    if (!password) throw validation('password', 'Password is required.');
    if (mode === 'signup' && password.length < 8) throw validation('password', 'Password must be at least 8 characters.');
    const view = await this.session.signIn(mode, email, password);
    // The pages load billing right after signing in, which also sets the badge.
    await browser.alarms?.create(BADGE_ALARM, { periodInMinutes: 15 });
    return view;
  }

  async signOut(): Promise<SessionView> {
    await this.session.signOut();
    return this.session.view();
  }

  private async afterSignOut(): Promise<void> {
    this.stopCheckoutPolling();
    await browser.alarms?.clear(BADGE_ALARM);
    await browser.alarms?.clear(CHECKOUT_ALARM);
    await browser.alarms?.clear(PENDING_KEY_ALARM);
    await this.setBadge(null);
  }

  // ---- Keys -----------------------------------------------------------------------------------

  async listKeys(): Promise<KeyUsageItem[]> {
    const stamp = ++this.keysStamp;
    const res = await this.call((ctx) => kalshibook.listKeysWithUsage(ctx));
    if (stamp > this.keysApplied) {
      this.keysApplied = stamp;
      await this.updateCache({ keys: res.data });
    }
    return res.data;
  }

  /** A double click sends the same create twice: the second shares the first's request. */
  createKey(name: string, keyType: 'dev' | 'prod', keepPending: boolean): Promise<CreatedKey> {
    const problem = keyNameProblem(name);
    if (problem) return Promise.reject(validation('name', problem));
    if (keyType !== 'dev' && keyType !== 'prod') return Promise.reject(validation('keyType', 'Type must be Development or Production.'));
    const dedupeKey = `${keyType}\u0000${name.trim()}`;
    const existing = this.inflightCreates.get(dedupeKey);
    if (existing) return existing;
    const run = (async () => {
      const res = await this.call((ctx) => kalshibook.createKey(ctx, { name: name.trim(), key_type: keyType }));
      const created = res.data;
      this.keysEdited();
      if (keepPending) {
        await pendingKeyItem.setValue({
          id: created.id,
          key: created.key,
          name: created.name,
          key_type: created.key_type,
          key_prefix: created.key_prefix,
          expiresAt: this.now() + PENDING_KEY_TTL_MS,
        });
        await browser.alarms?.create(PENDING_KEY_ALARM, { when: this.now() + PENDING_KEY_TTL_MS });
      }
      const row: KeyUsageItem = { id: created.id, name: created.name, key_prefix: created.key_prefix, key_type: created.key_type, created_at: created.created_at, last_used_at: null, credits_used: 0 };
      await this.updateCache((cache) => (cache?.keys ? { keys: [row, ...cache.keys.filter((k) => k.id !== row.id)] } : null));
      return created;
    })().finally(() => this.inflightCreates.delete(dedupeKey));
    this.inflightCreates.set(dedupeKey, run);
    return run;
  }

  async getPendingKey(): Promise<PendingKey | null> {
    const pending = await pendingKeyItem.getValue();
    if (pending && pending.expiresAt <= this.now()) {
      await pendingKeyItem.removeValue();
      return null;
    }
    return pending;
  }

  async clearPendingKey(): Promise<null> {
    await pendingKeyItem.removeValue();
    await browser.alarms?.clear(PENDING_KEY_ALARM);
    return null;
  }

  async renameKey(id: string, name: string): Promise<ApiKeyInfo> {
    const problem = keyNameProblem(name);
    if (problem) throw validation('name', problem);
    const res = await this.call((ctx) => kalshibook.renameKey(ctx, id, name.trim()));
    this.keysEdited();
    await this.updateCache((cache) => (cache?.keys ? { keys: cache.keys.map((k) => (k.id === id ? { ...k, name: res.data.name } : k)) } : null));
    return res.data;
  }

  async revealKey(id: string): Promise<{ key: string }> {
    const res = await this.call((ctx) => kalshibook.revealKey(ctx, id));
    return { key: res.data.key };
  }

  /** Revoking twice (two tabs, double click) is one revoke; the second is not an error. */
  revokeKey(id: string): Promise<{ alreadyRevoked: boolean }> {
    const existing = this.inflightRevokes.get(id);
    if (existing) return existing;
    const run = (async () => {
      let alreadyRevoked = false;
      try {
        await this.call((ctx) => kalshibook.revokeKey(ctx, id));
      } catch (error) {
        if (!(error instanceof ApiError && error.code === 'key_not_found')) throw error;
        alreadyRevoked = true;
      }
      this.keysEdited();
      await this.updateCache((cache) => (cache?.keys ? { keys: cache.keys.filter((k) => k.id !== id) } : null));
      return { alreadyRevoked };
    })().finally(() => this.inflightRevokes.delete(id));
    this.inflightRevokes.set(id, run);
    return run;
  }

  // ---- Billing --------------------------------------------------------------------------------

  async getBilling(): Promise<BillingStatus> {
    const stamp = ++this.billingStamp;
    const res = await this.call((ctx) => kalshibook.billingStatus(ctx));
    const { request_id: _requestId, ...billing } = res;
    if (stamp > this.billingApplied) {
      this.billingApplied = stamp;
      await this.updateCache({ billing });
      await this.setBadge(billing);
    }
    await this.noticeCheckoutResult(billing);
    return billing;
  }

  /** Toggles run one after another, so the final state is the one of the last click. */
  setPayg(enable: boolean): Promise<{ payg_enabled: boolean; message: string }> {
    const run = this.paygQueue.then(async () => {
      const res = await this.call((ctx) => kalshibook.setPayg(ctx, enable));
      void this.getBilling().catch(() => undefined);
      return { payg_enabled: res.payg_enabled, message: res.message };
    });
    this.paygQueue = run.catch(() => undefined);
    return run;
  }

  async openPortal(): Promise<{ opened: true }> {
    const settings = await getSettings();
    const res = await this.call((ctx) => kalshibook.portal(ctx));
    await browser.tabs.create({ url: checkStripeUrl(res.portal_url, settings.apiBaseUrl) });
    return { opened: true };
  }

  async openCheckout(): Promise<{ opened: true }> {
    const settings = await getSettings();
    const res = await this.call((ctx) => kalshibook.checkout(ctx));
    const url = checkStripeUrl(res.checkout_url, settings.apiBaseUrl);
    const cache = await dataCacheItem.getValue();
    const tab = await browser.tabs.create({ url });
    await checkoutOutcomeItem.removeValue();
    await pendingCheckoutItem.setValue({ tabId: tab.id ?? null, startedAt: this.now(), tierBefore: cache?.billing?.tier ?? null });
    await browser.alarms?.create(CHECKOUT_ALARM, { periodInMinutes: 0.5 });
    this.startCheckoutPolling();
    return { opened: true };
  }

  // ---- Checkout outcome -------------------------------------------------------------------------

  /** Called for every tab URL change the browser lets us see (only the dashboard's origin). */
  async onTabUrl(tabId: number, rawUrl: string): Promise<void> {
    const pending = await pendingCheckoutItem.getValue();
    if (!pending || (pending.tabId !== null && pending.tabId !== tabId)) return;
    const outcome = checkoutOutcomeFromUrl(rawUrl, (await getSettings()).dashboardUrl);
    if (outcome) await this.finishCheckout(outcome);
  }

  startCheckoutPolling(): void {
    if (this.pollTimer) return;
    const tick = async () => {
      this.pollTimer = null;
      if (!(await this.pollCheckout())) return;
      this.pollTimer = setTimeout(() => void tick(), CHECKOUT_POLL_MS);
    };
    this.pollTimer = setTimeout(() => void tick(), CHECKOUT_POLL_MS);
  }

  private stopCheckoutPolling(): void {
    if (this.pollTimer) clearTimeout(this.pollTimer);
    this.pollTimer = null;
  }

  /** One poll of the billing status; false when there is nothing left to watch. */
  async pollCheckout(): Promise<boolean> {
    const pending = await pendingCheckoutItem.getValue();
    if (!pending) return false;
    if (this.now() - pending.startedAt > CHECKOUT_WATCH_MS) {
      await pendingCheckoutItem.removeValue();
      await browser.alarms?.clear(CHECKOUT_ALARM);
      return false;
    }
    try {
      await this.getBilling(); // noticeCheckoutResult finishes the checkout when the tier moved
    } catch {
      // Keep watching; a network blip is not an outcome.
    }
    return (await pendingCheckoutItem.getValue()) !== null;
  }

  private async noticeCheckoutResult(billing: BillingStatus): Promise<void> {
    const pending = await pendingCheckoutItem.getValue();
    if (pending && billing.tier === 'project' && pending.tierBefore !== 'project') await this.finishCheckout('success', billing);
  }

  private async finishCheckout(outcome: 'success' | 'canceled', billing?: BillingStatus): Promise<void> {
    const pending = await pendingCheckoutItem.getValue();
    if (!pending) return;
    await pendingCheckoutItem.removeValue();
    await browser.alarms?.clear(CHECKOUT_ALARM);
    this.stopCheckoutPolling();
    await checkoutOutcomeItem.setValue({ outcome, at: this.now() });
    // The webhook may land a moment after the redirect: refresh now so the plan view updates.
    if (!billing) await this.getBilling().catch(() => undefined);
  }

  // ---- Settings -------------------------------------------------------------------------------

  getSettings(): Promise<Settings> {
    return getSettings();
  }

  async saveSettings(input: Settings): Promise<Settings> {
    const checked = validateSettings(input);
    if (!checked.ok) {
      throw new ApiError({ kind: 'validation', code: 'invalid_settings', message: 'Some settings need fixing.', fields: checked.errors });
    }
    const before = await getSettings();
    await settingsItem.setValue(checked.value);
    if (before.staySignedIn !== checked.value.staySignedIn) await this.session.applyStaySignedIn(checked.value.staySignedIn);
    // Data from another server is not this account's data.
    if (before.apiBaseUrl !== checked.value.apiBaseUrl) await clearDataCache();
    return checked.value;
  }

  // ---- Alarms and badge -------------------------------------------------------------------------

  async onAlarm(name: string): Promise<void> {
    if (name === BADGE_ALARM) {
      if ((await this.session.view()).signedIn) await this.getBilling().catch(() => undefined);
    } else if (name === PENDING_KEY_ALARM) {
      await this.getPendingKey();
    } else if (name === CHECKOUT_ALARM) {
      if (await this.pollCheckout()) this.startCheckoutPolling();
    } else if (name === REFRESH_ALARM) {
      if ((await this.session.view()).signedIn) await this.session.refresh().catch(() => undefined);
    }
  }

  /**
   * After the worker or the browser starts: alarms may not have survived a browser restart and
   * the badge starts empty, so both are restored; a pending checkout is watched again.
   */
  async resume(): Promise<void> {
    const view = await this.session.view();
    if (!view.signedIn) return;
    if (browser.alarms && !(await browser.alarms.get(BADGE_ALARM))) await browser.alarms.create(BADGE_ALARM, { periodInMinutes: 15 });
    const cache = await dataCacheItem.getValue();
    if (cache?.billing && cache.userId === view.userId) await this.setBadge(cache.billing);
    if (await this.pollCheckout()) this.startCheckoutPolling();
  }

  async setBadge(billing: BillingStatus | null): Promise<void> {
    const action = browser.action ?? (browser as unknown as { browserAction?: typeof browser.action }).browserAction;
    if (!action) return;
    const badge = badgeFor(billing);
    await action.setBadgeText({ text: badge.text });
    await action.setBadgeBackgroundColor({ color: badge.color });
    await action.setTitle({ title: badge.title });
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

function validation(field: string, message: string): ApiError {
  return new ApiError({ kind: 'validation', code: 'invalid_input', message, fields: { [field]: message } });
}
