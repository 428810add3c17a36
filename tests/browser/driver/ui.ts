// What a user does, as page-driving helpers that work the same in both browsers (puppeteer-core pages over CDP or BiDi): elements found by
// role and accessible name or by label, clicked and typed into with real input events, text and toasts waited for. Every wait is bounded.
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import type { ElementHandle, Page } from 'puppeteer-core';
import { sleep, until } from '../adapters/types';
import { OPTIONS_VIEWPORT, POPUP_VIEWPORT, UI_TIMEOUT, type Ext } from './extension';

export { sleep, until };

type Scope = Page | ElementHandle<Element>;

// Roles and accessible names are computed in the page by @testing-library/dom (the library the
// component tests query with): a query costs a few milliseconds, where puppeteer's `::-p-aria`
// over BiDi walks Firefox's accessibility tree in ~400 ms. Its bundle is put into a page on first use.
const TESTING_LIBRARY = readFileSync(createRequire(import.meta.url).resolve('@testing-library/dom/dist/@testing-library/dom.umd.min.js'), 'utf8');

interface TestingLibraryGlobal {
  TestingLibraryDom: {
    queryAllByRole(root: Element, role: string, options?: { name?: string }): HTMLElement[];
    queryAllByLabelText(root: Element, label: string, options?: { exact?: boolean }): HTMLElement[];
  };
}

const isHandle = (scope: Scope): scope is ElementHandle<Element> => 'frame' in scope && typeof (scope as ElementHandle).frame?.page === 'function';
const pageOf = (scope: Scope): Page => (isHandle(scope) ? scope.frame.page() : scope);
const rootOf = (scope: Scope) => (isHandle(scope) ? scope : null);

/** Puts @testing-library/dom into the page's current document unless it is there. */
async function withQueries(page: Page): Promise<Page> {
  const present = await page.evaluate(() => typeof (window as unknown as Partial<TestingLibraryGlobal>).TestingLibraryDom !== 'undefined');
  if (!present) await page.evaluate(`${TESTING_LIBRARY};void 0`);
  return page;
}

/** In the page: the elements of `root` (or the body) with this role and exact name, or this exact label: the first (or false), how many, or whether none. */
const query = (root: Element | null, by: 'role' | 'label', what: string, name: string | null, answer: 'first' | 'count' | 'none') => {
  const dom = (window as unknown as TestingLibraryGlobal).TestingLibraryDom;
  const within = root ?? document.body;
  const found = by === 'label' ? dom.queryAllByLabelText(within, what, { exact: true }) : dom.queryAllByRole(within, what, name === null ? {} : { name });
  return answer === 'first' ? (found[0] ?? false) : answer === 'count' ? found.length : found.length === 0;
};

/** Waits until `query` answers truthily inside `scope`; throws an error saying `failure` after `timeout`. */
async function waitFor(scope: Scope, by: 'role' | 'label', what: string, name: string | undefined, answer: 'first' | 'none', timeout: number, failure: string) {
  const page = await withQueries(pageOf(scope));
  try {
    return await page.waitForFunction(query, { polling: 100, timeout }, rootOf(scope), by, what, name ?? null, answer);
  } catch (error) {
    throw new Error(failure, { cause: error });
  }
}

const described = (role: string, name?: string) => `${role}${name === undefined ? '' : ` "${name}"`}`;

/** Waits for an accessible element with this role and exact name (inside `scope`). */
export async function find(scope: Scope, role: string, name?: string, timeout = UI_TIMEOUT): Promise<ElementHandle<Element>> {
  return (await waitFor(scope, 'role', role, name, 'first', timeout, `No ${described(role, name)} within ${timeout} ms`)) as ElementHandle<Element>;
}

/** How many accessible elements with this role and name there are now (no wait). */
export async function count(scope: Scope, role: string, name?: string): Promise<number> {
  return (await withQueries(pageOf(scope))).evaluate(query, rootOf(scope), 'role' as const, role, name ?? null, 'count' as const) as Promise<number>;
}

/** Waits until no accessible element has this role and name. */
export async function gone(scope: Scope, role: string, name?: string, timeout = UI_TIMEOUT): Promise<void> {
  await waitFor(scope, 'role', role, name, 'none', timeout, `${described(role, name)} still there after ${timeout} ms`);
}

