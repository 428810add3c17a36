// The background's composition root: one ServiceContext (session, clock, settings, cache) and the
// features built on it. Each feature is its own module with its own alarms; this class wires
// them together and keeps the flat method names the message handlers and tests use.
import { PASSWORD_MIN, PASSWORD_TOO_SHORT } from '../format';
import type { GoogleSignIn } from '../messaging';
import type { ApiKeyInfo, BillingStatus, CreatedKey, KeyUsageItem } from '../api/schemas';
import { REFRESH_ALARM, type Session, type SessionView } from '../session/session';
import type { Settings } from '../settings';
import type { PendingKey } from '../storage';
import { AlertsFeature } from './alerts';
import { BillingFeature } from './billing';
import { CheckoutFeature } from './checkout';
import { ClipboardFeature, type ClipboardClearer } from './clipboard';
import { GoogleFeature, type IdentityApi } from './google';
import { ServiceContext, validation, type ContextDeps } from './context';
import { KeysFeature } from './keys';
import { PlaygroundFeature } from './playground';
import { saveSettings, getSettings } from './settings';
import { defaultWelcomeApis, dismissWelcome, getWelcome, type WelcomeView } from './welcome';
import type { UsageGlance } from '../usage/glance';
import { UsageHistoryFeature, type UsageHistoryView } from './usage-history';

export { BADGE_ALARM } from './billing';
export { CHECKOUT_ALARM, CHECKOUT_WATCH_MS, checkoutOutcomeFromUrl } from './checkout';
export { PENDING_KEY_ALARM } from './keys';
export { CLIPBOARD_ALARM } from './clipboard';

export interface ServiceDeps extends ContextDeps {
  /** How the clipboard gets cleared later (default: this build's browser, see clipboard.ts). */
  clipboard?: ClipboardClearer;
  /** `browser.identity` unless given (Google sign-in tests). */
  identity?: () => IdentityApi;
}

/** A feature's part in the background's life cycle. */
interface Lifecycle {
  onAlarm?(name: string, scheduledTime?: number): Promise<boolean>;
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
  readonly playground: PlaygroundFeature;
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
    this.playground = new PlaygroundFeature(this.ctx, this.keys, this.billing, deps.playgroundTimeoutMs);
    this.features = [this.keys, this.billing, this.checkout, this.alerts, this.clipboard, this.google];
  }

  get session(): Session {
    return this.ctx.session;
  }

  // ---- Session --------------------------------------------------------------------------------

  getSession(): Promise<SessionView> {
    return this.session.view();
  }

  async signIn(email: string, password: string): Promise<SessionView> {
    checkCredentials(email, password, false);
    const view = await this.session.signIn(email, password);
    await this.afterSignIn();
    return view;
  }

  async createAccount(email: string, password: string): Promise<SessionView> {
    checkCredentials(email, password, true);
    const view = await this.session.createAccount(email, password);
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
  keyCopied = (copiedAt?: number): Promise<{ clearsInSeconds: number | null }> => this.clipboard.keyCopied(copiedAt);
  getWelcome = (): Promise<WelcomeView> => getWelcome({ ...defaultWelcomeApis(), fetch: this.ctx.deps.fetch });
  dismissWelcome = (): Promise<{ dismissed: true }> => dismissWelcome();
  getUsageHistory = (): Promise<UsageHistoryView | null> => this.usage.get();
  getUsageGlance = (): Promise<UsageGlance | null> => this.usage.glance();
  clearUsageHistory = (): Promise<{ cleared: true }> => this.usage.clear();

  // ---- Alarms and restarts ----------------------------------------------------------------------

  async onAlarm(name: string, scheduledTime?: number): Promise<void> {
    if (name === REFRESH_ALARM) {
      if ((await this.session.view()).signedIn) await this.session.refresh().catch(() => undefined);
      return;
    }
    for (const feature of this.features) if (await feature.onAlarm?.(name, scheduledTime)) return;
  }

  /**
   * After the worker or the browser starts: alarms may not have survived a browser restart and
   * the badge starts empty, so both are restored; a pending checkout is watched again.
   */
  async resume(): Promise<void> {
    await this.ctx.restoreInstantOpen();
    const view = await this.session.view();
    if (!view.signedIn) return;
    await this.billing.resume(view.userId);
    await this.checkout.resume();
  }
}

/** The form's checks, again here: a page's message is input like any other. */
function checkCredentials(email: string, password: string, creatingAccount: boolean): void {
  if (!email.trim()) throw validation('email', 'Email is required.');
  if (!password) throw validation('password', 'Password is required.');
  if (creatingAccount && password.length < PASSWORD_MIN) throw validation('password', PASSWORD_TOO_SHORT);
}
