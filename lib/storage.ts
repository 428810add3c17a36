// Every storage item of the extension, in one place. What lives where:
// - storage.local: settings, the refresh token only when "Stay signed in" is on, and a cache of
//   non-secret data (key names/prefixes, billing numbers) for an instant popup.
//   The usage history (figures and key ids per account) also lives there, across sign-out.
// - storage.session (memory only, gone when the browser closes): the access token, the refresh
//   token, a freshly created key the user has not acknowledged yet, a pending checkout.
// A raw API key is never written to storage.local.
import { storage } from 'wxt/utils/storage';
import type { BillingStatus, KeyUsageItem, Tier } from './api/schemas';
import type { HistoryEntry } from './playground/types';
import { defaultAlertSettings, defaultSettings, type AlertSettings, type Settings } from './settings';

export interface SessionTokens {
  accessToken: string;
  refreshToken: string;
  /** Unix milliseconds, from the JWT's `exp`. */
  expiresAt: number;
  userId: string;
  email: string;
}

export interface PersistedLogin {
  refreshToken: string;
  userId: string;
  email: string;
}

export interface DataCache {
  userId: string;
  keys: KeyUsageItem[] | null;
  billing: BillingStatus | null;
  updatedAt: number;
  /**
   * When the request that brought `keys` / `billing` was sent (epoch ms): a page whose own request
   * for that data failed earlier drops its error once a later request succeeded (AccountProvider).
   */
  fetchedAt?: { keys?: number; billing?: number };
}

export interface PendingKey {
  id: string;
  key: string;
  name: string;
  key_type: 'dev' | 'prod';
  key_prefix: string;
  /** Unix ms after which the key is erased even if the user never pressed Done. */
  expiresAt: number;
}

export interface PendingCheckout {
  tabId: number | null;
  startedAt: number;
  tierBefore: Tier | null;
}

export interface CheckoutOutcome {
  outcome: 'success' | 'canceled';
  at: number;
}

export const settingsItem = storage.defineItem<Settings>('local:settings', {
  fallback: defaultSettings(),
  version: 1,
});

export const sessionTokensItem = storage.defineItem<SessionTokens | null>('session:tokens', { fallback: null });
export const persistedLoginItem = storage.defineItem<PersistedLogin | null>('local:login', { fallback: null, version: 1 });
/**
 * A signal, not a credential: bumped whenever the user signs in, signs out or is signed out, so
 * every open page (popup, options) follows a change made in another one. Holds no token.
 */
export interface SessionChange {
  signedIn: boolean;
  userId: string | null;
  at: number;
}
export const sessionChangeItem = storage.defineItem<SessionChange | null>('session:sessionChange', { fallback: null });

/** Why the user was signed out, shown on the sign-in form ("Your session expired…"). */
export const signedOutReasonItem = storage.defineItem<string | null>('session:signedOutReason', { fallback: null });

/**
 * "Created your first key" after a first Google sign-in, waiting for a page to show it (the page
 * that started the flow may have closed). Taken once, through the background; holds no secret.
 */
export interface FirstKeyNotice {
  userId: string;
  keyName: string;
  at: number;
}
export const firstKeyNoticeItem = storage.defineItem<FirstKeyNotice | null>('session:firstKeyNotice', { fallback: null });

export const dataCacheItem = storage.defineItem<DataCache | null>('local:cache', { fallback: null, version: 1 });
/**
 * The popup's last rendered keys view as HTML (key names, prefixes, usage, plan — the same
 * non-secret data as the cache, never a raw key), shown by popup-prefetch.js before the app's
 * JavaScript has loaded. Only used while `cacheUpdatedAt` matches the cache it was made from.
 */
export interface PopupSnapshot {
  cacheUpdatedAt: number;
  html: string;
}
export const popupSnapshotItem = storage.defineItem<PopupSnapshot | null>('local:popupSnapshot', { fallback: null });

/**
 * The instant-open copy: the cache and the popup's snapshot again in storage.session (memory),
 * which popup-prefetch.js reads first. A popup open waits for that read before it shows anything,
 * and in Firefox reading storage.session took 6–14 ms where storage.local took 20–37 ms
 * (docs/performance.md). storage.local keeps the durable copy; after a browser restart the
 * background copies it back (restoreInstantOpen). Written only together with the local copy.
 */
