// What a user does with the extension, as helpers for the Chromium suite: point it at the local
// API through Settings, create an account or sign in through the form, read the clipboard, wait
// for toasts. Assertions wait with bounded timeouts (other Chromiums may share the 2 cores).
import { randomBytes } from 'node:crypto';
import { mkdirSync } from 'node:fs';
import path from 'node:path';
import type { Locator, Page } from 'playwright-core';
import { startLocalApi, type LocalApi, type LocalApiOptions } from '../../local-api/server';
import type { ExtensionBrowser } from './harness';

/** How long a UI reaction may take on a busy machine. */
export const UI_TIMEOUT = 15_000;

export const OPTIONS_VIEWPORT = { width: 1280, height: 800 };
export const POPUP_VIEWPORT = { width: 380, height: 600 };

export const KEY_PATTERN = /^kb-[A-Za-z0-9_-]{43}$/;
export const SHOW_ONCE_TEXT = "Your API key has been created. Copy it now — you won't be able to see it again.";
export const SESSION_EXPIRED = 'Your session expired. Sign in again.';
export const PASSWORD = 'correct-horse-battery';

export const SCREENSHOT_DIR = path.resolve(process.cwd(), 'docs/screenshots');

// ---- The local API ---------------------------------------------------------------------------

export interface TestApi extends LocalApi {
  /** POST /__admin/{route} (faults: true), throwing on an error answer. */
  admin(route: string, body?: unknown): Promise<Record<string, unknown>>;
  /** Lines of the access log since the last `clearLog()`: "POST /auth/v1/token 200 3ms". */
  log: string[];
  clearLog(): void;
}

/** One in-memory API on a free port with the test controls on. */
export async function startTestApi(options: LocalApiOptions = {}): Promise<TestApi> {
  const log: string[] = [];
  const api = await startLocalApi({
    port: 0,
    memory: true,
    faults: true,
    refreshTokenReuseInterval: 1,
    seedDemo: false,
    accessLog: (line) => log.push(line),
    ...options,
  });
  return Object.assign(api, {
    log,
    clearLog: () => void log.splice(0),
    async admin(route: string, body: unknown = {}) {
      const res = await fetch(`${api.url}/__admin/${route.replace(/^\//, '')}`, {
        method: 'POST',
        headers: { 'Content-Type': 'application/json' },
        body: JSON.stringify(body),
      });
      const json = (await res.json()) as Record<string, unknown>;
      if (!res.ok) throw new Error(`admin ${route}: ${res.status} ${JSON.stringify(json)}`);
      return json;
    },
  });
}

/** Calls `GET /markets` with an API key `times` times (1 credit each), as a data client would. */
export async function useKey(api: LocalApi, key: string, times: number): Promise<void> {
  for (let i = 0; i < times; i++) {
    const res = await fetch(`${api.url}/markets`, { headers: { Authorization: `Bearer ${key}` } });
    if (!res.ok) throw new Error(`GET /markets with a key: ${res.status} ${await res.text()}`);
    await res.arrayBuffer();
  }
}

