// "Continue with Google" in real Chromium against the local API: identity.launchWebAuthFlow opens
// the local stand-in of Google's account chooser as a window (a page here), GoTrue redirects to
// https://<id>.chromiumapp.org/?code=…, the background exchanges the code (PKCE) and signs in.
// Also the first install (options page at sign-in). One browser and one API for the file.
import { randomBytes } from 'node:crypto';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { dumpStorage, launchExtension, type ExtensionBrowser } from './harness';
import {
  configureServer,
  dismissToasts,
  expectToast,
  gone,
  keyRow,
  keysTable,
  openOptions,
  openPopup,
  PASSWORD,
  popupRow,
  showSection,
  signInForm,
  signOut,
  signUp,
  startTestApi,
  toast,
  until,
  visible,
  type TestApi,
} from './fixtures';

let api: TestApi;
let ext: ExtensionBrowser & { installPage: Page | null };
let page: Page;
const started = Date.now();

const googleEmail = (label: string) => `e2e-google-${label}-${randomBytes(4).toString('hex')}@gmail.com`;
const FIRST_KEY_TOAST = 'Created your first key, "default"';
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

beforeAll(async () => {
  [api, ext] = await Promise.all([startTestApi(), launchExtension({ keepInstallPage: true })]);
});

afterAll(async () => {
  await ext?.close();
  await api?.close();
  console.info(`google.test.ts took ${Math.round((Date.now() - started) / 1000)} s`);
});

/** Clicks "Continue with Google" on `from` and returns the chooser window Chrome opens for it. */
async function openChooser(from: Page): Promise<Page> {
  const [chooser] = await Promise.all([
    ext.context.waitForEvent('page', { predicate: (p) => p.url().includes('/auth/v1/') || p.url() === 'about:blank', timeout: 20_000 }),
    from.getByRole('button', { name: 'Continue with Google', exact: true }).click(),
  ]);
  await visible(chooser.getByRole('heading', { name: 'Choose an account' }));
  return chooser;
}

/** In the chooser: the account's email, then "Continue"; Chrome closes the window on the redirect. */
async function chooseAccount(chooser: Page, email: string): Promise<void> {
  await chooser.getByLabel('Email', { exact: true }).fill(email);
  await Promise.all([chooser.waitForEvent('close', { timeout: 20_000 }), chooser.getByRole('button', { name: 'Continue', exact: true }).click()]);
}

async function keyNames(p: Page): Promise<string[]> {
  const rows = keysTable(p).getByRole('row');
  const names: string[] = [];
  for (const row of await rows.all()) {
    const cell = row.getByRole('cell').first();
    if (await cell.count()) names.push(((await cell.textContent()) ?? '').trim());
  }
  return names;
}

describe('first install', () => {
  it('opens the options page at sign-in, which offers "Continue with Google"', async () => {
    const install = ext.installPage!;
    expect(install.url()).toBe(`chrome-extension://${ext.extensionId}/options.html`);
    const form = signInForm(install);
    await visible(form.getByRole('heading', { name: 'Sign in to KalshiBook' }));
    await visible(form.getByRole('button', { name: 'Continue with Google', exact: true }));
    page = install;
    await configureServer(page, api);
  });

  it('Settings shows the redirect URL the Supabase project must allow', async () => {
    const field = page.getByLabel('Redirect URL for Google sign-in', { exact: true });
    await until(() => field.inputValue(), (v) => v !== '', 'the redirect URL');
    expect(await field.inputValue()).toBe(`https://${ext.extensionId}.chromiumapp.org/`);
    expect(await field.getAttribute('readonly')).not.toBeNull();
    await showSection(page, 'API Keys');
  });
});