export const sessionCacheItem = storage.defineItem<DataCache | null>('session:cache', { fallback: null });
export const sessionSnapshotItem = storage.defineItem<PopupSnapshot | null>('session:popupSnapshot', { fallback: null });

/** The data cache, in both copies (the background's one writer: ServiceContext.updateCache). */
export async function writeDataCache(cache: DataCache): Promise<void> {
  await Promise.all([dataCacheItem.setValue(cache), sessionCacheItem.setValue(cache)]);
}

/** The popup's snapshot, in both copies. */
export async function writePopupSnapshot(snapshot: PopupSnapshot): Promise<void> {
  await Promise.all([popupSnapshotItem.setValue(snapshot), sessionSnapshotItem.setValue(snapshot)]);
}

/** After a browser restart (storage.session empty): the instant-open copy from the durable one. */
export async function restoreInstantOpen(): Promise<void> {
  if (await sessionCacheItem.getValue()) return;
  const [cache, snapshot] = await Promise.all([dataCacheItem.getValue(), popupSnapshotItem.getValue()]);
  if (!cache) return;
  await Promise.all([sessionCacheItem.setValue(cache), snapshot ? sessionSnapshotItem.setValue(snapshot) : sessionSnapshotItem.removeValue()]);
}

export const pendingKeyItem = storage.defineItem<PendingKey | null>('session:pendingKey', { fallback: null });
export const pendingCheckoutItem = storage.defineItem<PendingCheckout | null>('session:pendingCheckout', { fallback: null });
export const checkoutOutcomeItem = storage.defineItem<CheckoutOutcome | null>('session:checkoutOutcome', { fallback: null });

export const PENDING_KEY_TTL_MS = 2 * 60 * 1000;

/** "Notify me when credits run low" and its Pay-As-You-Go amount (Settings). */
export const alertSettingsItem = storage.defineItem<AlertSettings>('local:alertSettings', { fallback: defaultAlertSettings(), version: 1 });

/** `forecast`: at this pace credits run out at least 3 days before the cycle ends. */
export type AlertKind = 'used80' | 'used100' | 'payg' | 'forecast';
/** Which low-credit alerts this account has had in this cycle (once per cycle each). Removed on sign-out. */
export interface AlertBook {
  userId: string;
  /** The cycle's start (normalised ISO), see currentCycleKey. */
  cycle: string;
  sent: AlertKind[];
}
export const alertBookItem = storage.defineItem<AlertBook | null>('local:alertBook', { fallback: null });

/**
 * The Playground's last 20 requests (endpoint, values, key name, status, time), newest first:
 * never a key and never a response body. Written by the background; removed on sign-out.
 */
export const playgroundHistoryItem = storage.defineItem<HistoryEntry[]>('local:playgroundHistory', { fallback: [] });

/** The first-run welcome on the options page was dismissed with "Got it": it never shows again. */
export const welcomeDismissedItem = storage.defineItem<boolean>('local:welcomeDismissed', { fallback: false });

/**
 * The usage history the background records (lib/usage/history.ts): per account (user id), only
 * figures and key ids. Kept across sign-out, removed by Settings → "Clear usage history".
 * Stored as written and validated when read (readHistory).
 */
export const usageHistoryItem = storage.defineItem<Record<string, unknown>>('local:usageHistory', { fallback: {} });

/** Cached data belongs to one account on one server: dropped when either changes. */
export async function clearDataCache(): Promise<void> {
  await Promise.all([dataCacheItem.removeValue(), popupSnapshotItem.removeValue(), sessionCacheItem.removeValue(), sessionSnapshotItem.removeValue()]);
}

export async function getSettings(): Promise<Settings> {
  return { ...defaultSettings(), ...(await settingsItem.getValue()) };
}

/** Sign-out: every token, cache and pending secret, from every area. Settings stay. */
export async function wipeAccountData(): Promise<void> {
  await Promise.all([
    sessionTokensItem.removeValue(),
    persistedLoginItem.removeValue(),
    clearDataCache(),
    pendingKeyItem.removeValue(),
    pendingCheckoutItem.removeValue(),
    checkoutOutcomeItem.removeValue(),
    playgroundHistoryItem.removeValue(),
  ]);
}
