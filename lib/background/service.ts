// The background's composition root: one ServiceContext (session, clock, settings, cache) and the
// features built on it. Each feature is its own module with its own alarms; this class wires
// them together and keeps the flat method names the message handlers and tests use.
import type { ApiKeyInfo, CreatedKey, KeyUsageItem } from '../api/schemas';
import { REFRESH_ALARM, type Session, type SessionView } from '../session/session';
import type { Settings } from '../settings';
import type { BillingStatus, PendingKey } from '../storage';
import { AlertsFeature } from './alerts';
import { BillingFeature } from './billing';
import { CheckoutFeature } from './checkout';
import { ClipboardFeature } from './clipboard';
import { GoogleFeature, type GoogleSignIn } from './google';
import { ServiceContext, validation, type ServiceDeps } from './context';
import { KeysFeature } from './keys';
import { saveSettings, getSettings } from './settings';
import { UsageHistoryFeature, type UsageHistoryView } from './usage-history';

export type { ServiceDeps } from './context';
export { BADGE_ALARM } from './billing';
export { CHECKOUT_ALARM, CHECKOUT_WATCH_MS, checkoutOutcomeFromUrl } from './checkout';
export { PENDING_KEY_ALARM } from './keys';
export { CLIPBOARD_ALARM } from './clipboard';

/** A feature's part in the background's life cycle. */
interface Lifecycle {
  onAlarm?(name: string): Promise<boolean>;
  afterSignOut?(): Promise<void>;
}

export class BackgroundService {
  readonly ctx: ServiceContext;
  readonly keys: KeysFeature;
  readonly billing: BillingFeature;
  readonly checkout: CheckoutFeature;
  readonly google: GoogleFeature;
  readonly alerts: AlertsFeature;
  readonly clipboard: ClipboardFeature;
  readonly usage: UsageHistoryFeature;
  private readonly features: Lifecycle[];

  constructor(deps: ServiceDeps = {}) {
    this.ctx = new ServiceContext(deps, () => this.afterSignOut());
    this.keys = new KeysFeature(this.ctx);
    this.billing = new BillingFeature(this.ctx);
    this.checkout = new CheckoutFeature(this.ctx, this.billing);
    this.google = new GoogleFeature(this.ctx, this.keys, () => this.afterSignIn(), deps.identity);
    this.usage = new UsageHistoryFeature(this.ctx, this.billing, this.keys);
    this.alerts = new AlertsFeature(this.ctx, this.billing, this.usage);
    this.clipboard = new ClipboardFeature(this.ctx, deps.clipboard);
    this.features = [this.keys, this.billing, this.checkout, this.alerts, this.clipboard, this.google];
  }

  get session(): Session {
    return this.ctx.session;
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
    await this.afterSignIn();
    return view;
  }

  /** Whatever signed the user in: the pages load billing right after, which also sets the badge. */
  async afterSignIn(): Promise<void> {
    await this.billing.startBadgeRefresh();
  }

  async signOut(): Promise<SessionView> {
    await this.session.signOut();
    return this.session.view();
  }

  private async afterSignOut(): Promise<void> {
    for (const feature of this.features) await feature.afterSignOut?.();
  }

  // ---- Keys, billing, settings (see the feature modules) ----------------------------------------

  listKeys = (): Promise<KeyUsageItem[]> => this.keys.list();
  createKey = (name: string, keyType: 'dev' | 'prod', keepPending: boolean): Promise<CreatedKey> => this.keys.create(name, keyType, keepPending);
  getPendingKey = (): Promise<PendingKey | null> => this.keys.pending();
  clearPendingKey = (): Promise<null> => this.keys.clearPending();
  renameKey = (id: string, name: string): Promise<ApiKeyInfo> => this.keys.rename(id, name);
  revealKey = (id: string): Promise<{ key: string }> => this.keys.reveal(id);
  revokeKey = (id: string): Promise<{ alreadyRevoked: boolean }> => this.keys.revoke(id);

  getBilling = (): Promise<BillingStatus> => this.billing.status();
  setPayg = (enable: boolean): Promise<{ payg_enabled: boolean; message: string }> => this.billing.setPayg(enable);
  openPortal = (): Promise<{ opened: true }> => this.billing.openPortal();
  openCheckout = (): Promise<{ opened: true }> => this.checkout.open();
  onTabUrl = (tabId: number, url: string): Promise<void> => this.checkout.onTabUrl(tabId, url);

  signInWithGoogle = (): Promise<GoogleSignIn> => this.google.signIn();
  takeFirstKeyNotice = (): Promise<{ keyName: string } | null> => this.google.takeFirstKeyNotice();
  googleRedirectUrl = async (): Promise<string> => this.google.redirectUrl();

  getSettings = (): Promise<Settings> => getSettings();
  saveSettings = (input: Settings): Promise<Settings> => saveSettings(this.session, input);
  getUsageHistory = (): Promise<UsageHistoryView | null> => this.usage.get();
  clearUsageHistory = (): Promise<{ cleared: true }> => this.usage.clear();
  keyCopied = (): Promise<{ clearsInSeconds: number | null }> => this.clipboard.keyCopied();

  // ---- Alarms and restarts ----------------------------------------------------------------------

  async onAlarm(name: string): Promise<void> {
    if (name === REFRESH_ALARM) {
      if ((await this.session.view()).signedIn) await this.session.refresh().catch(() => undefined);
      return;
    }
    for (const feature of this.features) if (await feature.onAlarm?.(name)) return;
  }

  /**
   * After the worker or the browser starts: alarms may not have survived a browser restart and
   * the badge starts empty, so both are restored; a pending checkout is watched again.
   */
  async resume(): Promise<void> {
    const view = await this.session.view();
    if (!view.signedIn) return;
    await this.billing.resume(view.userId);
    await this.checkout.resume();
  }
}
