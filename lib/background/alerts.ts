// Low-credit alerts: with "Notify me when credits run low" on (and the optional `notifications`
// permission granted), a browser notification once per cycle when 80 % and when 100 % of the
// allowance is used — with Pay-As-You-Go on, instead of 100 %, when the overage estimate reaches
// the user's amount; and once per cycle when the forecast says credits run out at least 3 days
// before the cycle ends (never with Pay-As-You-Go on). Checked whenever a fresh billing status arrives (the badge refresh). Which
// alerts a cycle has had is kept per account in storage.local, and forgotten on sign-out.
import { browser } from 'wxt/browser';
import { ApiError } from '../api/errors';
import { currentCycleKey, cycleUsage } from '../billing-cycle';
import { formatBillingDate, formatNumber } from '../format';
import { formatCents, overageCredits, overageText, paygEstimateCents } from '../payg';
import { validateAlertSettings } from '../alert-settings';
import { warnFailure } from '../log';
import { hasNotifications } from '../permissions';
import { defaultAlertSettings, type AlertSettings } from '../settings';
import { alertBookItem, alertSettingsItem, dataCacheItem, type AlertBook, type AlertKind } from '../storage';
import type { BillingStatus } from '../api/schemas';
import { forecast, formatDayMonth, runsOutEarly } from '../usage/forecast';
import type { AccountHistory } from '../usage/history';
import type { BillingFeature } from './billing';
import type { ServiceContext } from './context';
import type { UsageHistoryFeature } from './usage-history';

/** Notification ids are this prefix + the alert kind (a newer alert of a kind replaces the old one). */
export const ALERT_NOTIFICATION_PREFIX = 'kb-credits-';
const ALL_KINDS: AlertKind[] = ['used80', 'used100', 'payg', 'forecast'];
/** Most severe first: when several thresholds are first seen together, only the worst is shown. */
const SEVERITY: AlertKind[] = ['payg', 'used100', 'used80', 'forecast'];

export interface Alert {
  kind: AlertKind;
  title: string;
  message: string;
}

export interface AlertCheck {
  signedIn: boolean;
  userId: string | null;
  settings: AlertSettings;
  billing: BillingStatus;
  now: number;
  /** The recorded usage history (the forecast alert's pace); null: none. */
  history?: AccountHistory | null;
}

/** The thresholds this status has reached, counted from the current cycle (fresh when it has ended). */
export function reachedAlerts(billing: BillingStatus, settings: AlertSettings, now: number, history: AccountHistory | null = null): AlertKind[] {
  const { used, total } = cycleUsage(billing, now);
  const reached: AlertKind[] = [];
  if (total > 0 && used * 5 >= total * 4) reached.push('used80');
  if (total > 0 && used >= total && !billing.payg_enabled) reached.push('used100');
  if (billing.payg_enabled && paygEstimateCents(overageCredits(used, total)) >= settings.paygThresholdCents) reached.push('payg');
  if (!billing.payg_enabled && runsOutEarly(forecast(billing, history, now))) reached.push('forecast');
  return reached;
}

export function alertFor(kind: AlertKind, billing: BillingStatus, settings: AlertSettings, now: number, history: AccountHistory | null = null): Alert {
  const { used, total, remaining, next } = cycleUsage(billing, now);
  if (kind === 'forecast') {
    const f = forecast(billing, history, now);
    // runsOutEarly() made sure there is a run-out date.
    const when = f.runOutAt ? formatDayMonth(f.runOutAt) : 'the end of this cycle';
    return { kind, title: 'KalshiBook: credits may run out early', message: `At this pace your KalshiBook credits run out around ${when}.` };
  }
  const nextText = next ? formatBillingDate(next) : 'the next billing date';
  if (kind === 'used80') {
    const percent = Math.floor((used / total) * 100);
    return {
      kind,
      title: `KalshiBook: ${percent}% of this cycle's credits used`,
      message: `${formatNumber(used)} of ${formatNumber(total)} credits used, ${formatNumber(remaining)} left. Credits reset on ${nextText}.`,
    };
  }
  if (kind === 'used100') {
    return {
      kind,
      title: 'KalshiBook: credits used up',
      message: `All ${formatNumber(total)} credits of this cycle are used: data requests fail until ${nextText}. Enable Pay-As-You-Go or upgrade to keep going.`,
    };
  }
  return {
    kind,
    title: `KalshiBook: Pay-As-You-Go passed ${formatCents(settings.paygThresholdCents)}`,
    message: `${overageText(overageCredits(used, total))} this cycle (an estimate; your Stripe invoice is final).`,
  };
}

/**
 * Pure bookkeeping: given what has been sent this cycle and a fresh status, the alert to show now
 * (at most one) and the book to keep. Nothing while signed out; a new cycle (or another account)
 * starts a new book; alerts off sends nothing and marks nothing.
 */
