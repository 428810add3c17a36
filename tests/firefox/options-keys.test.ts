// The options page in real Firefox: settings through the form, account creation, sign out / in,
// and the key lifecycle (create with show-once, copy read back by pasting, Done, rename, revoke),
// plus a key created before "reveal" existed. Mirrors tests/e2e/options-keys.test.ts and
// tests/e2e/old-keys.test.ts.
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'puppeteer-core';
import { corsUrl, KEY_PATTERN, PASSWORD, randomEmail, SHOW_ONCE_TEXT, startTestApi, type TestApi } from '../e2e/fixtures';
import { copiedText, resetClipboard } from './clipboard';
import { dumpStorage } from './event-page';
import { launchFirefox, reopen, type FirefoxAddon } from './harness';
import { acknowledgeKey, createKey, createKeyToShowOnce, hasKeyRow, keyRow, keyRowGone, keysTable, popupRow, rowAction } from './keys-ui';
import {
  attribute,
  click,
  configureServer,
  count,
  dismissToasts,
  expectToast,
  field,
  fill,
  find,
  gone,
  html,
  openOptions,
  openPopup,
  showSection,
  signIn,
  signInForm,
  signOut,
  signUp,
  toastWith,
  waitForText,
} from './ui';

let api: TestApi;
let ff: FirefoxAddon;
let page: Page;
let email: string;

beforeAll(async () => {
  [api, ff] = await Promise.all([startTestApi({ seedDemo: true }), launchFirefox()]);
  page = await openOptions(ff);
  await configureServer(page, api);
});

afterEach(async () => {
  expect(await ff.problems(), 'errors or CSP violations logged by the extension').toEqual([]);
});

afterAll(async () => {
  await ff?.close();
  await api?.close();
});

describe('Firefox options page: settings', () => {
  it('saved through the form; plain http:// for a non-local host is refused and nothing is saved', async () => {
    const stored = (await dumpStorage(ff)).local.settings as Record<string, string>;
    expect(stored).toMatchObject({ apiBaseUrl: corsUrl(api), authUrl: corsUrl(api), anonKey: api.anonKey, dashboardUrl: api.dashboardUrl });

    const form = await find(page, 'form', 'Server settings');
    const apiUrl = await field(form, 'API base URL');
    await fill(page, apiUrl, 'http://api.example.com');
    await click(form, 'button', 'Save');
    await waitForText(page, 'API base URL must use https://. Plain http:// is only allowed for localhost and 127.0.0.1.', form);
    expect(await attribute(apiUrl, 'aria-invalid')).toBe('true');
    expect(((await dumpStorage(ff)).local.settings as { apiBaseUrl: string }).apiBaseUrl).toBe(corsUrl(api));

    await fill(page, apiUrl, corsUrl(api));
    await dismissToasts(page);
    await click(form, 'button', 'Save');
    await expectToast(page, 'Settings saved');
  });
});

describe('Firefox options page: account', () => {
  it('creates an account, shows the default key, signs out and signs in again', async () => {
    await showSection(page, 'API Keys');
    await waitForText(page, `localhost:${api.port}`, await signInForm(page));
    email = randomEmail('ff-account');
    await signUp(page, email);

    await keyRow(page, 'default');
    expect(await (await keysTable(page)).$$eval('[role=row]', (rows) => rows.length)).toBe(2); // header + default
    await waitForText(page, email, await find(page, 'banner'));

    await signOut(page);
    expect(await count(page, 'table', 'API keys')).toBe(0);
    const storage = await dumpStorage(ff);
    expect(JSON.stringify(storage.session)).not.toContain('accessToken');
    expect(storage.local).not.toHaveProperty('login');

    await signIn(page, email, PASSWORD);
    await keyRow(page, 'default');
    await showSection(page, 'Settings');
    await waitForText(page, new RegExp(`^Signed in as ${email.replace(/[.+]/g, '\\$&')}`));
    await showSection(page, 'API Keys');
  });

  it('shows the server’s message for a wrong password and keeps what was typed', async () => {
    await signOut(page);
    const form = await signInForm(page);
    await fill(page, await field(form, 'Email'), email);
    await fill(page, await field(form, 'Password'), 'not-the-password');
    await click(form, 'button', 'Sign in');
    await waitForText(page, 'Invalid email or password.', await find(form, 'alert'));
    expect(await (await field(form, 'Email')).evaluate((el) => (el as HTMLInputElement).value)).toBe(email);

    await fill(page, await field(form, 'Password'), PASSWORD);
    await click(form, 'button', 'Sign in');
    await keyRow(page, 'default');
  });
});

