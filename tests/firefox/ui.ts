// What a user does with the extension in Firefox, as puppeteer-core helpers: the same steps as
// the Chromium suite's fixtures (tests/e2e/fixtures.ts), through the same accessible names.
// Elements are found by role and accessible name, by label, or by exact visible text, then
// clicked and typed into with real input events (WebDriver BiDi input actions). Every wait is
// bounded.
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import type { ElementHandle, Page } from 'puppeteer-core';
import type { LocalApi } from '../../local-api/server';
import { corsUrl, PASSWORD, randomEmail } from '../e2e/fixtures';
import { UI_TIMEOUT, type FirefoxAddon } from './harness';

export const OPTIONS_VIEWPORT = { width: 1280, height: 800 };
export const POPUP_VIEWPORT = { width: 380, height: 600 };

type Scope = Page | ElementHandle<Element>;

// Roles and accessible names are computed in the page by @testing-library/dom (the library the
// component tests query with, same rules as Playwright's getByRole): a query costs a few
// milliseconds, where puppeteer's `::-p-aria` over BiDi walks Firefox's accessibility tree in
// ~400 ms. Its browser bundle is put into a page on first use.
const TESTING_LIBRARY = readFileSync(createRequire(import.meta.url).resolve('@testing-library/dom/dist/@testing-library/dom.umd.min.js'), 'utf8');

interface TestingLibraryGlobal {
  TestingLibraryDom: {
    queryAllByRole(root: Element, role: string, options?: { name?: string }): HTMLElement[];
    queryAllByLabelText(root: Element, label: string, options?: { exact?: boolean }): HTMLElement[];
  };
}

function pageOf(scope: Scope): Page {
  return 'frame' in scope && typeof (scope as ElementHandle).frame?.page === 'function' ? (scope as ElementHandle).frame.page() : (scope as Page);
}

function rootOf(scope: Scope): ElementHandle<Element> | null {
  return 'frame' in scope && typeof (scope as ElementHandle).frame?.page === 'function' ? (scope as ElementHandle<Element>) : null;
}

/** Puts @testing-library/dom into the page's current document unless it is there. */
export async function withQueries(page: Page): Promise<Page> {
  const present = await page.evaluate(() => typeof (window as unknown as Partial<TestingLibraryGlobal>).TestingLibraryDom !== 'undefined');
  if (!present) await page.evaluate(`${TESTING_LIBRARY};void 0`);
  return page;
}

/** Waits for an accessible element with this role and exact name (inside `scope`). */
export async function find(scope: Scope, role: string, name?: string, timeout = UI_TIMEOUT): Promise<ElementHandle<Element>> {
  const page = await withQueries(pageOf(scope));
  try {
    const handle = await page.waitForFunction(
      (root: Element | null, role: string, name: string | null) =>
        (window as unknown as TestingLibraryGlobal).TestingLibraryDom.queryAllByRole(root ?? document.body, role, name === null ? {} : { name })[0] ?? false,
      { polling: 100, timeout },
      rootOf(scope),
      role,
      name ?? null,
    );
    return handle as ElementHandle<Element>;
  } catch (error) {
    throw new Error(`No ${role}${name === undefined ? '' : ` "${name}"`} within ${timeout} ms`, { cause: error });
  }
}

/** How many accessible elements with this role and name there are now (no wait). */
export async function count(scope: Scope, role: string, name?: string): Promise<number> {
  const page = await withQueries(pageOf(scope));
  return page.evaluate(
    (root: Element | null, role: string, name: string | null) =>
      (window as unknown as TestingLibraryGlobal).TestingLibraryDom.queryAllByRole(root ?? document.body, role, name === null ? {} : { name }).length,
    rootOf(scope),
    role,
    name ?? null,
  );
}

/** Waits until no accessible element has this role and name. */
export async function gone(scope: Scope, role: string, name?: string, timeout = UI_TIMEOUT): Promise<void> {
  const page = await withQueries(pageOf(scope));
  try {
    await page.waitForFunction(
      (root: Element | null, role: string, name: string | null) =>
        (window as unknown as TestingLibraryGlobal).TestingLibraryDom.queryAllByRole(root ?? document.body, role, name === null ? {} : { name }).length === 0,
      { polling: 100, timeout },
      rootOf(scope),
      role,
      name ?? null,
    );
  } catch (error) {
    throw new Error(`${role}${name === undefined ? '' : ` "${name}"`} still there after ${timeout} ms`, { cause: error });
  }
}

