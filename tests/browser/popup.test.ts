// The popup (popup.html opened as a 380×600 tab): its key list, copy, revoke, and a new key shown once.
import { beforeAll, expect, it } from 'vitest';
import type { Page } from 'puppeteer-core';
import { accountWithKeys, signInForm, signOut } from './driver/account';
import { apiSession, KEY_PATTERN, startTestApi, type TestApi } from './driver/api';
import { launch, type Ext } from './driver/extension';
import { acknowledgeInNextPopup, answerRevoke, copied, createKeyToShowOnce, popupRow } from './driver/keys';
import { click, count, find, gone, html, openOptions, openPopup, waitForText } from './driver/ui';

let api: TestApi;
let ext: Ext;
let email: string;
let copyMe: string;
let popup: Page;

beforeAll(async () => {
  [api, ext] = await Promise.all([startTestApi(), launch()]);
  const account = await accountWithKeys(ext, api, 'popup', [['copy-me', 'prod'], ['revoke-me']]);
  email = account.email;
  copyMe = account.created['copy-me']!.key;
});

it('lists the keys with name, type, masked prefix and usage', async () => {
  popup = await openPopup(ext);
  await find(popup, 'tab', 'Keys');
  await find(popup, 'tab', 'Billing');
  for (const name of ['default', 'copy-me', 'revoke-me']) await popupRow(popup, name);
  const row = await popupRow(popup, 'copy-me');
  for (const text of ['prod', `${copyMe.slice(0, 7)}...`, '0 credits']) await waitForText(popup, text, row);
  await waitForText(popup, '3 keys');
});

it('"Copy key" on a row puts the full key in the clipboard', async () => {
  expect(await copied(ext, popup, async () => click(await popupRow(popup, 'copy-me'), 'button', 'Copy key'), 'API key copied to clipboard')).toBe(copyMe);
  expect(await html(popup)).not.toContain(copyMe);
});

it('revokes a key after the confirmation (Cancel first keeps it)', async () => {
  await click(await popupRow(popup, 'revoke-me'), 'button', 'Revoke');
  await answerRevoke(popup, 'revoke-me', 'Cancel');
  await popupRow(popup, 'revoke-me');

  await click(await popupRow(popup, 'revoke-me'), 'button', 'Revoke');
  await answerRevoke(popup, 'revoke-me', 'Revoke');
  await gone(popup, 'listitem', 'revoke-me');
  await waitForText(popup, '2 keys');

  expect((await (await apiSession(api, email)).keys()).map((k) => k.name).sort()).toEqual(['copy-me', 'default']);
});

it('"New key" shown once survives the popup closing before "Done" (no extension page open, the background stopped), and is gone after "Done"', async () => {
  const key = await createKeyToShowOnce(popup, 'from-popup', { popup: true });
  expect(key).toMatch(KEY_PATTERN);
  // The popup closes when the user clicks elsewhere: nothing of the extension stays open.
  await ext.closeExtensionPages();
  await ext.stopBackground();

  // Kept for the next popup in memory-only storage.session, never on disk.
  const storage = await ext.storage();
  expect(JSON.stringify(storage.local)).not.toContain(key);
  expect(JSON.stringify(storage.session)).toContain(key);

  await acknowledgeInNextPopup(ext, key, 'from-popup');

  popup = await openPopup(ext);
  await popupRow(popup, 'from-popup');
  await waitForText(popup, '3 keys');
  expect(await count(popup, 'dialog', 'API Key Created')).toBe(0);
  expect(await html(popup)).not.toContain(key);
  await ext.closePage(popup);
});

it('sign-out erases a new key not yet acknowledged', async () => {
  popup = await openPopup(ext);
  const key = await createKeyToShowOnce(popup, 'never-acknowledged', { popup: true });
  await ext.closePage(popup);
  expect(JSON.stringify((await ext.storage()).session)).toContain(key);

  const options = await openOptions(ext);
  await signOut(options);
  const storage = await ext.storage();
  expect(JSON.stringify(storage)).not.toContain(key);
  expect(storage.session).not.toHaveProperty('tokens');
  expect(storage.local).not.toHaveProperty('cache');
  await ext.closePage(options);

  popup = await openPopup(ext);
  await signInForm(popup);
  expect(await count(popup, 'dialog', 'API Key Created')).toBe(0);
  expect(await html(popup)).not.toContain(key);
  await ext.closePage(popup);
});
