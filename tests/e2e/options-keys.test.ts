// Options page in real Chromium: account creation, sign out / in, and the key lifecycle (create
// with show-once, copy, rename, revoke, copy from the menu).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { dumpStorage, launchExtension, type ExtensionBrowser } from './harness';
import {
  acknowledgeKey,
  configureServer,
  copiedText,
  corsUrl,
  createKey,
  createKeyToShowOnce,
  dismissToasts,
  expectToast,
  gone,
  KEY_PATTERN,
  keyRow,
  keysTable,
  openOptions,
  PASSWORD,
  randomEmail,
  resetClipboard,
  rowAction,
  showSection,
  signIn,
  signInForm,
  signOut,
  signUp,
  startTestApi,
  visible,
  toast,
  type TestApi,
} from './fixtures';

let api: TestApi;
let ext: ExtensionBrowser;
let page: Page;
let email: string;

beforeAll(async () => {
  [api, ext] = await Promise.all([startTestApi(), launchExtension()]);
  page = await openOptions(ext);
  await configureServer(page, api);
});

afterAll(async () => {
  await ext?.close();
  await api?.close();
});

describe('options page: settings', () => {
  it('refuses plain http:// for a non-local host and says what is wrong; nothing is saved', async () => {
    await showSection(page, 'Settings');
    const form = page.getByRole('form', { name: 'Server settings' });
    const apiUrl = form.getByLabel('API base URL', { exact: true });
    await apiUrl.fill('http://api.example.com');
    await form.getByRole('button', { name: 'Save', exact: true }).click();
    await visible(form.getByText('API base URL must use https://. Plain http:// is only allowed for localhost and 127.0.0.1.', { exact: true }));
    expect(await apiUrl.getAttribute('aria-invalid')).toBe('true');
    const stored = (await dumpStorage(ext)).local.settings as { apiBaseUrl: string };
    expect(stored.apiBaseUrl).toBe(corsUrl(api));
    await apiUrl.fill(corsUrl(api));
    await form.getByRole('button', { name: 'Save', exact: true }).click();
    await expectToast(page, 'Settings saved');
    await showSection(page, 'API Keys');
  });
});

describe('options page: account', () => {
  it('creates an account, shows the default key, signs out and signs in again', async () => {
    await showSection(page, 'API Keys');
    // The form says which server it signs in to.
    await visible(signInForm(page).getByText(`localhost:${api.port}`, { exact: true }));
    email = randomEmail('account');
    await signUp(page, email);

    await visible(keysTable(page));
    await visible(keyRow(page, 'default'));
    expect(await keysTable(page).getByRole('row').count()).toBe(2); // header + default
    await visible(page.getByRole('banner').getByText(email, { exact: true }));

    await signOut(page);
    expect(await keysTable(page).count()).toBe(0);
    const storage = await dumpStorage(ext);
    expect(JSON.stringify(storage.session)).not.toContain('accessToken');
    expect(storage.local).not.toHaveProperty('login');

    await signIn(page, email, PASSWORD);
    await visible(keyRow(page, 'default'));
    await showSection(page, 'Settings');
    await visible(page.getByText(`Signed in as ${email}`));
    await showSection(page, 'API Keys');
  });

  it('shows the server’s message for a wrong password and keeps what was typed', async () => {
    await signOut(page);
    const form = signInForm(page);
    await form.getByLabel('Email', { exact: true }).fill(email);
    await form.getByLabel('Password', { exact: true }).fill('not-the-password');
    await form.getByRole('button', { name: 'Sign in', exact: true }).click();
    await visible(form.getByRole('alert').filter({ hasText: 'Invalid email or password.' }));
    expect(await form.getByLabel('Email', { exact: true }).inputValue()).toBe(email);

    await form.getByLabel('Password', { exact: true }).fill(PASSWORD);
    await form.getByRole('button', { name: 'Sign in', exact: true }).click();
    await visible(keyRow(page, 'default'));
  });
});