describe('Firefox options page: keys', () => {
  let key: string;

  it('creates a key shown once; Copy puts exactly that key in the clipboard; after Done nothing keeps it', async () => {
    await dismissToasts(page);
    key = await createKeyToShowOnce(page, 'ff-options', { type: 'Production' });
    expect(key).toMatch(KEY_PATTERN);
    await waitForText(page, SHOW_ONCE_TEXT);

    await resetClipboard(ff, page);
    await click(await find(page, 'dialog', 'API Key Created'), 'button', 'Copy');
    await expectToast(page, 'API key copied to clipboard');
    expect(await copiedText(ff, page)).toBe(key);

    await acknowledgeKey(page);
    const row = await keyRow(page, 'ff-options');
    await waitForText(page, 'prod', row);
    await waitForText(page, `${key.slice(0, 7)}...`, row);

    const storage = await dumpStorage(ff);
    expect(JSON.stringify(storage.local)).not.toContain(key);
    expect(JSON.stringify(storage.session)).not.toContain(key);
    expect(await html(page)).not.toContain(key);
  });

  it('renames a key from its Options menu; the new name survives a reload', async () => {
    await dismissToasts(page);
    await rowAction(page, 'ff-options', 'Rename');
    const dialog = await find(page, 'dialog', 'Rename API Key');
    await fill(page, await field(dialog, 'Name'), 'ff-renamed');
    await click(dialog, 'button', 'Save');
    await expectToast(page, 'API key renamed');
    await keyRow(page, 'ff-renamed');
    expect(await hasKeyRow(page, 'ff-options')).toBe(false);

    page = await reopen(ff, page);
    await keyRow(page, 'ff-renamed');
  });

  it('"Copy key" from the menu copies the real key; "Copy key prefix" the prefix', async () => {
    await dismissToasts(page);
    await resetClipboard(ff, page);
    await rowAction(page, 'ff-renamed', 'Copy key');
    await expectToast(page, 'API key copied to clipboard');
    expect(await copiedText(ff, page)).toBe(key);
    expect(await html(page)).not.toContain(key);

    await dismissToasts(page);
    await resetClipboard(ff, page);
    await rowAction(page, 'ff-renamed', 'Copy key prefix');
    await expectToast(page, 'Key prefix copied to clipboard');
    expect(await copiedText(ff, page)).toBe(key.slice(0, 7));
  });

  it('"Copy key" still copies when the server takes longer than Firefox’s 5-second click window to reveal the key', async () => {
    // Firefox lets a page write to the clipboard only within 5 s of the click (user activation),
    // unless the add-on has clipboardWrite: a slow reveal used to end in "Couldn't copy".
    await api.admin('faults', { latencyMs: 5_500, paths: ['/keys/'] });
    try {
      await dismissToasts(page);
      await resetClipboard(ff, page);
      await rowAction(page, 'ff-renamed', 'Copy key');
      await expectToast(page, 'API key copied to clipboard', 20_000);
      expect(await copiedText(ff, page)).toBe(key);
    } finally {
      await api.admin('reset-faults');
    }
  });

  it('revoke: Cancel keeps the key, Revoke removes it (on the server too)', async () => {
    const other = await createKey(page, 'ff-to-revoke');
    await keyRow(page, 'ff-to-revoke');

    await rowAction(page, 'ff-to-revoke', 'Revoke');
    let confirm = await find(page, 'alertdialog', 'Revoke API Key');
    await waitForText(page, 'Are you sure you want to revoke "ff-to-revoke"? This key will stop working immediately.', confirm);
    await click(confirm, 'button', 'Cancel');
    await gone(page, 'alertdialog', 'Revoke API Key');
    await keyRow(page, 'ff-to-revoke');

    await dismissToasts(page);
    await rowAction(page, 'ff-to-revoke', 'Revoke');
    confirm = await find(page, 'alertdialog', 'Revoke API Key');
    await click(confirm, 'button', 'Revoke');
    await expectToast(page, 'API key revoked');
    await keyRowGone(page, 'ff-to-revoke');

    const res = await fetch(`${api.url}/markets`, { headers: { Authorization: `Bearer ${other}` } });
    expect(res.status).toBe(401);
    page = await reopen(ff, page);
    await keyRow(page, 'ff-renamed');
    expect(await hasKeyRow(page, 'ff-to-revoke')).toBe(false);
  });
});

describe('Firefox: a key created before reveal existed (the demo account’s "default")', () => {
  let prefix: string;

  it('options: "Copy key" explains it cannot be revealed and offers the prefix', async () => {
    await signOut(page);
    await signIn(page, api.demo!.email, api.demo!.password);
    const row = await keyRow(page, 'default');
    prefix = (await row.evaluate((el) => Array.from(el.querySelectorAll('[role=cell]')).map((c) => c.textContent ?? '').find((t) => /^kb-.{4}\.\.\.$/.test(t)) ?? ''))
      .replace(/\.\.\.$/, '');
    expect(prefix).toMatch(/^kb-.{4}$/);

    await dismissToasts(page);
    await resetClipboard(ff, page);
    await rowAction(page, 'default', 'Copy key');
    const notice = await toastWith(page, 'This key was created before keys could be revealed, so only its prefix can be copied.');
    await dismissToasts(page);
    await click(notice, 'button', 'Copy key prefix');
    await expectToast(page, 'Key prefix copied to clipboard');
    expect(await copiedText(ff, page)).toBe(prefix);
  });

  it('popup: "Copy key" copies the prefix and says so', async () => {
    const popup = await openPopup(ff);
    await resetClipboard(ff, popup);
    await click(await popupRow(popup, 'default'), 'button', 'Copy key');
    await expectToast(popup, "Key prefix copied — this key can't be revealed");
    expect(await copiedText(ff, popup)).toBe(prefix);
    await ff.closePage(popup);
  });
});
