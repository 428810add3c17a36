// The keys table, the popup list, the row menu and the create / show-once dialogs, as a user works them (ui.ts finds and clicks).
import { expect } from 'vitest';
import type { Page } from 'puppeteer-core';
import { SHOW_ONCE_TEXT } from './api';
import { copiedText, markClipboard, UI_TIMEOUT, type Ext } from './extension';
import { click, dismissToasts, expectToast, field, fill, find, gone, openPopup, visible, waitForText, waitIn } from './ui';

/** Finds the options table's row whose cell shows exactly `name` (runs in the page). */
function rowNamed(name: string): Element | undefined {
  return Array.from(document.querySelectorAll('[aria-label="API keys"] [role=row]')).find((row) =>
    Array.from(row.querySelectorAll('[role=cell], [role=rowheader], td, th')).some((cell) => cell.textContent?.trim() === name),
  );
}
/** Page code that finds the row of `name`. */
const rowOf = (name: string) => `(${rowNamed.toString()})(${JSON.stringify(name)})`;

/** The options table's row of a key, by its exact name (waits for it). */
export const keyRow = (page: Page, name: string, timeout = UI_TIMEOUT) => waitIn(page, `${rowOf(name)} ?? false`, [], { timeout });
export const hasKeyRow = (page: Page, name: string) => page.evaluate(`${rowOf(name)} !== undefined`) as Promise<boolean>;
export const keyRowGone = (page: Page, name: string, timeout = UI_TIMEOUT) => waitIn(page, `${rowOf(name)} === undefined`, [], { timeout });

/** The popup list's item of a key (its accessible name is the key's name). */
export const popupRow = (page: Page, name: string) => find(page, 'listitem', name);

export type RowMenuItem = 'Copy key' | 'Copy key prefix' | 'Copy as .env line' | 'Copy as shell export' | 'Copy as Python' | 'Copy as curl' | 'Try in Playground' | 'Rename' | 'Revoke';

/** Opens a row's Options menu and picks an item. */
export async function rowAction(page: Page, name: string, item: RowMenuItem): Promise<void> {
  await click(page, 'button', `Options for ${name}`);
  const menu = await find(page, 'menu', `Options for ${name}`);
  await click(menu, 'menuitem', item);
}

/** "Create Key" (popup: "New key") → form → "Create Key" → the show-once view; returns the key shown. */
export async function createKeyToShowOnce(page: Page, name: string, options: { type?: 'Development' | 'Production'; popup?: boolean } = {}): Promise<string> {
  await click(page, 'button', options.popup ? 'New key' : 'Create Key');
  const dialog = await find(page, 'dialog', 'Create API Key');
  await fill(page, await field(dialog, 'Name'), name);
  if (options.type) await (await field(dialog, 'Type')).select(options.type === 'Production' ? 'prod' : 'dev');
  await click(dialog, 'button', 'Create Key');
  return shownKey(page);
}

/** The show-once dialog's key (waits for it, and for its lazily loaded "Copy for code" buttons). */
export async function shownKey(page: Page): Promise<string> {
  const created = await find(page, 'dialog', 'API Key Created');
  await waitForText(page, SHOW_ONCE_TEXT, created);
  // The formats arrive a moment later and push "Done" down: a click before then can miss it.
  await find(created, 'group', 'Copy for code');
  const key = await visible(created, '[aria-label="Your new API key"]');
  return ((await key.evaluate((el) => el.textContent)) ?? '').trim();
}

/** "Done" on the show-once dialog; waits for it to close. */
export async function acknowledgeKey(page: Page): Promise<void> {
  const created = await find(page, 'dialog', 'API Key Created');
  await click(created, 'button', 'Done');
  await waitIn(page, () => !document.querySelector('[aria-label="Your new API key"]'), []);
}

/** A key created in the popup, not yet acknowledged: the next popup shows it once more; after "Done" its row stays and no storage area holds it. */
export async function acknowledgeInNextPopup(ext: Ext, key: string, row: string): Promise<void> {
  const popup = await openPopup(ext);
  expect(await shownKey(popup)).toBe(key);
  await acknowledgeKey(popup);
  await popupRow(popup, row);
  await ext.closePage(popup);
  expect(JSON.stringify(await ext.storage())).not.toContain(key);
}

export async function createKey(page: Page, name: string, options: { type?: 'Development' | 'Production'; popup?: boolean } = {}): Promise<string> {
  const key = await createKeyToShowOnce(page, name, options);
  await acknowledgeKey(page);
  return key;
}

/** The revoke confirmation of `name` (open): says what it does; "Cancel" closes it, "Revoke" ends in "API key revoked". */
export async function answerRevoke(page: Page, name: string, answer: 'Cancel' | 'Revoke'): Promise<void> {
  const confirm = await find(page, 'alertdialog', 'Revoke API Key');
  await waitForText(page, `Are you sure you want to revoke "${name}"? This key will stop working immediately.`, confirm);
  await dismissToasts(page);
  await click(confirm, 'button', answer);
  if (answer === 'Cancel') await gone(page, 'alertdialog', 'Revoke API Key');
  else await expectToast(page, 'API key revoked');
}

/** A marker in the clipboard, then `copy` (a click on `page`) and its new toast `toast`: what the clipboard holds after. */
export async function copied(ext: Ext, page: Page, copy: () => Promise<void>, toast: string, timeout?: number): Promise<string> {
  await markClipboard(ext, page);
  await dismissToasts(page);
  await copy();
  await expectToast(page, toast, timeout);
  return copiedText(ext, page);
}

/** The names in the options page's keys table, in order. */
export function keyNames(page: Page): Promise<string[]> {
  return page.evaluate(() =>
    Array.from(document.querySelectorAll('[aria-label="API keys"] [role=row]'))
      .map((row) => row.querySelector('[role=cell], td')?.textContent?.trim() ?? '')
      .filter((name) => name !== ''),
  );
}
