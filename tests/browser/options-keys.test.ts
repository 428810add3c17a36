// The options page: settings through the form, the account, the key lifecycle, and broken server answers turned into a message with Retry.
import { beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'puppeteer-core';
import { configureServer, signIn, signInForm, signOut, signUp, submitSignIn } from './driver/account';
import { corsUrl, KEY_PATTERN, PASSWORD, randomEmail, SHOW_ONCE_TEXT, startTestApi, type TestApi } from './driver/api';
import { launch, type Ext } from './driver/extension';
import { acknowledgeKey, answerRevoke, copied, createKey, createKeyToShowOnce, hasKeyRow, keyRow, keyRowGone, rowAction } from './driver/keys';
import { attribute, click, count, dismissToasts, expectToast, field, fill, find, gone, html, openOptions, showSection, valueOf, waitForText } from './driver/ui';

let api: TestApi;
let ext: Ext;
let page: Page;
let email: string;

beforeAll(async () => {
  [api, ext] = await Promise.all([startTestApi(), launch()]);
  page = await openOptions(ext);
  await configureServer(page, api);
});

it('settings saved through the form; plain http:// for a non-local host is refused, says what is wrong, and nothing is saved', async () => {
  expect((await ext.storage()).local.settings).toMatchObject({ apiBaseUrl: corsUrl(api), authUrl: corsUrl(api), anonKey: api.anonKey, dashboardUrl: api.dashboardUrl });

  const form = await find(page, 'form', 'Server settings');
  const apiUrl = await field(form, 'API base URL');
  await fill(page, apiUrl, 'http://api.example.com');
  await click(form, 'button', 'Save');
  await waitForText(page, 'API base URL must use https://. Plain http:// is only allowed for localhost and 127.0.0.1.', form);
  expect(await attribute(apiUrl, 'aria-invalid')).toBe('true');
  expect(((await ext.storage()).local.settings as { apiBaseUrl: string }).apiBaseUrl).toBe(corsUrl(api));

  await fill(page, apiUrl, corsUrl(api));
  await dismissToasts(page);
  await click(form, 'button', 'Save');
  await expectToast(page, 'Settings saved');
});

describe('options page: account', () => {
  it('creates an account, shows the default key, signs out and signs in again', async () => {
    await showSection(page, 'API Keys');
    // The form says which server it signs in to.
    await waitForText(page, `localhost:${api.port}`, await signInForm(page));
    email = randomEmail('account');
    await signUp(page, email);

    await keyRow(page, 'default');
    expect(await (await find(page, 'table', 'API keys')).$$eval('[role=row]', (rows) => rows.length)).toBe(2); // header + default
    await waitForText(page, email, await find(page, 'banner'));

    await signOut(page);
    expect(await count(page, 'table', 'API keys')).toBe(0);
    const storage = await ext.storage();
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
    const form = await submitSignIn(page, email, 'not-the-password');
    await waitForText(page, 'Invalid email or password.', await find(form, 'alert'));
    expect(await valueOf(await field(form, 'Email'))).toBe(email);

    await fill(page, await field(form, 'Password'), PASSWORD);
    await click(form, 'button', 'Sign in');
    await keyRow(page, 'default');
  });
});

describe('options page: keys', () => {
  let key: string;

  it('creates a key shown once; Copy puts exactly that key in the clipboard; after Done nothing keeps it', async () => {
    key = await createKeyToShowOnce(page, 'e2e-options', { type: 'Production' });
    expect(key).toMatch(KEY_PATTERN);
    await waitForText(page, SHOW_ONCE_TEXT);

    const created = await find(page, 'dialog', 'API Key Created');
    expect(await copied(ext, page, () => click(created, 'button', 'Copy'), 'API key copied to clipboard')).toBe(key);

    await acknowledgeKey(page);
    const row = await keyRow(page, 'e2e-options');
    await waitForText(page, 'prod', row);
    // Masked: the 7-character prefix and "...", never the key.
    await waitForText(page, `${key.slice(0, 7)}...`, row);

    expect(JSON.stringify(await ext.storage())).not.toContain(key);
    expect(await html(page)).not.toContain(key);
  });

  it('renames a key from its Options menu; the new name survives a reload', async () => {
    await dismissToasts(page);
    await rowAction(page, 'e2e-options', 'Rename');
    const dialog = await find(page, 'dialog', 'Rename API Key');
    await fill(page, await field(dialog, 'Name'), 'e2e-renamed');
    await click(dialog, 'button', 'Save');
    await expectToast(page, 'API key renamed');
    await keyRow(page, 'e2e-renamed');
    expect(await hasKeyRow(page, 'e2e-options')).toBe(false);

    page = await ext.reload(page);
    await keyRow(page, 'e2e-renamed');
  });

  it('"Copy key" from the menu copies the real key; "Copy key prefix" the prefix', async () => {
    expect(await copied(ext, page, () => rowAction(page, 'e2e-renamed', 'Copy key'), 'API key copied to clipboard')).toBe(key);
    expect(await html(page)).not.toContain(key);
    expect(await copied(ext, page, () => rowAction(page, 'e2e-renamed', 'Copy key prefix'), 'Key prefix copied to clipboard')).toBe(key.slice(0, 7));
  });

  it('"Copy key" still copies when the server takes longer than 5 seconds (Firefox’s click window) to reveal the key', async () => {
    // Firefox lets a page write to the clipboard only within 5 s of the click (user activation),
    // unless the add-on has clipboardWrite: a slow reveal used to end in "Couldn't copy".
    await api.withFaults({ latencyMs: 5_500, paths: ['/keys/'] }, async () => {
      expect(await copied(ext, page, () => rowAction(page, 'e2e-renamed', 'Copy key'), 'API key copied to clipboard', 20_000)).toBe(key);
    });
  });

  it('revoke: Cancel keeps the key, Revoke removes it (on the server too)', async () => {
    const other = await createKey(page, 'e2e-to-revoke');
    expect(other).toMatch(KEY_PATTERN);
    await keyRow(page, 'e2e-to-revoke');

    await rowAction(page, 'e2e-to-revoke', 'Revoke');
    await answerRevoke(page, 'e2e-to-revoke', 'Cancel');
    await keyRow(page, 'e2e-to-revoke');

    await rowAction(page, 'e2e-to-revoke', 'Revoke');
    await answerRevoke(page, 'e2e-to-revoke', 'Revoke');
    await keyRowGone(page, 'e2e-to-revoke');

    // Gone on the server too: the key no longer opens the data API.
    expect((await fetch(`${api.url}/markets`, { headers: { Authorization: `Bearer ${other}` } })).status).toBe(401);
    page = await ext.reload(page);
    await keyRow(page, 'e2e-renamed');
    expect(await hasKeyRow(page, 'e2e-to-revoke')).toBe(false);
  });

  it('revoking the same key from two tabs: one revoke, no error for the second', async () => {
    await createKey(page, 'e2e-twice');
    const second = await openOptions(ext);
    try {
      await keyRow(second, 'e2e-twice');
      for (const p of [page, second]) await rowAction(p, 'e2e-twice', 'Revoke');
      for (const p of [page, second]) {
        await answerRevoke(p, 'e2e-twice', 'Revoke');
        await keyRowGone(p, 'e2e-twice');
      }
      expect(await count(second, 'alert')).toBe(0);
      expect(await second.evaluate(() => Array.from(document.querySelectorAll('[data-sonner-toast]')).some((t) => /error|wrong|not found/i.test(t.textContent ?? '')))).toBe(false);
    } finally {
      await ext.closePage(second);
    }
  });
});

it('a broken answer to the keys request becomes a short message with Retry, never a blank page', async () => {
  for (const mode of ['500-envelope', '500-no-cors', 'html', 'malformed-json', 'schema-drift']) {
    await api.withFaults({ mode, paths: ['/keys/usage'] }, async () => {
      page = await ext.reload(page);
      const main = await find(page, 'main');
      await find(main, 'button', 'Retry');
      const message = await main.evaluate((el) => (el.querySelector('[role=alert]')?.textContent ?? '').replace(/Retry$/, '').trim());
      console.info(`${mode} on GET /keys/usage → "${message}"`);
      expect(message.length, mode).toBeGreaterThan(10);
      expect(message, mode).not.toMatch(/<html|SyntaxError|ZodError|undefined|\[object/i);
      await find(main, 'heading', 'API Keys');
    });
    await click(await find(page, 'main'), 'button', 'Retry');
    await keyRow(page, 'e2e-renamed');
    await gone(page, 'button', 'Retry');
  }
});

