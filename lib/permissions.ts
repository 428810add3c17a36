// The extension's optional permissions, asked for from its pages. A browser shows a permission
// prompt only in response to a user gesture — Firefox only while the click or key press is being
// handled, before any `await` — so the `request…` functions must be called synchronously from the
// event handler; they return the promise of the answer. Everything else may run later.
import { browser } from 'wxt/browser';
import { defaultSettings, originPattern } from './settings';

function ask(request: () => Promise<boolean>): Promise<boolean> {
  try {
    return Promise.resolve(request()).catch(() => false);
  } catch {
    return Promise.resolve(false);
  }
}

async function safely(check: () => Promise<boolean>): Promise<boolean> {
  try {
    return await check();
  } catch {
    return false;
  }
}

// ---- notifications (low-credit alerts) ---------------------------------------------------------

/** Call synchronously in the click that turns alerts on. */
export function requestNotifications(): Promise<boolean> {
  return ask(() => browser.permissions.request({ permissions: ['notifications'] }));
}

export function hasNotifications(): Promise<boolean> {
  return safely(() => browser.permissions.contains({ permissions: ['notifications'] }));
}

/** Alerts off: the permission is given back (asked again if they are turned on again). */
export function removeNotifications(): Promise<boolean> {
  return safely(() => browser.permissions.remove({ permissions: ['notifications'] }));
}

// ---- host access to a custom dashboard (to notice the return from Stripe) -----------------------

/** The build's own dashboard: the manifest's (required) host permission already covers it. */
export function buildDashboardPattern(): string | null {
  return originPattern(defaultSettings().dashboardUrl);
}

/** A dashboard on another host than the build's needs an optional host permission. */
export function needsHostAccess(dashboardUrl: string): boolean {
  const pattern = originPattern(dashboardUrl);
  return pattern !== null && pattern !== buildDashboardPattern();
}

/** Call synchronously in the Save click. Resolves true when the host is (now) accessible. */
export function requestHostAccess(dashboardUrl: string): Promise<boolean> {
  const pattern = originPattern(dashboardUrl);
  if (!pattern) return Promise.resolve(false);
  return ask(() => browser.permissions.request({ origins: [pattern] }));
}

export function hasHostAccess(dashboardUrl: string): Promise<boolean> {
  const pattern = originPattern(dashboardUrl);
  if (!pattern) return Promise.resolve(false);
  return safely(() => browser.permissions.contains({ origins: [pattern] }));
}

/** Gives back host access granted for earlier dashboards: at most the current one is kept. */
export async function releaseOtherHostAccess(dashboardUrl: string): Promise<void> {
  const keep = new Set([originPattern(dashboardUrl), buildDashboardPattern()]);
  try {
    const { origins = [] } = await browser.permissions.getAll();
    const stale = origins.filter((origin) => !keep.has(origin));
    if (stale.length > 0) await browser.permissions.remove({ origins: stale });
  } catch {
    // Nothing to give back, or the browser refused: the access stays until the user removes it.
  }
}
