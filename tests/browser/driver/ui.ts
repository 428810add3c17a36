// What a user does, as page-driving helpers that work the same in both browsers (puppeteer-core pages over CDP or BiDi): elements found by
// role and accessible name or by label, clicked and typed into with real input events, text and toasts waited for. Every wait is bounded.
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import type { ElementHandle, Page } from 'puppeteer-core';
import { sleep, until } from '../adapters/types';
import { OPTIONS_VIEWPORT, POPUP_VIEWPORT, UI_TIMEOUT, type Ext } from './extension';

export { sleep, until };

type Scope = Page | ElementHandle<Element>;

// Roles and accessible names are computed in the page by @testing-library/dom (as in the component tests): a few milliseconds
// a query, where puppeteer's `::-p-aria` over BiDi walks Firefox's accessibility tree in ~400 ms. Put into a page on first use.
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

/** In the page: the elements of `root` (or the body) with this role and exact name, or this exact label: the first (or false), how many, or whether none.
 * Not inert ones (assistive technology skips them, a click there does nothing): the popup's instant-open copy, until the app replaces it. */
const query = (root: Element | null, by: 'role' | 'label', what: string, name: string | null, answer: 'first' | 'count' | 'none') => {
  const [dom, within] = [(window as unknown as TestingLibraryGlobal).TestingLibraryDom, root ?? document.body];
  const found = (by === 'label' ? dom.queryAllByLabelText(within, what, { exact: true }) : dom.queryAllByRole(within, what, name === null ? {} : { name })).filter((el) => !el.closest('[inert]'));
  return answer === 'first' ? (found[0] ?? false) : answer === 'count' ? found.length : found.length === 0;
};

/** Waits until `query` answers truthily inside `scope`; throws an error saying `failure` after `timeout`. */
async function waitFor(scope: Scope, by: 'role' | 'label', what: string, name: string | undefined, answer: 'first' | 'none', timeout: number, failure: string) {
  const page = await withQueries(pageOf(scope));
  return waitIn(page, query, [rootOf(scope), by, what, name ?? null, answer], { timeout }).catch((error: Error) => Promise.reject(new Error(failure, { cause: error })));
}

/** Runs `fn` (or an expression) in the page every `polling` ms until it answers truthily, in one protocol call (puppeteer's
 * waitForFunction makes five, ~45 ms a wait over BiDi); `args` may be element handles. Its answer, as a handle. Not across navigations. */
export async function waitIn(page: Page, fn: string | ((...args: never[]) => unknown), args: unknown[], { timeout = UI_TIMEOUT, polling = 100 } = {}) {
  const poll = async (source: string, timeout: number, polling: number, ...args: unknown[]) => {
    const fns = ((window as { kbFns?: Map<string, (...a: unknown[]) => unknown> }).kbFns ??= new Map());
    if (!fns.has(source)) fns.set(source, new Function(`return (${source})`)() as (...a: unknown[]) => unknown);
    for (const deadline = Date.now() + timeout; ; await new Promise((resolve) => setTimeout(resolve, polling))) {
      const value = await fns.get(source)!(...args);
      if (value) return value;
      if (Date.now() > deadline) throw new Error(`Waiting failed: ${timeout} ms exceeded for ${source.replace(/\s+/g, ' ').slice(0, 160)}`);
    }
  };
  return (await page.evaluateHandle(poll, typeof fn === 'string' ? `() => (${fn})` : fn.toString(), timeout, polling, ...args)) as ElementHandle<Element>;
}

/** Waits for the first element matching `selector` (inside `scope`) to be visible: a box, not `visibility: hidden`, not inert. */
export const visible = (scope: Scope, selector: string, timeout = UI_TIMEOUT) =>
  waitIn(pageOf(scope), (root: Element | null, selector: string) => {
    const el = (root ?? document).querySelector(selector);
    return el && !el.closest('[inert]') && el.getBoundingClientRect().width * el.getBoundingClientRect().height > 0 && getComputedStyle(el).visibility !== 'hidden' ? el : false;
  }, [rootOf(scope), selector], { timeout });

const described = (role: string, name?: string) => `${role}${name === undefined ? '' : ` "${name}"`}`;

/** Waits for an accessible element with this role and exact name (inside `scope`). */
export const find = (scope: Scope, role: string, name?: string, timeout = UI_TIMEOUT) => waitFor(scope, 'role', role, name, 'first', timeout, `No ${described(role, name)} within ${timeout} ms`);

/** How many accessible elements with this role and name there are now (no wait). */
export async function count(scope: Scope, role: string, name?: string): Promise<number> {
  return (await withQueries(pageOf(scope))).evaluate(query, rootOf(scope), 'role' as const, role, name ?? null, 'count' as const) as Promise<number>;
}

/** Waits until no accessible element has this role and name. */
export async function gone(scope: Scope, role: string, name?: string, timeout = UI_TIMEOUT): Promise<void> {
  await waitFor(scope, 'role', role, name, 'none', timeout, `${described(role, name)} still there after ${timeout} ms`);
}