/**
 * Clicks like a user: in the selected tab, on an element that has stopped moving.
 * - Firefox hardly renders a background tab, and puppeteer's click waits for the element to be
 *   scrolled into view (an IntersectionObserver), which then takes seconds: every click first
 *   selects its tab (the suite opens other tabs to paste the clipboard and to read storage).
 * - Puppeteer clicks where the element is at that instant; a toast or a dialog still sliding in
 *   would be missed. Like Playwright, wait until its box is the same in two animation frames.
 */
export async function press(element: ElementHandle<Element>): Promise<void> {
  await element.frame.page().bringToFront();
  // No named inner functions in page code: tsx (scripts) would wrap them in a helper the page lacks.
  await element.evaluate(async (el) => {
    let last = JSON.stringify(el.getBoundingClientRect());
    for (let i = 0; i < 60; i++) {
      await new Promise((resolve) => requestAnimationFrame(resolve));
      const now = JSON.stringify(el.getBoundingClientRect());
      if (now === last) return;
      last = now;
    }
  });
  await element.click();
}

export async function click(scope: Scope, role: string, name: string): Promise<void> {
  await press(await find(scope, role, name));
}

/** Replaces a text field's value by typing, as a user would (select all, delete, type). */
export async function fill(page: Page, field: ElementHandle<Element>, text: string): Promise<void> {
  await press(field);
  await page.keyboard.down('Control');
  await page.keyboard.press('a');
  await page.keyboard.up('Control');
  await page.keyboard.press('Backspace');
  if (text) await page.keyboard.type(text);
}

/** A form control by the exact text of its label (like Playwright's getByLabel). */
export async function field(scope: Scope, label: string, timeout = UI_TIMEOUT): Promise<ElementHandle<Element>> {
  const page = await withQueries(pageOf(scope));
  try {
    const handle = await page.waitForFunction(
      (root: Element | null, label: string) =>
        (window as unknown as TestingLibraryGlobal).TestingLibraryDom.queryAllByLabelText(root ?? document.body, label, { exact: true })[0] ?? false,
      { polling: 100, timeout },
      rootOf(scope),
      label,
    );
    return handle as ElementHandle<Element>;
  } catch (error) {
    throw new Error(`No field labelled "${label}" within ${timeout} ms`, { cause: error });
  }
}

/** Waits until an element whose full text is exactly `text` (or matches it) is visible: `root` itself or inside it (or the page). */
export async function waitForText(page: Page, text: string | RegExp, root?: ElementHandle<Element>, timeout = UI_TIMEOUT): Promise<void> {
  const pattern = typeof text === 'string' ? null : { source: text.source, flags: text.flags };
  await page.waitForFunction(
    (rootEl: Element | null, exact: string | null, pattern: { source: string; flags: string } | null) => {
      const re = pattern ? new RegExp(pattern.source, pattern.flags) : null;
      const scope = rootEl ?? document.body;
      for (const el of [scope, ...Array.from(scope.querySelectorAll('*'))]) {
        const own = (el.textContent ?? '').replace(/\s+/g, ' ').trim();
        if (re ? re.test(own) : own === exact) {
          const box = (el as HTMLElement).getClientRects();
          if (box.length > 0 && getComputedStyle(el).visibility !== 'hidden') return true;
        }
      }
      return false;
    },
    { polling: 100, timeout },
    root ?? null,
    typeof text === 'string' ? text : null,
    pattern,
  );
}

export async function attribute(handle: ElementHandle<Element>, name: string): Promise<string | null> {
  return handle.evaluate((el, name) => el.getAttribute(name), name);
}

export async function html(page: Page): Promise<string> {
  return page.evaluate(() => document.documentElement.outerHTML);
}

// ---- Toasts ------------------------------------------------------------------------------------

/** Waits for a toast (sonner) containing `text`, not counting those marked seen by `dismissToasts`. */
export async function expectToast(page: Page, text: string, timeout = UI_TIMEOUT): Promise<void> {
  await page.waitForFunction(
    (text: string) => Array.from(document.querySelectorAll('[data-sonner-toast]:not([data-e2e-seen])')).some((t) => (t.textContent ?? '').includes(text)),
    { polling: 100, timeout },
    text,
  );
}

/** The toast containing `text` (waits for it). */
export async function toastWith(page: Page, text: string): Promise<ElementHandle<Element>> {
  await expectToast(page, text);
  const handle = await page.evaluateHandle(
    (text: string) => Array.from(document.querySelectorAll('[data-sonner-toast]:not([data-e2e-seen])')).find((t) => (t.textContent ?? '').includes(text))!,
    text,
  );
  return handle as ElementHandle<Element>;
}

/** Marks the toasts on screen as seen, so the next `expectToast` only accepts a new one. */
export async function dismissToasts(page: Page): Promise<void> {
  await page.evaluate(() => {
    for (const el of Array.from(document.querySelectorAll('[data-sonner-toast]'))) el.setAttribute('data-e2e-seen', '');
  });
}

