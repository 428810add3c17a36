// "Continue with Google" against the local API: launchWebAuthFlow opens the local stand-in of Google's account chooser, GoTrue redirects to the
// browser's redirect URL, the background exchanges the code (PKCE) and signs in. Also the first install (options page at sign-in). Firefox trap: a
// tab opened while the Google window is open lands in it and the redirect is then missed, so no page opens (storage reads included) between
// `openChooser` and `chooseAccount`.
import { randomBytes } from 'node:crypto';
import type { Page } from 'puppeteer-core';
import { beforeAll, describe, expect, it } from 'vitest';
import { configureServer, isSignInFormShown, signInForm, signOut, signUp, submitSignIn } from './driver/account';
import { failedRefreshes, PASSWORD, refreshes, startTestApi, type TestApi } from './driver/api';
import { launch, type Ext } from './driver/extension';
import { keyNames, keyRow, popupRow } from './driver/keys';
import { attribute, click, count, dismissToasts, expectToast, field, fill, find, openOptions, openPopup, showSection, sleep, until, valueOf, waitForText } from './driver/ui';

let api: TestApi;
let ext: Ext;
let page: Page;

const googleEmail = (label: string) => `e2e-google-${label}-${randomBytes(4).toString('hex')}@gmail.com`;
const FIRST_KEY_TOAST = 'Created your first key, "default"';
const CANCELED = 'Google sign-in was canceled.';

beforeAll(async () => {
  [api, ext] = await Promise.all([startTestApi(), launch({ keepInstallPage: true })]);
});

/** Clicks "Continue with Google" on `from`; returns the account chooser in the window the browser opens. */
async function openChooser(from: Page): Promise<Page> {
  const chooser = await ext.signInWindow(() => click(from, 'button', 'Continue with Google'));
  const at = () => chooser.evaluate(() => `${location.pathname} ${document.readyState}`).catch(() => '');
  await until(at, (now) => now === '/auth/v1/local-google/chooser complete', 'the account chooser', 20_000);
  await find(chooser, 'heading', 'Choose an account');
  return chooser;
}

/** In the chooser: "Continue" as `email`, or "Cancel" (`null`); waits until the browser closes the window. */
async function chooseAccount(chooser: Page, email: string | null): Promise<void> {
  if (email !== null) await fill(chooser, await field(chooser, 'Email'), email);
  await click(chooser, 'button', email === null ? 'Cancel' : 'Continue');
  await until(async () => chooser.isClosed(), (closed) => closed, 'the browser to close the Google window', 20_000);
}

/** The texts of the sign-in form's status messages and its number of alerts, read from here (polled, not in the page). */
const formMessages = async () => (await signInForm(page)).evaluate((f) => ({ status: Array.from(f.querySelectorAll('[role=status]'), (s) => s.textContent!.trim()), alerts: f.querySelectorAll('[role=alert]').length }));

describe('first install', () => {
  it('opens the options page at sign-in, which offers "Continue with Google"', async () => {
    page = ext.installPage!;
    expect(await page.evaluate(() => location.href)).toBe(`${ext.base}/options.html`);
    const form = await signInForm(page);
    await find(form, 'heading', 'Sign in to KalshiBook');
    await find(form, 'button', 'Continue with Google');
    await configureServer(page, api);
  });

  it('Settings shows the redirect URL the Supabase project must allow, read only', async () => {
    const redirect = await field(page, 'Redirect URL for Google sign-in');
    expect(await until(() => valueOf(redirect), (v) => v !== '', 'the redirect URL')).toBe(ext.redirectUrl);
    expect(await attribute(redirect, 'readonly')).not.toBeNull();
    await showSection(page, 'API Keys');
  });
});