export function decideAlerts(book: AlertBook | null, check: AlertCheck): { book: AlertBook | null; alert: Alert | null } {
  if (!check.signedIn || !check.userId) return { book: null, alert: null };
  const cycle = currentCycleKey(check.billing, check.now);
  const current: AlertBook = book && book.userId === check.userId && book.cycle === cycle ? book : { userId: check.userId, cycle, sent: [] };
  if (!check.settings.enabled) return { book: current, alert: null };
  const fresh = reachedAlerts(check.billing, check.settings, check.now, check.history ?? null).filter((kind) => !current.sent.includes(kind));
  const worst = SEVERITY.find((kind) => fresh.includes(kind));
  if (!worst) return { book: current, alert: null };
  return {
    book: { ...current, sent: [...current.sent, ...fresh] },
    alert: alertFor(worst, check.billing, check.settings, check.now, check.history ?? null),
  };
}

const sameBook = (a: AlertBook | null, b: AlertBook | null) => JSON.stringify(a) === JSON.stringify(b);

export class AlertsFeature {
  /** Checks run one after another, so two statuses arriving together cannot both send an alert. */
  private queue: Promise<unknown> = Promise.resolve();

  constructor(
    private readonly ctx: ServiceContext,
    billing: BillingFeature,
    /** Where the forecast's history comes from (recorded before each check: it listens first). */
    private readonly usage: UsageHistoryFeature | null = null,
  ) {
    billing.onStatus((status) => this.check(status));
  }

  async getSettings(): Promise<AlertSettings> {
    return { ...defaultAlertSettings(), ...(await alertSettingsItem.getValue()) };
  }

  async saveSettings(input: AlertSettings): Promise<AlertSettings> {
    const checked = validateAlertSettings(input);
    if (!checked.ok) {
      throw new ApiError({ kind: 'validation', code: 'invalid_settings', message: checked.error, fields: { paygThresholdCents: checked.error } });
    }
    await alertSettingsItem.setValue(checked.value);
    // Turned on past a threshold: say so now rather than at the next refresh.
    if (checked.value.enabled) {
      const [view, cache] = await Promise.all([this.ctx.session.view(), dataCacheItem.getValue()]);
      if (view.signedIn && cache?.billing && cache.userId === view.userId) await this.check(cache.billing);
    }
    return checked.value;
  }

  /** Never throws: an alert that cannot be shown must not fail the billing status it came with. */
  check(status: BillingStatus): Promise<void> {
    const run = this.queue.then(() => this.run(status)).catch((error: unknown) => warnFailure('a low-credit alert', error));
    this.queue = run;
    return run;
  }

  private async run(status: BillingStatus): Promise<void> {
    const [view, settings, book, usage] = await Promise.all([this.ctx.session.view(), this.getSettings(), alertBookItem.getValue(), this.usage?.get() ?? null]);
    const decision = decideAlerts(book, { signedIn: view.signedIn, userId: view.userId, settings, billing: status, now: this.ctx.now(), history: usage?.history ?? null });
    if (decision.alert) {
      // Without the permission nothing is marked: the alert comes once notifications are allowed.
      if (!(await canNotify())) return;
      await browser.notifications.create(ALERT_NOTIFICATION_PREFIX + decision.alert.kind, {
        type: 'basic',
        iconUrl: browser.runtime.getURL('/icon/128.png'),
        title: decision.alert.title,
        message: decision.alert.message,
      });
    }
    // Only a book with something in it is kept: nothing account-related is written while alerts are off.
    const keep = decision.book && decision.book.sent.length > 0 ? decision.book : null;
    if (!sameBook(book, keep)) {
      if (keep) await alertBookItem.setValue(keep);
      else await alertBookItem.removeValue();
    }
  }

  /** A click on one of our notifications opens the options page at Billing. */
  readonly onClicked = (id: string): void => {
    if (!id.startsWith(ALERT_NOTIFICATION_PREFIX)) return;
    browser.tabs.create({ url: browser.runtime.getURL('/options.html#billing') }).catch((error: unknown) => warnFailure('opening Billing from a notification', error));
    browser.notifications?.clear(id).catch((error: unknown) => warnFailure('clearing a clicked notification', error));
  };

  /**
   * Call synchronously at the background's start. The notifications API exists only once the
   * optional permission is granted, so the click listener is also added when it is.
   */
  listen(): void {
    const add = () => {
      const notifications = browser.notifications;
      if (notifications && !notifications.onClicked.hasListener(this.onClicked)) notifications.onClicked.addListener(this.onClicked);
    };
    add();
    browser.permissions?.onAdded?.addListener(add);
  }

  /** Sign-out: no more alerts for that account, its bookkeeping and its notifications go. */
  async afterSignOut(): Promise<void> {
    await this.queue;
    await alertBookItem.removeValue();
    const notifications = browser.notifications;
    if (notifications) await Promise.all(ALL_KINDS.map((kind) => notifications.clear(ALERT_NOTIFICATION_PREFIX + kind).catch(() => false)));
  }
}

async function canNotify(): Promise<boolean> {
  return Boolean(browser.notifications) && (await hasNotifications());
}