/** Clicks like a user: in the selected tab (Firefox hardly renders a background one, and puppeteer's click waits for the element
 * to be scrolled into view, an IntersectionObserver, which then takes seconds), on an element that has stopped moving (a toast or
 * dialog still sliding in would be missed): like Playwright, its box the same in two animation frames and in view (a toast about to
 * slide in sits still below it), or still for 10 frames (it needs scrolling). Then puppeteer's click, which takes the point afresh
 * (tried: the point from the stillness check, clicked at once, missed a menu button a banner above it moved just then). */
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

/** Clicks the element with this role and name; found again if it was replaced (re-rendered) in between: puppeteer's click then
 * fails with "Node is detached from document". */
export async function click(scope: Scope, role: string, name: string): Promise<void> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await press(await find(scope, role, name));
    } catch (error) {
      if (attempt === 3 || !/detached/i.test(String(error))) throw error;
    }
  }
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
export const field = (scope: Scope, label: string, timeout = UI_TIMEOUT) => waitFor(scope, 'label', label, undefined, 'first', timeout, `No field labelled "${label}" within ${timeout} ms`);

/** Waits until an element whose full text is exactly `text` (or matches it) is visible: `root` itself or inside it (or the page). */
export async function waitForText(page: Page, text: string | RegExp, root?: ElementHandle<Element>, timeout = UI_TIMEOUT): Promise<void> {
  const pattern = typeof text === 'string' ? null : { source: text.source, flags: text.flags };
  const shown = (rootEl: Element | null, exact: string | null, pattern: { source: string; flags: string } | null) => {
    const re = pattern ? new RegExp(pattern.source, pattern.flags) : null;
    const scope = rootEl ?? document.body;
    return [scope, ...Array.from(scope.querySelectorAll('*'))].some((el) => {
      const own = (el.textContent ?? '').replace(/\s+/g, ' ').trim();
      return (re ? re.test(own) : own === exact) && el.getClientRects().length > 0 && getComputedStyle(el).visibility !== 'hidden';
    });
  };
  await waitIn(page, shown, [root ?? null, typeof text === 'string' ? text : null, pattern], { timeout });
}

export const attribute = (handle: ElementHandle<Element>, name: string) => handle.evaluate((el, name) => el.getAttribute(name), name);
export const html = (page: Page) => page.evaluate(() => document.documentElement.outerHTML);
/** The value of an input, select or textarea. */
export const valueOf = (handle: ElementHandle<Element>) => handle.evaluate((el) => (el as HTMLInputElement).value);
export const isChecked = (handle: ElementHandle<Element>) => handle.evaluate((el) => (el as HTMLInputElement).checked);

/** Waits for a toast (sonner) containing `text`, not counting those marked seen by `dismissToasts`; returns it. */
export async function expectToast(page: Page, text: string, timeout = UI_TIMEOUT): Promise<ElementHandle<Element>> {
  type Seen = { kbToasts?: Set<string> }; // every toast text a wait saw on this page, for the failure message
  const toast = (text: string) => {
    const toasts = Array.from(document.querySelectorAll('[data-sonner-toast]:not([data-e2e-seen])'), (t) => [t, t.textContent ?? ''] as const);
    toasts.forEach(([, t]) => ((window as Seen).kbToasts ??= new Set()).add(t));
    return toasts.find(([, t]) => t.includes(text))?.[0] ?? false;
  };
  return waitIn(page, toast, [text], { timeout }).catch(async (error: Error) => {
    const seen = await page.evaluate(() => [...((window as Seen).kbToasts ?? [])]).catch(() => ['(page unreadable)']);
    throw new Error(`No toast "${text}" within ${timeout} ms; toasts seen on this page: ${JSON.stringify(seen)}`, { cause: error });
  });
}

/** Marks the toasts on screen as seen, so the next `expectToast` only accepts a new one. */
export const dismissToasts = (page: Page) =>
  page.evaluate(() => document.querySelectorAll('[data-sonner-toast]').forEach((el) => el.setAttribute('data-e2e-seen', '')));

export const openOptions = (ext: Ext, section: 'keys' | 'billing' | 'settings' = 'keys') => ext.open(`options.html#${section}`, OPTIONS_VIEWPORT);
export const openPopup = (ext: Ext) => ext.open('popup.html', POPUP_VIEWPORT);

/** Selects a section's tab; clicked again, as a user would, if the first click did not take within 5 s (Firefox under load, once). */
export async function showSection(page: Page, name: 'API Keys' | 'Billing' | 'Settings'): Promise<void> {
  const selected = (timeout: number) => waitIn(page, (name: string) => document.querySelector(`[role=tab][aria-selected=true]`)?.textContent?.trim() === name, [name], { timeout, polling: 50 });
  await click(page, 'tab', name);
  await selected(5_000).catch(async () => { await click(page, 'tab', name); return selected(UI_TIMEOUT); }).catch(async (cause: Error) => {
    const now = await page.evaluate(() => `"${document.querySelector('[role=tab][aria-selected=true]')?.textContent?.trim()}" at ${location.href}`);
    throw new Error(`The "${name}" tab was not selected after two clicks; selected: ${now}`, { cause });
  });
}

/** Picks the option whose visible text is `label` in a <select>, like a user. */
export async function selectOption(select: ElementHandle<Element>, label: string): Promise<void> {
  const value = await select.evaluate((el, label) => Array.from((el as HTMLSelectElement).options).find((o) => o.text.trim() === label)?.value ?? null, label);
  if (value === null) throw new Error(`No option "${label}"`);
  await select.select(value);
}