describe('Continue with Google (options page)', () => {
  let email: string;

  it('a new Google user: the chooser, "Continue", signed in with a "default" key and the toast', async () => {
    email = googleEmail('new');
    const chooser = await openChooser(page);
    expect(await valueOf(await field(chooser, 'Email'))).toBe('demo.kalshibook@gmail.com');
    // GoTrue accepted the browser's redirect URL (an unknown one silently becomes the site URL).
    await waitForText(chooser, `to continue to KalshiBook (${new URL(ext.redirectUrl).host})`);
    await chooseAccount(chooser, email);
    await keyRow(page, 'default');
    await expectToast(page, FIRST_KEY_TOAST);
    await waitForText(page, email, await find(page, 'banner'));
    expect(await keyNames(page)).toEqual(['default']);
    // Tokens only where a password sign-in keeps them; the access token never on disk.
    const storage = await ext.storage();
    expect(storage.local).toHaveProperty('login');
    expect(JSON.stringify(storage.local)).not.toMatch(/accessToken|eyJ/);
  });

  it('signing in with Google again: the same account, no second key, no toast', async () => {
    await dismissToasts(page);
    await signOut(page);
    await chooseAccount(await openChooser(page), email);
    await keyRow(page, 'default');
    await sleep(2_000); // a toast would have shown by now (another page waits 1.5 s)
    expect(await page.evaluate((t) => Array.from(document.querySelectorAll('[data-sonner-toast]:not([data-e2e-seen])')).some((el) => el.textContent!.includes(t)), FIRST_KEY_TOAST)).toBe(false);
    expect(await keyNames(page)).toEqual(['default']);
  });

  it('a Google-only user’s password sign-in shows the server’s message', async () => {
    await signOut(page);
    await waitForText(page, 'Invalid email or password.', await find(await submitSignIn(page, email, 'any-password-1'), 'alert'));
  });

  it('"Cancel" in the chooser → "Google sign-in was canceled."; so does closing the window', async () => {
    await chooseAccount(await openChooser(page), null);
    expect(await until(formMessages, (m) => m.status.includes(CANCELED), 'the canceled message')).toMatchObject({ alerts: 0 });

    const again = await openChooser(page);
    await until(formMessages, (m) => !m.status.includes(CANCELED), 'the canceled message to go');
    await again.close();
    expect(await until(formMessages, (m) => m.status.includes(CANCELED), 'the canceled message after closing the window')).toMatchObject({ alerts: 0 });
  });

  it('Google with the email of a password account signs into that account', async () => {
    const passwordEmail = `e2e-linked-${randomBytes(4).toString('hex')}@gmail.com`;
    await signUp(page, passwordEmail, PASSWORD);
    await keyRow(page, 'default');
    await signOut(page);
    await chooseAccount(await openChooser(page), passwordEmail);
    await keyRow(page, 'default');
    await waitForText(page, passwordEmail, await find(page, 'banner'));
    expect(await keyNames(page)).toEqual(['default']);
    await signOut(page);
  });
});

it('Continue with Google from the popup: click, close the popup, take longer than an idle timeout, finish in the chooser, reopen the popup → the keys and the toast', async () => {
  const email = googleEmail('popup');
  await ext.closeExtensionPages(); // nothing of ours open: the reopened popup is where the toast goes
  const popup = await openPopup(ext);
  const chooser = await openChooser(popup);
  await ext.closePage(popup); // the real popup closes as soon as the Google window takes focus
  // The user takes a while: the background, no page of ours open, must keep the sign-in under
  // way (Firefox suspends an idle event page after 2 s in this suite).
  await sleep(5_000);
  await chooseAccount(chooser, email);
  // The background finished the sign-in on its own.
  await until(async () => JSON.stringify((await ext.storage()).session.tokens ?? null), (t) => t.includes(email), 'the background to sign in');
  const reopened = await openPopup(ext);
  await popupRow(reopened, 'default');
  await expectToast(reopened, FIRST_KEY_TOAST);
  await ext.closePage(reopened);
  page = await openOptions(ext, 'keys');
  await keyRow(page, 'default');
  await signOut(page);
});

it('a Google session with 3-second access tokens keeps working through several refreshes', async () => {
  await api.withTokenTtl(3, async () => {
    await chooseAccount(await openChooser(page), googleEmail('ttl'));
    await keyRow(page, 'default');
    api.clearLog();
    const from = Date.now();
    while (Date.now() - from < 8_000) {
      await sleep(1_500);
      page = await ext.reload(page);
      await keyRow(page, 'default');
    }
    await showSection(page, 'Billing');
    await waitForText(page, 'Free', await find(page, 'main'));
    await showSection(page, 'API Keys');
    console.info(`Google session: ${refreshes(api.log)} token refreshes in ${Math.round((Date.now() - from) / 1000)} s with 3 s tokens`);
    expect(refreshes(api.log)).toBeGreaterThanOrEqual(2);
    expect(failedRefreshes(api.log)).toBe(0);
    expect(await isSignInFormShown(page)).toBe(false);
  });
});

it('a fresh options page after all this still has every control', async () => {
  const options = await openOptions(ext, 'settings');
  await field(options, 'Redirect URL for Google sign-in');
  expect(await count(options, 'button', 'Sign out')).toBe(1);
  await ext.closePage(options);
});
