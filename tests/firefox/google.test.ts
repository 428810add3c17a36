// "Continue with Google" in real Firefox against the local API, with Firefox's own redirect URL
// (https://<sha1 of the gecko id>.extensions.allizom.org/). Mirrors tests/e2e/google.test.ts.
import { createHash, randomBytes } from 'node:crypto';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'puppeteer-core';
import { startTestApi, type TestApi } from '../e2e/fixtures';
import { addonUnderTest, launchFirefox, sleep, type FirefoxAddon } from './harness';
import { dumpStorage } from './event-page';
import { keyRow, popupRow } from './keys-ui';
import { chooseAccount, keyNames, openChooser, pollFor } from './google';
import { configureServer, dismissToasts, expectToast, field, find, openOptions, openPopup, showSection, signInForm, signOut, waitForText } from './ui';

const FIRST_KEY_TOAST = 'Created your first key, "default"';
/** Firefox's identity.getRedirectURL(): the same for every install of this add-on id. */
const REDIRECT_HOST = `${createHash('sha1').update(addonUnderTest().geckoId).digest('hex')}.extensions.allizom.org`;
const googleEmail = (label: string) => `e2e-ff-google-${label}-${randomBytes(4).toString('hex')}@gmail.com`;

/** Firefox suspends an idle event page after this (its default: 30 s); the user may take longer in the Google window. */
const IDLE_MS = 2_000;

let api: TestApi;
let ff: FirefoxAddon;
let page: Page;
const started = Date.now();

beforeAll(async () => {
  [api, ff] = await Promise.all([startTestApi(), launchFirefox({ backgroundIdleMs: IDLE_MS })]);
});

afterEach(async () => {
  expect(await ff.problems(), 'errors or CSP violations logged by the extension').toEqual([]);
});

afterAll(async () => {
  await ff?.close();
  await api?.close();
  console.info(`firefox google.test.ts took ${Math.round((Date.now() - started) / 1000)} s`);
});

describe('Firefox: Continue with Google', () => {
  it('the first install opens the options page at sign-in, which offers "Continue with Google"', async () => {
    // BiDi reports extension pages' tabs at about:blank: ask each tab where it is.
    const where = async () => {
      for (const tab of await ff.browser.pages()) {
        const at = await tab.evaluate(() => (document.readyState === 'complete' ? location.href : '')).catch(() => '');
        if (at.split('#')[0] === `${ff.base}/options.html`) return tab;
      }
      return null;
    };
    const install = (await pollFor(where, (tab) => tab !== null, 'the options page of the first install'))!;
    const form = await signInForm(install);
    await find(form, 'heading', 'Sign in to KalshiBook');
    await find(form, 'button', 'Continue with Google');
    await install.close();

    page = await openOptions(ff);
    await configureServer(page, api);
  });

  it('Settings shows Firefox’s redirect URL, read only: https://<sha1 of the gecko id>.extensions.allizom.org/', async () => {
    const expected = `https://${REDIRECT_HOST}/`;
    const redirect = await field(page, 'Redirect URL for Google sign-in');
    expect(await pollFor(() => redirect.evaluate((el) => (el as HTMLInputElement).value), (v) => v !== '', 'the redirect URL')).toBe(expected);
    expect(await redirect.evaluate((el) => (el as HTMLInputElement).readOnly)).toBe(true);
    await showSection(page, 'API Keys');
  });

  it('a new Google user: the chooser window, "Continue", signed in with a "default" key and the toast', async () => {
    const email = googleEmail('new');
    const chooser = await openChooser(ff, page);
    expect(new URL(chooser.url()).pathname).toBe('/auth/v1/local-google/chooser');
    // GoTrue accepted Firefox's redirect URL (an unknown one silently becomes the site URL).
    await waitForText(chooser, `to continue to KalshiBook (${REDIRECT_HOST})`);
    await chooseAccount(chooser, email);
    await keyRow(page, 'default');
    await expectToast(page, FIRST_KEY_TOAST);
    await waitForText(page, email, await find(page, 'banner'));
    expect(await keyNames(page)).toEqual(['default']);
  });

  it('"Cancel" in the chooser → "Google sign-in was canceled."; so does closing the window', async () => {
    await dismissToasts(page);
    await signOut(page);
    const form = await signInForm(page);
    await chooseAccount(await openChooser(ff, page), null);
    await pollFor(
      () => form.evaluate((el) => Array.from(el.querySelectorAll('[role=status]')).map((s) => (s.textContent ?? '').trim())),
      (texts) => texts.includes('Google sign-in was canceled.'),
      'the canceled message',
    );
    expect(await form.evaluate((el) => el.querySelectorAll('[role=alert]').length)).toBe(0);

    // Closing the window instead: Firefox's own "User cancelled or denied access." says the same.
    const again = await openChooser(ff, page);
    await again.close();
    await pollFor(
      () => form.evaluate((el) => Array.from(el.querySelectorAll('[role=status]')).map((s) => (s.textContent ?? '').trim())),
      (texts) => texts.includes('Google sign-in was canceled.'),
      'the canceled message after closing the window',
    );
    expect(await form.evaluate((el) => el.querySelectorAll('[role=alert]').length)).toBe(0);
  });

  it('from the popup: click, close the popup, take longer than the idle timeout in the chooser, finish, reopen the popup → the keys and the toast', async () => {
    // No other page of the extension open: the reopened popup is where the toast goes.
    await ff.closePage(page);
    const popup = await openPopup(ff);
    const chooser = await openChooser(ff, popup);
    await ff.closePage(popup); // the real popup closes as soon as the Google window takes focus
    // The user takes a while: the event page, with no page of ours open, must not be suspended
    // meanwhile (it would lose the sign-in under way).
    await sleep(IDLE_MS * 2.5);
    const email = googleEmail('popup');
    await chooseAccount(chooser, email);
    // The event page finished the sign-in on its own.
    await pollFor(async () => JSON.stringify((await dumpStorage(ff)).session.tokens ?? null), (t) => t.includes(email), 'the background to sign in');
    const reopened = await openPopup(ff);
    await popupRow(reopened, 'default');
    await expectToast(reopened, FIRST_KEY_TOAST);
    await ff.closePage(reopened);
  });
});