/** The account API directly (for demo data a test does not exercise through the UI). */
export async function apiSession(api: LocalApi, email: string, password = PASSWORD) {
  const login = await fetch(`${api.url}/auth/login`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json' },
    body: JSON.stringify({ email, password }),
  });
  if (!login.ok) throw new Error(`login: ${login.status} ${await login.text()}`);
  const { access_token: token } = (await login.json()) as { access_token: string };
  const call = async <T>(method: string, pathname: string, body?: unknown): Promise<T> => {
    const res = await fetch(`${api.url}${pathname}`, {
      method,
      headers: { Authorization: `Bearer ${token}`, ...(body === undefined ? {} : { 'Content-Type': 'application/json' }) },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    if (!res.ok) throw new Error(`${method} ${pathname}: ${res.status} ${await res.text()}`);
    return (await res.json()) as T;
  };
  return {
    async createKey(name: string, keyType: 'dev' | 'prod' = 'dev'): Promise<{ id: string; key: string; key_prefix: string }> {
      return (await call<{ data: { id: string; key: string; key_prefix: string } }>('POST', '/keys', { name, key_type: keyType })).data;
    },
    async keys(): Promise<{ id: string; name: string; key_prefix: string; credits_used: number }[]> {
      return (await call<{ data: { id: string; name: string; key_prefix: string; credits_used: number }[] }>('GET', '/keys/usage')).data;
    },
    async revoke(id: string): Promise<void> {
      await call('DELETE', `/keys/${id}`);
    },
  };
}

export function randomEmail(label = 'user'): string {
  return `e2e-${label}-${randomBytes(5).toString('hex')}@example.com`;
}

// ---- Pages -----------------------------------------------------------------------------------

export async function openOptions(ext: ExtensionBrowser, section: 'keys' | 'billing' | 'settings' = 'keys'): Promise<Page> {
  const page = await ext.open(`options.html#${section}`);
  await page.setViewportSize(OPTIONS_VIEWPORT);
  return page;
}

export async function openPopup(ext: ExtensionBrowser): Promise<Page> {
  const page = await ext.context.newPage();
  await page.setViewportSize(POPUP_VIEWPORT);
  await page.goto(`chrome-extension://${ext.extensionId}/popup.html`);
  return page;
}

/** The options page's section tabs ("API Keys", "Billing", "Settings"). */
export async function showSection(page: Page, name: 'API Keys' | 'Billing' | 'Settings'): Promise<void> {
  await page.getByRole('tab', { name, exact: true }).click();
}

// ---- Waiting ---------------------------------------------------------------------------------

export async function visible(locator: Locator, timeout = UI_TIMEOUT): Promise<Locator> {
  await locator.first().waitFor({ state: 'visible', timeout });
  return locator;
}

export async function gone(locator: Locator, timeout = UI_TIMEOUT): Promise<void> {
  await locator.first().waitFor({ state: 'detached', timeout });
}

/** A toast (sonner) with this text, not counting those marked seen by `dismissToasts`. */
export function toast(page: Page, text: string | RegExp): Locator {
  return page.locator('[data-sonner-toast]:not([data-e2e-seen])').filter({ hasText: text });
}

export async function expectToast(page: Page, text: string | RegExp, timeout = UI_TIMEOUT): Promise<void> {
  await toast(page, text).first().waitFor({ state: 'visible', timeout });
}

/**
 * Marks the toasts on screen as seen, so the next `expectToast` only accepts a new one. (Removing
 * them from the DOM would break sonner's React tree; an extra attribute is harmless.)
 */
export async function dismissToasts(page: Page): Promise<void> {
  await page.evaluate(() => {
    for (const el of Array.from(document.querySelectorAll('[data-sonner-toast]'))) el.setAttribute('data-e2e-seen', '');
  });
}

/** Polls `read` until `accept` holds (or throws with the last value). */
export async function until<T>(read: () => Promise<T>, accept: (value: T) => boolean, what: string, timeout = UI_TIMEOUT): Promise<T> {
  const deadline = Date.now() + timeout;
  let last: T | undefined;
  for (;;) {
    last = await read();
    if (accept(last)) return last;
    if (Date.now() > deadline) throw new Error(`Timed out waiting for ${what}; last value: ${JSON.stringify(last)}`);
    await new Promise((resolve) => setTimeout(resolve, 150));
  }
}

// ---- Clipboard -------------------------------------------------------------------------------

/** The system clipboard as the page reads it (the page must have focus). */
export async function readClipboard(page: Page): Promise<string> {
  await page.bringToFront();
  return page.evaluate(() => navigator.clipboard.readText());
}

/** Puts a marker in the clipboard, so a later read proves a copy happened. */
export async function resetClipboard(page: Page): Promise<void> {
  await page.bringToFront();
  await page.evaluate(() => navigator.clipboard.writeText('e2e-clipboard-marker'));
}

/** Waits until the clipboard changes away from the marker and returns its text. */
export async function copiedText(page: Page): Promise<string> {
  return until(() => readClipboard(page), (text) => text !== 'e2e-clipboard-marker' && text !== '', 'the clipboard to change');
}

// ---- Settings and sign-in --------------------------------------------------------------------

/**
 * The API as the extension should reach it: through `localhost`, not `127.0.0.1`. The e2e build's
 * one host permission is http://127.0.0.1/* (the dashboard's origin, for the Stripe return), and
 * host access lifts CORS; on `localhost` every API and auth call is a plain cross-origin request
 * (preflights, CORS headers and all), as against the production API.
 */
export function corsUrl(api: LocalApi): string {
  return `http://localhost:${api.port}`;
}

/**
 * Points the extension at `api` like a user: options page → Settings → the four fields → Save →
 * "Settings saved". Leaves the page on the Settings section. The dashboard stays on 127.0.0.1
 * (host permission: the background sees the tab come back from checkout).
 */
export async function configureServer(page: Page, api: LocalApi, urls: { api?: string; dashboard?: string } = {}): Promise<void> {
  await showSection(page, 'Settings');
  const form = page.getByRole('form', { name: 'Server settings' });
  await visible(form);
  await form.getByLabel('API base URL', { exact: true }).fill(urls.api ?? corsUrl(api));
  await form.getByLabel('Auth URL', { exact: true }).fill(urls.api ?? corsUrl(api));
  await form.getByLabel('Anon key', { exact: true }).fill(api.anonKey);
  await form.getByLabel('Dashboard URL', { exact: true }).fill(urls.dashboard ?? api.dashboardUrl);
  await form.getByRole('button', { name: 'Save', exact: true }).click();
  await expectToast(page, 'Settings saved');
}

/** The sign-in form on `page` (options Keys/Billing section when signed out, or the popup). */
export function signInForm(page: Page): Locator {
  return page.locator('form').filter({ has: page.getByLabel('Password', { exact: true }) });
}

async function fillCredentials(page: Page, email: string, password: string, staySignedIn?: boolean): Promise<void> {
  const form = signInForm(page);
  await form.getByLabel('Email', { exact: true }).fill(email);
  await form.getByLabel('Password', { exact: true }).fill(password);
  if (staySignedIn !== undefined) await form.getByRole('checkbox', { name: 'Stay signed in' }).setChecked(staySignedIn);
}

/** Creates an account through the form (the page shows the sign-in form). */
export async function signUp(page: Page, email: string, password = PASSWORD, options: { staySignedIn?: boolean } = {}): Promise<void> {
  const form = signInForm(page);
  await visible(form);
  await form.getByRole('button', { name: 'Create account', exact: true }).click();
  await visible(page.getByRole('heading', { name: 'Create your KalshiBook account' }));
  await fillCredentials(page, email, password, options.staySignedIn);
  await form.getByRole('button', { name: 'Create account', exact: true }).click();
  await gone(page.getByLabel('Password', { exact: true }));
}

/** Signs in through the form (the page shows the sign-in form). */
export async function signIn(page: Page, email: string, password = PASSWORD, options: { staySignedIn?: boolean } = {}): Promise<void> {
  const form = signInForm(page);
  await visible(form);
  await fillCredentials(page, email, password, options.staySignedIn);
  await form.getByRole('button', { name: 'Sign in', exact: true }).click();
  await gone(page.getByLabel('Password', { exact: true }));
}

/** Settings → "Sign out"; waits for the sign-in form. */
export async function signOut(page: Page): Promise<void> {
  await showSection(page, 'Settings');
  await page.getByRole('button', { name: 'Sign out', exact: true }).click();
  await expectToast(page, 'Signed out');
  await showSection(page, 'API Keys');
  await visible(signInForm(page));
}

/**
 * A fresh account on a configured extension: options page → (Settings, first time) → create
 * account → the keys table. Returns the options page and the email.
 */
export async function newAccount(
  ext: ExtensionBrowser,
  api: LocalApi,
  options: { label?: string; configure?: boolean; page?: Page } = {},
): Promise<{ page: Page; email: string }> {
  const page = options.page ?? (await openOptions(ext));
  if (options.configure) await configureServer(page, api);
  await showSection(page, 'API Keys');
  const email = randomEmail(options.label);
  await signUp(page, email);
  await visible(keysTable(page));
  return { page, email };
}

// ---- Keys ------------------------------------------------------------------------------------

/** The options page's keys table. */
export function keysTable(page: Page): Locator {
  return page.getByRole('table', { name: 'API keys' });
}

/** A row of the options table by the key's name (exact). */
export function keyRow(page: Page, name: string): Locator {
  return keysTable(page)
    .getByRole('row')
    .filter({ has: page.getByRole('cell', { name, exact: true }) });
}

/** A row of the popup's list by the key's name. */
export function popupRow(page: Page, name: string): Locator {
  return page.getByRole('listitem', { name, exact: true });
}

/** Opens a row's Options menu and picks an item. */
export async function rowAction(page: Page, name: string, item: 'Copy key' | 'Copy key prefix' | 'Rename' | 'Revoke'): Promise<void> {
  await page.getByRole('button', { name: `Options for ${name}`, exact: true }).click();
  const menu = page.getByRole('menu', { name: `Options for ${name}` });
  await visible(menu);
  await menu.getByRole('menuitem', { name: item, exact: true }).click();
}

/**
 * Options page "Create Key" (or popup "New key") → form → "Create Key" → the show-once view.
 * Returns the key shown and leaves the show-once dialog open.
 */
export async function createKeyToShowOnce(page: Page, name: string, options: { type?: 'Development' | 'Production'; popup?: boolean } = {}): Promise<string> {
  await page.getByRole('button', { name: options.popup ? 'New key' : 'Create Key', exact: true }).first().click();
  const dialog = page.getByRole('dialog', { name: 'Create API Key' });
  await visible(dialog);
  await dialog.getByLabel('Name', { exact: true }).fill(name);
  if (options.type) await dialog.getByLabel('Type', { exact: true }).selectOption({ label: options.type });
  await dialog.getByRole('button', { name: 'Create Key', exact: true }).click();
  return shownKey(page);
}

/** The show-once dialog's key (waits for it). */
export async function shownKey(page: Page): Promise<string> {
  const created = page.getByRole('dialog', { name: 'API Key Created' });
  await visible(created.getByText(SHOW_ONCE_TEXT, { exact: true }));
  return ((await created.getByLabel('Your new API key').textContent()) ?? '').trim();
}

/** "Done" on the show-once dialog; waits for it to close. */
export async function acknowledgeKey(page: Page): Promise<void> {
  const created = page.getByRole('dialog', { name: 'API Key Created' });
  await created.getByRole('button', { name: 'Done', exact: true }).click();
  await gone(created.getByLabel('Your new API key'));
}

/** Creates a key and presses Done; returns the raw key. */
export async function createKey(page: Page, name: string, options: { type?: 'Development' | 'Production'; popup?: boolean } = {}): Promise<string> {
  const key = await createKeyToShowOnce(page, name, options);
  await acknowledgeKey(page);
  return key;
}

// ---- Screenshots -----------------------------------------------------------------------------

export async function screenshot(page: Page, file: string): Promise<string> {
  mkdirSync(SCREENSHOT_DIR, { recursive: true });
  const target = path.join(SCREENSHOT_DIR, file);
  // Nothing half-animated: wait for fonts and two frames.
  await page.evaluate(() => document.fonts.ready.then(() => new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(r)))));
  await page.screenshot({ path: target });
  return target;
}