// ---- Pages ---------------------------------------------------------------------------------------

export function openOptions(ff: FirefoxAddon, section: 'keys' | 'billing' | 'settings' = 'keys'): Promise<Page> {
  return ff.open(`options.html#${section}`, OPTIONS_VIEWPORT);
}

/** popup.html opened as a 380×600 tab, as the Chromium suite does. */
export function openPopup(ff: FirefoxAddon): Promise<Page> {
  return ff.open('popup.html', POPUP_VIEWPORT);
}

export async function showSection(page: Page, name: 'API Keys' | 'Billing' | 'Settings'): Promise<void> {
  await click(page, 'tab', name);
  await page.waitForFunction((name: string) => document.querySelector(`[role=tab][aria-selected=true]`)?.textContent?.trim() === name, { polling: 50, timeout: UI_TIMEOUT }, name);
}

// ---- Settings and sign-in ----------------------------------------------------------------------

/**
 * Points the extension at `api` like a user: Settings → the four fields → Save → "Settings saved".
 * The API through `localhost` (plain cross-origin requests, CORS and all), the dashboard on
 * 127.0.0.1 (the build's one host permission), as in the Chromium suite.
 */
export async function configureServer(page: Page, api: LocalApi, urls: { api?: string; dashboard?: string } = {}): Promise<void> {
  await showSection(page, 'Settings');
  const form = await find(page, 'form', 'Server settings');
  await fill(page, await field(form, 'API base URL'), urls.api ?? corsUrl(api));
  await fill(page, await field(form, 'Auth URL'), urls.api ?? corsUrl(api));
  await fill(page, await field(form, 'Anon key'), api.anonKey);
  await fill(page, await field(form, 'Dashboard URL'), urls.dashboard ?? api.dashboardUrl);
  await dismissToasts(page);
  await click(form, 'button', 'Save');
  await expectToast(page, 'Settings saved');
}

/** The sign-in form on the page (waits for it). */
export async function signInForm(page: Page): Promise<ElementHandle<Element>> {
  const form = await page.waitForSelector('form:has(input[type=password])', { visible: true, timeout: UI_TIMEOUT });
  return form!;
}

export async function isSignInFormShown(page: Page): Promise<boolean> {
  return (await page.$('form:has(input[type=password])')) !== null;
}

async function fillCredentials(page: Page, form: ElementHandle<Element>, email: string, password: string, staySignedIn?: boolean): Promise<void> {
  await fill(page, await field(form, 'Email'), email);
  await fill(page, await field(form, 'Password'), password);
  if (staySignedIn !== undefined) {
    const box = await find(form, 'checkbox', 'Stay signed in');
    if ((await box.evaluate((el) => (el as HTMLInputElement).checked)) !== staySignedIn) await press(box);
  }
}

async function passwordGone(page: Page): Promise<void> {
  await page.waitForFunction(() => !document.querySelector('input[type=password]'), { polling: 100, timeout: UI_TIMEOUT });
}

/** Creates an account through the form (the page shows the sign-in form). */
export async function signUp(page: Page, email: string, password = PASSWORD, options: { staySignedIn?: boolean } = {}): Promise<void> {
  const form = await signInForm(page);
  await click(form, 'button', 'Create account');
  await find(page, 'heading', 'Create your KalshiBook account');
  await fillCredentials(page, form, email, password, options.staySignedIn);
  await click(form, 'button', 'Create account');
  await passwordGone(page);
}

/** Signs in through the form (the page shows the sign-in form). */
export async function signIn(page: Page, email: string, password = PASSWORD, options: { staySignedIn?: boolean } = {}): Promise<void> {
  const form = await signInForm(page);
  await fillCredentials(page, form, email, password, options.staySignedIn);
  await click(form, 'button', 'Sign in');
  await passwordGone(page);
}

/** Settings → "Sign out"; waits for the sign-in form. */
export async function signOut(page: Page): Promise<void> {
  await showSection(page, 'Settings');
  await dismissToasts(page);
  await click(page, 'button', 'Sign out');
  await expectToast(page, 'Signed out');
  await showSection(page, 'API Keys');
  await signInForm(page);
}

/** A fresh account through the options page (configured first when asked). */
export async function newAccount(ff: FirefoxAddon, api: LocalApi, options: { label?: string; configure?: boolean; page?: Page } = {}): Promise<{ page: Page; email: string }> {
  const page = options.page ?? (await openOptions(ff));
  if (options.configure) await configureServer(page, api);
  await showSection(page, 'API Keys');
  const email = randomEmail(options.label);
  await signUp(page, email);
  await find(page, 'table', 'API keys');
  return { page, email };
}
