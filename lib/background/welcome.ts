// The first-run welcome on the options page (PRODUCT.md "First run"): what the browser really
// says about where the extension lives and how to open it, read fresh on every ask, and whether
// the user already dismissed it with "Got it" (for good: storage.local).
//
// - Pinned: `action.getUserSettings().isOnToolbar` (Chrome; Firefox 118+ answers it too). A
//   browser that cannot tell (no such function, or no boolean) gets the pin hint anyway.
// - Shortcut: the `_execute_action` command's shortcut from `commands.getAll()`: what the browser
//   really assigned (empty when the suggested Alt+Shift+K was taken, or the user removed it).
// - Demo account: only when Settings' API base URL is a loopback address and that server answers
//   the local API's `GET /__local/demo` (local-api/local-info.ts). A real backend run on
//   localhost has no such route, so it shows no demo account.
import { browser } from 'wxt/browser';
import { localApi } from '../api/kalshibook';
import type { FetchLike } from '../api/client';
import { isLoopbackHost } from '../settings';
import { getSettings, welcomeDismissedItem } from '../storage';
import type { WelcomeView } from '../messaging';

export type { WelcomeView };

/** The browser APIs the welcome reads (a fake in tests). */
export interface WelcomeApis {
  getUserSettings?: () => Promise<{ isOnToolbar?: boolean }>;
  getCommands: () => Promise<{ name?: string; shortcut?: string }[]>;
  browserName: 'chrome' | 'firefox';
  fetch?: FetchLike;
}

export const POPUP_COMMAND = '_execute_action';
/** The demo lookup must not hold the welcome up: a local server answers in milliseconds. */
const DEMO_TIMEOUT_MS = 2_000;

export function defaultWelcomeApis(): WelcomeApis {
  const action = browser.action as { getUserSettings?: () => Promise<{ isOnToolbar?: boolean }> } | undefined;
  return {
    getUserSettings: typeof action?.getUserSettings === 'function' ? () => action.getUserSettings!() : undefined,
    getCommands: () => browser.commands.getAll(),
    browserName: import.meta.env.BROWSER === 'firefox' ? 'firefox' : 'chrome',
  };
}

async function pinned(apis: WelcomeApis): Promise<boolean | null> {
  if (!apis.getUserSettings) return null;
  try {
    const settings = await apis.getUserSettings();
    return typeof settings?.isOnToolbar === 'boolean' ? settings.isOnToolbar : null;
  } catch {
    return null;
  }
}

async function shortcut(apis: WelcomeApis): Promise<string | null> {
  try {
    const command = (await apis.getCommands()).find((c) => c.name === POPUP_COMMAND);
    return command?.shortcut ? command.shortcut : null;
  } catch {
    return null;
  }
}

async function demoEmail(apis: WelcomeApis): Promise<string | null> {
  const { apiBaseUrl } = await getSettings();
  let host: string;
  try {
    host = new URL(apiBaseUrl).hostname;
  } catch {
    return null;
  }
  if (!isLoopbackHost(host)) return null;
  try {
    return (await localApi.demoAccount({ baseUrl: apiBaseUrl, fetch: apis.fetch, timeoutMs: DEMO_TIMEOUT_MS })).email;
  } catch {
    // Not the local API (no such route), or not running: no demo account to show.
    return null;
  }
}

export async function getWelcome(apis: WelcomeApis = defaultWelcomeApis()): Promise<WelcomeView> {
  const base = { browser: apis.browserName, pinned: null, shortcut: null, demoEmail: null };
  if (await welcomeDismissedItem.getValue()) return { show: false, ...base };
  const [isPinned, keys, email] = await Promise.all([pinned(apis), shortcut(apis), demoEmail(apis)]);
  return { show: true, browser: apis.browserName, pinned: isPinned, shortcut: keys, demoEmail: email };
}

export async function dismissWelcome(): Promise<{ dismissed: true }> {
  await welcomeDismissedItem.setValue(true);
  return { dismissed: true };
}
