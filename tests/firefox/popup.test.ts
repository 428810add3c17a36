// The popup in real Firefox (popup.html opened as a 380×600 tab): the key list, copying the full
// key (read back by pasting), revoking with the confirmation, and a new key shown once that
// survives the popup closing. Mirrors tests/e2e/popup.test.ts.
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'puppeteer-core';
import { apiSession, KEY_PATTERN, startTestApi, type TestApi } from '../e2e/fixtures';
import { copiedText, resetClipboard } from './clipboard';
import { dumpStorage } from './event-page';
import { launchFirefox, type FirefoxAddon } from './harness';
import { acknowledgeKey, createKeyToShowOnce, popupRow, shownKey, keyRow } from './keys-ui';
import {
  click,
  count,
  dismissToasts,
  expectToast,
  find,
  gone,
  html,
  newAccount,
  openOptions,
  openPopup,
  signIn,
  signInForm,
  signOut,
  waitForText,
} from './ui';

let api: TestApi;
let ff: FirefoxAddon;
let email: string;
let copyMe: string;

beforeAll(async () => {
  [api, ff] = await Promise.all([startTestApi(), launchFirefox()]);
  const account = await newAccount(ff, api, { label: 'ff-popup', configure: true });
  email = account.email;
  await ff.closePage(account.page);
  const server = await apiSession(api, email);
  copyMe = (await server.createKey('copy-me', 'prod')).key;
  await server.createKey('revoke-me');
});

afterEach(async () => {
  expect(await ff.problems(), 'errors or CSP violations logged by the extension').toEqual([]);
});

afterAll(async () => {
  await ff?.close();
  await api?.close();
});

describe('Firefox popup: keys', () => {
  let popup: Page;

  it('lists the keys with name, type, masked prefix and usage', async () => {
    popup = await openPopup(ff);
    await find(popup, 'tab', 'Keys');
    await find(popup, 'tab', 'Billing');
    for (const name of ['default', 'copy-me', 'revoke-me']) await popupRow(popup, name);
    const row = await popupRow(popup, 'copy-me');
    await waitForText(popup, 'prod', row);
    await waitForText(popup, `${copyMe.slice(0, 7)}...`, row);
    await waitForText(popup, '0 credits', row);
    await waitForText(popup, '3 keys');
  });

  it('"Copy key" on a row puts the full key in the clipboard', async () => {
    await resetClipboard(ff, popup);
    await click(await popupRow(popup, 'copy-me'), 'button', 'Copy key');
    await expectToast(popup, 'API key copied to clipboard');
    expect(await copiedText(ff, popup)).toBe(copyMe);
    expect(await html(popup)).not.toContain(copyMe);
  });

  it('revokes a key after the confirmation (Cancel first keeps it)', async () => {
    await click(await popupRow(popup, 'revoke-me'), 'button', 'Revoke');
    let confirm = await find(popup, 'alertdialog', 'Revoke API Key');
    await waitForText(popup, 'Are you sure you want to revoke "revoke-me"? This key will stop working immediately.', confirm);
    await click(confirm, 'button', 'Cancel');
    await gone(popup, 'alertdialog', 'Revoke API Key');
    await popupRow(popup, 'revoke-me');

    await dismissToasts(popup);
    await click(await popupRow(popup, 'revoke-me'), 'button', 'Revoke');
    confirm = await find(popup, 'alertdialog', 'Revoke API Key');
    await click(confirm, 'button', 'Revoke');
    await expectToast(popup, 'API key revoked');
    await gone(popup, 'listitem', 'revoke-me');
    await waitForText(popup, '2 keys');

    const server = await apiSession(api, email);
    expect((await server.keys()).map((k) => k.name).sort()).toEqual(['copy-me', 'default']);
  });

  it('"New key" shown once survives the popup closing before "Done", and is gone after "Done"', async () => {
    const key = await createKeyToShowOnce(popup, 'from-popup', { popup: true });
    expect(key).toMatch(KEY_PATTERN);
    await ff.closePage(popup);

    // Kept for the next popup in memory-only storage.session, never on disk.
    let storage = await dumpStorage(ff);
    expect(JSON.stringify(storage.local)).not.toContain(key);
    expect(JSON.stringify(storage.session)).toContain(key);

    popup = await openPopup(ff);
    expect(await shownKey(popup)).toBe(key);
    await acknowledgeKey(popup);
    await popupRow(popup, 'from-popup');
    await ff.closePage(popup);

    storage = await dumpStorage(ff);
    expect(JSON.stringify(storage.local)).not.toContain(key);
    expect(JSON.stringify(storage.session)).not.toContain(key);

    popup = await openPopup(ff);
    await popupRow(popup, 'from-popup');
    await waitForText(popup, '3 keys');
    expect(await count(popup, 'dialog', 'API Key Created')).toBe(0);
    expect(await html(popup)).not.toContain(key);
    await ff.closePage(popup);
  });

  it('sign-out erases a new key not yet acknowledged', async () => {
    popup = await openPopup(ff);
    const key = await createKeyToShowOnce(popup, 'never-acknowledged', { popup: true });
    await ff.closePage(popup);
    expect(JSON.stringify((await dumpStorage(ff)).session)).toContain(key);

    const options = await openOptions(ff);
    await signOut(options);
    const storage = await dumpStorage(ff);
    expect(JSON.stringify(storage)).not.toContain(key);
    expect(storage.session).not.toHaveProperty('tokens');
    expect(storage.local).not.toHaveProperty('cache');
    await ff.closePage(options);

    popup = await openPopup(ff);
    await signInForm(popup);
    expect(await count(popup, 'dialog', 'API Key Created')).toBe(0);
    expect(await html(popup)).not.toContain(key);
    await ff.closePage(popup);
  });

  it('popup and options page side by side follow each other’s sign-in and sign-out, without a reload', async () => {
    const options = await openOptions(ff);
    await signInForm(options);
    popup = await openPopup(ff);
    await signIn(popup, email);
    await popupRow(popup, 'default');
    await keyRow(options, 'default');

    await signOut(options);
    await signInForm(popup);
    await ff.closePage(popup);
    await ff.closePage(options);
  });
});
