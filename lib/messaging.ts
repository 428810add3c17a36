// The one protocol between the UI (popup, options) and the background. Every call answers with a
// Result: data, or the typed error in its plain form. The UI never receives a token.
import { defineExtensionMessaging } from '@webext-core/messaging';
import type { ApiErrorData } from './api/errors';
import type { ApiKeyInfo, BillingStatus, CreatedKey, KeyUsageItem } from './api/schemas';
import type { PlaygroundAnswer, PlaygroundCall } from './playground/types';
import type { UsageGlance } from './usage/glance';
import type { AccountHistory } from './usage/history';
import type { SessionView } from './session/session';
import type { AlertSettings, Settings } from './settings';
import type { PendingKey } from './storage';

export type Result<T> = { ok: true; data: T } | { ok: false; error: ApiErrorData };

/** How "Continue with Google" ended: signed in, or closed by the user (not an error). */
export type GoogleSignIn = { outcome: 'signedIn'; session: SessionView } | { outcome: 'canceled'; message: string };

/** What the options page's first-run welcome shows (getWelcome). */
export interface WelcomeView {
  /** false once the user pressed "Got it". */
  show: boolean;
  /** Which browser's words the hints use. */
  browser: 'chrome' | 'firefox';
  /** Whether the toolbar button is pinned; null where the browser cannot tell. */
  pinned: boolean | null;
  /** The popup's keyboard shortcut as the browser has it (e.g. "Alt+Shift+K"); null when none is set. */
  shortcut: string | null;
  /** The local API's demo account email; null for any other server. */
  demoEmail: string | null;
}

/** The usage history of the signed-in account (getUsageHistory). */
export interface UsageHistoryView {
  history: AccountHistory;
  /** Stored points that could not be read and were dropped. */
  dropped: number;
}

export interface Credentials {
  email: string;
  password: string;
}

export interface ProtocolMap {
  getSession(): Result<SessionView>;
  signIn(data: Credentials): Result<SessionView>;
  createAccount(data: Credentials): Result<SessionView>;
  signOut(): Result<SessionView>;
  /** GoTrue's PKCE flow through identity.launchWebAuthFlow; a second call joins the running flow. */
  signInWithGoogle(): Result<GoogleSignIn>;
  /** `Created your first key, "default"` for exactly one page, once. */
  takeFirstKeyNotice(): Result<{ keyName: string } | null>;
  /** The redirect URL the Supabase project must allow-list. */
  googleRedirectUrl(): Result<string>;

  listKeys(): Result<KeyUsageItem[]>;
  /** `keepPending`: hold the raw key in storage.session for 2 minutes until `clearPendingKey`. */
  createKey(data: { name: string; keyType: 'dev' | 'prod'; keepPending?: boolean }): Result<CreatedKey>;
  getPendingKey(): Result<PendingKey | null>;
  clearPendingKey(): Result<null>;
  renameKey(data: { id: string; name: string }): Result<ApiKeyInfo>;
  revealKey(data: { id: string }): Result<{ key: string }>;
  revokeKey(data: { id: string }): Result<{ alreadyRevoked: boolean }>;

  getBilling(): Result<BillingStatus>;
  setPayg(data: { enable: boolean }): Result<{ payg_enabled: boolean; message: string }>;
  openPortal(): Result<{ opened: true }>;
  openCheckout(): Result<{ opened: true }>;

  getSettings(): Result<Settings>;
  saveSettings(data: Settings): Result<Settings>;

  /** The signed-in account's recorded usage history (null while signed out). */
  getUsageHistory(): Result<UsageHistoryView | null>;
  /** The popup's forecast line and sparkline, worked out by the background (null while signed out). */
  getUsageGlance(): Result<UsageGlance | null>;
  /** Settings → "Clear usage history": removes every account's recorded history. */
  clearUsageHistory(): Result<{ cleared: true }>;

  getAlertSettings(): Result<AlertSettings>;
  saveAlertSettings(data: AlertSettings): Result<AlertSettings>;

  /** The options page's first-run welcome: shown until "Got it", with what the browser says now. */
  getWelcome(): Result<WelcomeView>;
  /** "Got it": the welcome never shows again (storage.local). */
  dismissWelcome(): Result<{ dismissed: true }>;

  /** A page put a full key in the clipboard: the background clears it later (null: "Never"). */
  keyCopied(data: { copiedAt: number }): Result<{ clearsInSeconds: number | null }>;

  /**
   * The Playground: a data request with a key (revealed and used by the background only), the free
   * demo, market search, cancel, clearing the history. 30 s timeout.
   */
  playgroundSend(data: PlaygroundCall): Result<PlaygroundAnswer>;
}

export const messenger = defineExtensionMessaging<ProtocolMap>({ logger: undefined });