describe('options page: keys', () => {
  let key: string;

  it('creates a key and shows it once; Copy puts exactly that key in the clipboard; nothing keeps it', async () => {
    await dismissToasts(page);
    key = await createKeyToShowOnce(page, 'e2e-options', { type: 'Production' });
    expect(key).toMatch(KEY_PATTERN);

    await resetClipboard(page);
    await page.getByRole('dialog', { name: 'API Key Created' }).getByRole('button', { name: 'Copy', exact: true }).click();
    expect(await copiedText(page)).toBe(key);
    await expectToast(page, 'API key copied to clipboard');

    await acknowledgeKey(page);
    const row = await visible(keyRow(page, 'e2e-options'));
    await visible(row.getByText('prod', { exact: true }));
    // Masked: the 7-character prefix and "...", never the key.
    await visible(row.getByText(`${key.slice(0, 7)}...`, { exact: true }));

    const storage = await dumpStorage(ext);
    expect(JSON.stringify(storage.local)).not.toContain(key);
    expect(JSON.stringify(storage.session)).not.toContain(key);
    expect(await page.content()).not.toContain(key);
  });

  it('renames a key from its Options menu', async () => {
    await rowAction(page, 'e2e-options', 'Rename');
    const dialog = page.getByRole('dialog', { name: 'Rename API Key' });
    await visible(dialog);
    await dialog.getByLabel('Name', { exact: true }).fill('e2e-renamed');
    await dialog.getByRole('button', { name: 'Save', exact: true }).click();
    await expectToast(page, 'API key renamed');
    await visible(keyRow(page, 'e2e-renamed'));
    expect(await keyRow(page, 'e2e-options').count()).toBe(0);

    // The server has the new name: it survives a reload.
    await page.reload();
    await visible(keyRow(page, 'e2e-renamed'));
  });

  it('"Copy key" from the menu copies the real key', async () => {
    await dismissToasts(page);
    await resetClipboard(page);
    await rowAction(page, 'e2e-renamed', 'Copy key');
    await expectToast(page, 'API key copied to clipboard');
    expect(await copiedText(page)).toBe(key);
    expect(await page.content()).not.toContain(key);

    await dismissToasts(page);
    await resetClipboard(page);
    await rowAction(page, 'e2e-renamed', 'Copy key prefix');
    await expectToast(page, 'Key prefix copied to clipboard');
    expect(await copiedText(page)).toBe(key.slice(0, 7));
  });

  it('revoke: Cancel keeps the key, Revoke removes it', async () => {
    const other = await createKey(page, 'e2e-to-revoke');
    expect(other).toMatch(KEY_PATTERN);
    await visible(keyRow(page, 'e2e-to-revoke'));

    await rowAction(page, 'e2e-to-revoke', 'Revoke');
    let confirm = page.getByRole('alertdialog', { name: 'Revoke API Key' });
    await visible(confirm.getByText('Are you sure you want to revoke "e2e-to-revoke"? This key will stop working immediately.', { exact: true }));
    await confirm.getByRole('button', { name: 'Cancel', exact: true }).click();
    await gone(confirm.getByRole('button', { name: 'Revoke' }));
    await visible(keyRow(page, 'e2e-to-revoke'));

    await dismissToasts(page);
    await rowAction(page, 'e2e-to-revoke', 'Revoke');
    confirm = page.getByRole('alertdialog', { name: 'Revoke API Key' });
    await confirm.getByRole('button', { name: 'Revoke', exact: true }).click();
    await expectToast(page, 'API key revoked');
    await gone(keyRow(page, 'e2e-to-revoke'));

    // Gone on the server too: the key no longer opens the data API.
    const res = await fetch(`${api.url}/markets`, { headers: { Authorization: `Bearer ${other}` } });
    expect(res.status).toBe(401);
    await page.reload();
    await visible(keyRow(page, 'e2e-renamed'));
    expect(await keyRow(page, 'e2e-to-revoke').count()).toBe(0);
  });

  it('revoking the same key from two tabs: one revoke, no error for the second', async () => {
    await createKey(page, 'e2e-twice');
    const second = await openOptions(ext);
    try {
      await visible(keyRow(second, 'e2e-twice'));
      for (const p of [page, second]) await rowAction(p, 'e2e-twice', 'Revoke');
      await dismissToasts(page);
      await page.getByRole('alertdialog', { name: 'Revoke API Key' }).getByRole('button', { name: 'Revoke', exact: true }).click();
      await expectToast(page, 'API key revoked');
      await gone(keyRow(page, 'e2e-twice'));

      const confirm = second.getByRole('alertdialog', { name: 'Revoke API Key' });
      await confirm.getByRole('button', { name: 'Revoke', exact: true }).click();
      await expectToast(second, 'API key revoked');
      await gone(keyRow(second, 'e2e-twice'));
      expect(await second.getByRole('alert').count()).toBe(0);
      expect(await toast(second, /error|wrong|not found/i).count()).toBe(0);
    } finally {
      await second.close();
    }
  });
});

describe('options page: server trouble', () => {
  it('a broken answer to the keys request becomes a short message with Retry, never a blank page', async () => {
    const main = page.getByRole('main');
    for (const mode of ['500-envelope', '500-no-cors', 'html', 'malformed-json', 'schema-drift']) {
      await api.admin('faults', { mode, paths: ['/keys/usage'] });
      try {
        await page.reload();
        const alert = await visible(main.getByRole('alert').filter({ has: page.getByRole('button', { name: 'Retry', exact: true }) }));
        const message = ((await alert.first().textContent()) ?? '').replace(/Retry$/, '').trim();
        console.info(`${mode} on GET /keys/usage → "${message}"`);
        expect(message.length, mode).toBeGreaterThan(10);
        expect(message, mode).not.toMatch(/<html|SyntaxError|ZodError|undefined|\[object/i);
        await visible(main.getByRole('heading', { name: 'API Keys' }));
      } finally {
        await api.admin('reset-faults');
      }
      await main.getByRole('button', { name: 'Retry', exact: true }).click();
      await visible(keyRow(page, 'e2e-renamed'));
      await gone(main.getByRole('button', { name: 'Retry', exact: true }));
    }
  });
});