/** Clicks like a user: in the selected tab, on an element that has stopped moving.
 * - Firefox hardly renders a background tab, and puppeteer's click waits for the element to be
 *   scrolled into view (an IntersectionObserver), which then takes seconds: every click first
 *   selects its tab (the suite opens other tabs to paste the clipboard and to read storage).
 * - Puppeteer clicks where the element is at that instant; a toast or a dialog still sliding in
 *   would be missed. Like Playwright, wait until its box is the same in two animation frames, and in view
 *   (a toast about to slide in sits still below it) unless still for 10 frames (it needs scrolling).
 */
export async function press(element: ElementHandle<Element>): Promise<void> {
  await element.frame.page().bringToFront();
  // No named inner functions in page code: tsx (scripts) would wrap them in a helper the page lacks.
  await element.evaluate(async (el) => {
    let last = JSON.stringify(el.getBoundingClientRect());
    for (let i = 0, still = 0; i < 60; i++) {
      await new Promise((resolve) => requestAnimationFrame(resolve));
      const box = el.getBoundingClientRect();
      still = JSON.stringify(box) === last ? still + 1 : 0;
      if (still >= 10 || (still >= 1 && box.bottom > 0 && box.right > 0 && box.top < innerHeight && box.left < innerWidth)) return;
      last = JSON.stringify(box);
    }
  });
  await element.click();
}

export const click = async (scope: Scope, role: string, name: string) => press(await find(scope, role, name));

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
  return (await waitFor(scope, 'label', label, undefined, 'first', timeout, `No field labelled "${label}" within ${timeout} ms`)) as ElementHandle<Element>;
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

export const attribute = (handle: ElementHandle<Element>, name: string) => handle.evaluate((el, name) => el.getAttribute(name), name);
export const html = (page: Page) => page.evaluate(() => document.documentElement.outerHTML);
/** The value of an input, select or textarea. */
export const valueOf = (handle: ElementHandle<Element>) => handle.evaluate((el) => (el as HTMLInputElement).value);
export const isChecked = (handle: ElementHandle<Element>) => handle.evaluate((el) => (el as HTMLInputElement).checked);

/** Waits for a toast (sonner) containing `text`, not counting those marked seen by `dismissToasts`; returns it. */
export async function expectToast(page: Page, text: string, timeout = UI_TIMEOUT): Promise<ElementHandle<Element>> {
  type Seen = { kbToasts?: Set<string> }; // every toast text a wait saw on this page, for the failure message
  const toast = page.waitForFunction(
    (text: string) => {
      const toasts = Array.from(document.querySelectorAll('[data-sonner-toast]:not([data-e2e-seen])'), (t) => [t, t.textContent ?? ''] as const);
      toasts.forEach(([, t]) => ((window as Seen).kbToasts ??= new Set()).add(t));
      return toasts.find(([, t]) => t.includes(text))?.[0] ?? false;
    },
    { polling: 100, timeout },
    text,
  );
  return (await toast.catch(async (error: Error) => {
    const seen = await page.evaluate(() => [...((window as Seen).kbToasts ?? [])]).catch(() => ['(page unreadable)']);
    throw new Error(`No toast "${text}" within ${timeout} ms; toasts seen on this page: ${JSON.stringify(seen)}`, { cause: error });
  })) as ElementHandle<Element>;
}

/** Marks the toasts on screen as seen, so the next `expectToast` only accepts a new one. */
export const dismissToasts = (page: Page) =>
  page.evaluate(() => document.querySelectorAll('[data-sonner-toast]').forEach((el) => el.setAttribute('data-e2e-seen', '')));

export const openOptions = (ext: Ext, section: 'keys' | 'billing' | 'settings' = 'keys') => ext.open(`options.html#${section}`, OPTIONS_VIEWPORT);
export const openPopup = (ext: Ext) => ext.open('popup.html', POPUP_VIEWPORT);

export async function showSection(page: Page, name: 'API Keys' | 'Billing' | 'Settings'): Promise<void> {
  await click(page, 'tab', name);
  await page.waitForFunction((name: string) => document.querySelector(`[role=tab][aria-selected=true]`)?.textContent?.trim() === name, { polling: 50, timeout: UI_TIMEOUT }, name);
}

/** Picks the option whose visible text is `label` in a <select>, like a user. */
export async function selectOption(select: ElementHandle<Element>, label: string): Promise<void> {
  const value = await select.evaluate((el, label) => Array.from((el as HTMLSelectElement).options).find((o) => o.text.trim() === label)?.value ?? null, label);
  if (value === null) throw new Error(`No option "${label}"`);
  await select.select(value);
}
