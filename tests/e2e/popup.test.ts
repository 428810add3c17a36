// The popup (popup.html opened as a 380×600 page) in real Chromium: the key list, copying the
// full key, revoking with the confirmation, and a new key surviving the popup closing.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { dumpStorage, launchExtension, type ExtensionBrowser } from './harness';
import {
  acknowledgeKey,
  apiSession,
  copiedText,
  createKeyToShowOnce,
  dismissToasts,
  expectToast,
  gone,
  KEY_PATTERN,
  newAccount,
  openPopup,
  popupRow,
  resetClipboard,
  shownKey,
  startTestApi,
  visible,
  openOptions,
  signInForm,
  signOut,
  type TestApi,
} from './fixtures';

let api: TestApi;
let ext: ExtensionBrowser;
let email: string;
let copyMe: string;

beforeAll(async () => {
  [api, ext] = await Promise.all([startTestApi(), launchExtension()]);
  const account = await newAccount(ext, api, { label: 'popup', configure: true });
  email = account.email;
  await account.page.close();
  const server = await apiSession(api, email);
  copyMe = (await server.createKey('copy-me', 'prod')).key;
  await server.createKey('revoke-me');
});

afterAll(async () => {
  await ext?.close();
  await api?.close();
});

describe('popup: keys', () => {
  let popup: Page;

  it('lists the keys with name, type, masked prefix and usage', async () => {
    popup = await openPopup(ext);
    await visible(popup.getByRole('tab', { name: 'Keys', exact: true }));
    await visible(popup.getByRole('tab', { name: 'Billing', exact: true }));
    for (const name of ['default', 'copy-me', 'revoke-me']) await visible(popupRow(popup, name));
    const row = popupRow(popup, 'copy-me');
    await visible(row.getByText('prod', { exact: true }));
    await visible(row.getByText(`${copyMe.slice(0, 7)}...`, { exact: true }));
    await visible(row.getByText('0 credits', { exact: true }));
    await visible(popup.getByText('3 keys', { exact: true }));
  });

  it('"Copy key" on a row puts the full key in the clipboard', async () => {
    await resetClipboard(popup);
    await popupRow(popup, 'copy-me').getByRole('button', { name: 'Copy key', exact: true }).click();
    await expectToast(popup, 'API key copied to clipboard');
    expect(await copiedText(popup)).toBe(copyMe);
    expect(await popup.content()).not.toContain(copyMe);
  });

  it('revokes a key after the confirmation (Cancel first keeps it)', async () => {
    await popupRow(popup, 'revoke-me').getByRole('button', { name: 'Revoke', exact: true }).click();
    let confirm = popup.getByRole('alertdialog', { name: 'Revoke API Key' });
    await visible(confirm.getByText('Are you sure you want to revoke "revoke-me"? This key will stop working immediately.', { exact: true }));
    await confirm.getByRole('button', { name: 'Cancel', exact: true }).click();
    await gone(confirm.getByRole('button', { name: 'Cancel' }));
    await visible(popupRow(popup, 'revoke-me'));

    await dismissToasts(popup);
    await popupRow(popup, 'revoke-me').getByRole('button', { name: 'Revoke', exact: true }).click();
    confirm = popup.getByRole('alertdialog', { name: 'Revoke API Key' });
    await confirm.getByRole('button', { name: 'Revoke', exact: true }).click();
    await expectToast(popup, 'API key revoked');
    await gone(popupRow(popup, 'revoke-me'));
    await visible(popup.getByText('2 keys', { exact: true }));

    const server = await apiSession(api, email);
    expect((await server.keys()).map((k) => k.name).sort()).toEqual(['copy-me', 'default']);
  });

  it('a new key survives the popup closing before "Done", and is gone after "Done"', async () => {
    const key = await createKeyToShowOnce(popup, 'from-popup', { popup: true });
    expect(key).toMatch(KEY_PATTERN);
    // The popup closes when the user clicks elsewhere.
    await popup.close();

    // Kept for the next popup in memory-only storage.session, never on disk.
    let storage = await dumpStorage(ext);
    expect(JSON.stringify(storage.local)).not.toContain(key);
    expect(JSON.stringify(storage.session)).toContain(key);

    popup = await openPopup(ext);
    expect(await shownKey(popup)).toBe(key);
    await acknowledgeKey(popup);
    await visible(popupRow(popup, 'from-popup'));
    await popup.close();

    storage = await dumpStorage(ext);
    expect(JSON.stringify(storage.local)).not.toContain(key);
    expect(JSON.stringify(storage.session)).not.toContain(key);

    popup = await openPopup(ext);
    await visible(popupRow(popup, 'from-popup'));
    await visible(popup.getByText('3 keys', { exact: true }));
    expect(await popup.getByRole('dialog', { name: 'API Key Created' }).count()).toBe(0);
    expect(await popup.content()).not.toContain(key);
    await popup.close();
  });

  it('sign-out erases a new key not yet acknowledged', async () => {
    popup = await openPopup(ext);
    const key = await createKeyToShowOnce(popup, 'never-acknowledged', { popup: true });
    await popup.close();
    expect(JSON.stringify((await dumpStorage(ext)).session)).toContain(key);

    const options = await openOptions(ext);
    await signOut(options);
    const storage = await dumpStorage(ext);
    expect(JSON.stringify(storage)).not.toContain(key);
    expect(storage.session).not.toHaveProperty('tokens');
    expect(storage.local).not.toHaveProperty('cache');
    await options.close();

    popup = await openPopup(ext);
    await visible(signInForm(popup));
    expect(await popup.getByRole('dialog', { name: 'API Key Created' }).count()).toBe(0);
    expect(await popup.content()).not.toContain(key);
    await popup.close();
  });
});
