// The one protocol between the UI (popup, options) and the background. Every call answers with a
// Result: data, or the typed error in its plain form. The UI never receives a token.
import { defineExtensionMessaging } from '@webext-core/messaging';
import type { ApiErrorData } from './api/errors';
import type { ApiKeyInfo, CreatedKey, KeyUsageItem } from './api/schemas';
import type { GoogleSignIn } from './background/google';
import type { UsageHistoryView } from './background/usage-history';
import type { SessionView } from './session/session';
import type { AlertSettings, Settings } from './settings';
import type { BillingStatus, PendingKey } from './storage';

export type Result<T> = { ok: true; data: T } | { ok: false; error: ApiErrorData };

export interface Credentials {
  email: string;
  password: string;
}

export interface ProtocolMap {
  getSession(): Result<SessionView>;
  signIn(data: Credentials): Result<SessionView>;
  signUp(data: Credentials): Result<SessionView>;
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
  /** Settings → "Clear usage history": removes every account's recorded history. */
  clearUsageHistory(): Result<{ cleared: true }>;

  getAlertSettings(): Result<AlertSettings>;
  saveAlertSettings(data: AlertSettings): Result<AlertSettings>;

  /** A page put a full key in the clipboard: the background clears it later (null: "Never"). */
  keyCopied(): Result<{ clearsInSeconds: number | null }>;
}

export const messenger = defineExtensionMessaging<ProtocolMap>({ logger: undefined });