describe('Continue with Google (options page)', () => {
  let email: string;

  it('a new Google user: the chooser, "Continue", signed in with a "default" key and the toast', async () => {
    email = googleEmail('new');
    const chooser = await openChooser(page);
    expect(new URL(chooser.url()).pathname).toBe('/auth/v1/local-google/chooser');
    expect(await chooser.getByLabel('Email', { exact: true }).inputValue()).toBe('demo.kalshibook@gmail.com');
    await chooseAccount(chooser, email);
    await visible(keyRow(page, 'default'));
    await expectToast(page, FIRST_KEY_TOAST);
    await visible(page.getByRole('banner').getByText(email, { exact: true }));
    expect(await keyNames(page)).toEqual(['default']);
    // Tokens only where a password sign-in keeps them; the access token never on disk.
    const storage = await dumpStorage(ext);
    expect(storage.local).toHaveProperty('login');
    expect(JSON.stringify(storage.local)).not.toMatch(/accessToken|eyJ/);
  });

  it('signing in with Google again: the same account, no second key, no toast', async () => {
    await dismissToasts(page);
    await signOut(page);
    await chooseAccount(await openChooser(page), email);
    await visible(keyRow(page, 'default'));
    await sleep(2_000); // a toast would have shown by now (another page waits 1.5 s)
    expect(await toast(page, FIRST_KEY_TOAST).count()).toBe(0);
    expect(await keyNames(page)).toEqual(['default']);
  });

  it('a Google-only user’s password sign-in shows the server’s message', async () => {
    await signOut(page);
    const form = signInForm(page);
    await form.getByLabel('Email', { exact: true }).fill(email);
    await form.getByLabel('Password', { exact: true }).fill('any-password-1');
    await form.getByRole('button', { name: 'Sign in', exact: true }).click();
    await visible(form.getByRole('alert').getByText('Invalid email or password.', { exact: true }));
  });

  it('"Cancel" in the chooser → "Google sign-in was canceled."; so does closing the window', async () => {
    const form = signInForm(page);
    const chooser = await openChooser(page);
    await Promise.all([chooser.waitForEvent('close', { timeout: 20_000 }), chooser.getByRole('button', { name: 'Cancel', exact: true }).click()]);
    await visible(form.getByRole('status').getByText('Google sign-in was canceled.', { exact: true }));
    expect(await form.getByRole('alert').count()).toBe(0);

    const again = await openChooser(page);
    await gone(form.getByText('Google sign-in was canceled.', { exact: true }));
    await again.close();
    await visible(form.getByRole('status').getByText('Google sign-in was canceled.', { exact: true }));
    expect(await form.getByRole('alert').count()).toBe(0);
  });

  it('Google with the email of a password account signs into that account', async () => {
    const passwordEmail = `e2e-linked-${randomBytes(4).toString('hex')}@gmail.com`;
    await signInForm(page).getByRole('button', { name: 'Create account', exact: true }).click();
    await signUp(page, passwordEmail, PASSWORD);
    await visible(keyRow(page, 'default'));
    await signOut(page);
    await chooseAccount(await openChooser(page), passwordEmail);
    await visible(keyRow(page, 'default'));
    await visible(page.getByRole('banner').getByText(passwordEmail, { exact: true }));
    expect(await keyNames(page)).toEqual(['default']);
    await signOut(page);
  });
});

describe('Continue with Google (popup)', () => {
  it('click, close the popup, finish in the chooser, reopen the popup → the keys and the toast', async () => {
    const email = googleEmail('popup');
    await page.close(); // no other page of the extension open: the reopened popup is where the toast can go
    const popup = await openPopup(ext);
    await visible(signInForm(popup).getByRole('button', { name: 'Continue with Google', exact: true }));
    const chooser = await openChooser(popup);
    await popup.close(); // the real popup closes as soon as the Google window takes focus
    await chooseAccount(chooser, email);
    // The background finished the sign-in on its own.
    await until(async () => JSON.stringify((await dumpStorage(ext)).session.tokens ?? null), (t) => t.includes(email), 'the background to sign in');
    const reopened = await openPopup(ext);
    await visible(popupRow(reopened, 'default'));
    await expectToast(reopened, FIRST_KEY_TOAST);
    await reopened.close();
    page = await openOptions(ext, 'keys');
    await visible(keyRow(page, 'default'));
    await signOut(page);
  });
});

describe('a Google session with 3-second access tokens', () => {
  it('keeps working through several refreshes', async () => {
    await api.admin('token-ttl', { seconds: 3 });
    try {
      await chooseAccount(await openChooser(page), googleEmail('ttl'));
      await visible(keyRow(page, 'default'));
      api.clearLog();
      const from = Date.now();
      while (Date.now() - from < 8_000) {
        await sleep(1_500);
        await page.reload();
        await visible(keyRow(page, 'default'));
      }
      await showSection(page, 'Billing');
      await visible(page.getByRole('main').getByText('Free', { exact: true }));
      await showSection(page, 'API Keys');
      const refreshes = api.log.filter((line) => line.startsWith('POST /auth/v1/token 200')).length;
      console.info(`Google session: ${refreshes} token refreshes in ${Math.round((Date.now() - from) / 1000)} s with 3 s tokens`);
      expect(refreshes).toBeGreaterThanOrEqual(2);
      expect(api.log.filter((line) => /^POST \/auth\/v1\/token [45]\d\d/.test(line))).toEqual([]);
      expect(await signInForm(page).count()).toBe(0);
    } finally {
      await api.admin('token-ttl', { seconds: 3600 });
    }
  });
});

describe('a fresh options page after all this', () => {
  it('still has every control', async () => {
    const options = await openOptions(ext, 'settings');
    await visible(options.getByLabel('Redirect URL for Google sign-in', { exact: true }));
    await options.close();
  });
});
