// The session in real Firefox: the event page suspended by Firefox between two actions (with a
// new key waiting in the popup), 3-second access tokens refreshed through GoTrue, a session
// revoked on the server, and "Stay signed in" across a browser restart on the same profile.
// Mirrors tests/e2e/session.test.ts. Firefox runs here with a 2-second idle timeout for the event
// page (its default is 30 s), so it is suspended whenever the suite pauses.
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'puppeteer-core';
import { apiSession, corsUrl, KEY_PATTERN, SESSION_EXPIRED, startTestApi, type TestApi } from '../e2e/fixtures';
import { dumpStorage, eventPageState, markEventPage, waitForSuspendedEventPage } from './event-page';
import { launchFirefox, reopen, type FirefoxAddon } from './harness';
import { acknowledgeKey, createKey, createKeyToShowOnce, keyRow, popupRow, shownKey } from './keys-ui';
import {
  count,
  expectToast,
  find,
  isSignInFormShown,
  newAccount,
  openOptions,
  openPopup,
  press,
  showSection,
  signIn,
  signInForm,
  signOut,
  waitForText,
} from './ui';

const IDLE_MS = 2_000;

let api: TestApi;
let ff: FirefoxAddon;
let page: Page;

beforeAll(async () => {
  [api, ff] = await Promise.all([startTestApi(), launchFirefox({ backgroundIdleMs: IDLE_MS })]);
  ({ page } = await newAccount(ff, api, { label: 'ff-session', configure: true }));
});

afterEach(async () => {
  expect(await ff.problems(), 'errors or CSP violations logged by the extension').toEqual([]);
});

afterAll(async () => {
  await ff?.close();
  await api?.close();
});

const refreshes = (log: string[]) => log.filter((line) => line.startsWith('POST /auth/v1/token 200')).length;
const failedRefreshes = (log: string[]) => log.filter((line) => /^POST \/auth\/v1\/token [45]\d\d/.test(line)).length;
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

describe('Firefox session', () => {
  it('the event page suspended between two actions: the next action works, a new key waiting in the popup survives', async () => {
    await keyRow(page, 'default');
    expect(await markEventPage(ff)).toBe(true);
    await waitForSuspendedEventPage(ff);

    // The options page's next message wakes a fresh event page, which finds the session in storage.session.
    const key = await createKey(page, 'after-suspend');
    expect(key).toMatch(KEY_PATTERN);
    await keyRow(page, 'after-suspend');
    expect(await eventPageState(ff)).toBe('running'); // a new page: the marker is gone

    // A key created in the popup and not yet acknowledged, the popup closed, the event page suspended.
    let popup = await openPopup(ff);
    const pending = await createKeyToShowOnce(popup, 'pending-across-suspend', { popup: true });
    await ff.closePage(popup);
    await waitForSuspendedEventPage(ff);
    expect(JSON.stringify((await dumpStorage(ff)).session)).toContain(pending);

    popup = await openPopup(ff);
    expect(await shownKey(popup)).toBe(pending);
    await acknowledgeKey(popup);
    await popupRow(popup, 'pending-across-suspend');
    await ff.closePage(popup);
    expect(JSON.stringify(await dumpStorage(ff))).not.toContain(pending);

    await waitForSuspendedEventPage(ff);
    page = await reopen(ff, page);
    await keyRow(page, 'after-suspend');
    await keyRow(page, 'pending-across-suspend');
  });

  it('a request that outlasts Firefox’s idle timeout still gets its answer (the event page is not suspended mid-request)', async () => {
    // The server takes 2.5× the idle timeout to create the key; Firefox used to suspend the event
    // page meanwhile, and the page said "The KalshiBook extension is not responding".
    await api.admin('faults', { latencyMs: IDLE_MS * 2.5, paths: ['/keys'] });
    try {
      const key = await createKeyToShowOnce(page, 'slow-server');
      expect(key).toMatch(KEY_PATTERN);
      await acknowledgeKey(page);
    } finally {
      await api.admin('reset-faults');
    }
    await keyRow(page, 'slow-server');
  });

  it('pages loading in other tabs neither wake the suspended event page nor keep it running', async () => {
    await waitForSuspendedEventPage(ff);
    const other = await ff.browser.newPage();
    try {
      // A site the extension has no business with (not the dashboard's origin), loaded a few times.
      for (let i = 0; i < 3; i++) {
        await other.goto(`${corsUrl(api)}/not-the-dashboard?visit=${i}`, { waitUntil: 'load' });
        await sleep(300);
        expect(await eventPageState(ff), `after page load ${i + 1}`).toBe('stopped');
      }
    } finally {
      await other.close();
    }
  });

  it('keeps working across several 3-second access tokens (refresh through GoTrue), the event page suspended in between', async () => {
    await api.admin('token-ttl', { seconds: 3 });
    try {
      await signOut(page);
      const { email } = await newAccount(ff, api, { label: 'ff-ttl', page });
      api.clearLog();
      const started = Date.now();
      let round = 0;
      let suspended = 0;
      // > 2 lifetimes of use: reopen (keys + billing), create, with pauses long enough for Firefox
      // to suspend the idle event page.
      while (Date.now() - started < 9_000) {
        round++;
        await sleep(IDLE_MS + 500);
        if ((await eventPageState(ff)) === 'stopped') suspended++;
        page = await reopen(ff, page);
        await keyRow(page, 'default');
        if (round === 2) await createKey(page, 'during-refreshes');
      }
      await keyRow(page, 'during-refreshes');
      await showSection(page, 'Billing');
      await waitForText(page, 'Free', await find(page, 'main'));
      await showSection(page, 'API Keys');
      console.info(`Firefox: ${refreshes(api.log)} token refreshes in ${Math.round((Date.now() - started) / 1000)} s with 3 s tokens; event page suspended in ${suspended} of ${round} pauses`);
      expect(refreshes(api.log)).toBeGreaterThanOrEqual(2);
      expect(failedRefreshes(api.log)).toBe(0);
      expect(suspended).toBeGreaterThanOrEqual(1);
      expect(await isSignInFormShown(page)).toBe(false);
      const server = await apiSession(api, email);
      expect((await server.keys()).map((k) => k.name)).toContain('during-refreshes');
    } finally {
      await api.admin('token-ttl', { seconds: 3600 });
    }
  });

  it('a session revoked on the server, the access token expired: "Your session expired. Sign in again."', async () => {
    await api.admin('token-ttl', { seconds: 2 });
    let email: string;
    try {
      await signOut(page);
      ({ email } = await newAccount(ff, api, { label: 'ff-revoked', page }));
    } finally {
      await api.admin('token-ttl', { seconds: 3600 });
    }
    await api.admin('revoke-sessions', { email });
    await sleep(2_500);

    page = await reopen(ff, page);
    await waitForText(page, SESSION_EXPIRED, await signInForm(page));
    expect(await count(page, 'table', 'API keys')).toBe(0);
    const storage = await dumpStorage(ff);
    expect(storage.local).not.toHaveProperty('login');
    expect(storage.local).not.toHaveProperty('cache');
    expect(storage.session).not.toHaveProperty('tokens');
    expect(JSON.stringify(storage.local.settings)).toContain(corsUrl(api));

    await signIn(page, email);
    await keyRow(page, 'default');
  });

  it('"Stay signed in" on: still signed in after Firefox restarts on the same profile', async () => {
    await showSection(page, 'Settings');
    const stay = await find(page, 'checkbox', 'Stay signed in');
    expect(await stay.evaluate((el) => (el as HTMLInputElement).checked)).toBe(true);
    await showSection(page, 'API Keys');
    await keyRow(page, 'default');
    const before = await dumpStorage(ff);
    expect(before.local).toHaveProperty('login');
    expect(JSON.stringify(before.local)).not.toMatch(/accessToken|eyJ/);

    expect(await ff.problems(), 'errors or CSP violations logged before the restart').toEqual([]);
    await ff.close({ keepProfile: true });
    ff = await launchFirefox({ profileDir: ff.profileDir, backgroundIdleMs: IDLE_MS });
    page = await openOptions(ff);
    await keyRow(page, 'default');
    expect(await isSignInFormShown(page)).toBe(false);
  });

  it('"Stay signed in" off: signed out after Firefox restarts', async () => {
    await showSection(page, 'Settings');
    const stay = await find(page, 'checkbox', 'Stay signed in');
    await press(stay);
    await expectToast(page, 'Settings saved');
    expect(await stay.evaluate((el) => (el as HTMLInputElement).checked)).toBe(false);
    const before = await dumpStorage(ff);
    expect(before.local).not.toHaveProperty('login');
    expect(before.session).toHaveProperty('tokens');
    await showSection(page, 'API Keys');
    await keyRow(page, 'default');

    expect(await ff.problems(), 'errors or CSP violations logged before the restart').toEqual([]);
    await ff.close({ keepProfile: true });
    ff = await launchFirefox({ profileDir: ff.profileDir, backgroundIdleMs: IDLE_MS });
    page = await openOptions(ff);
    await signInForm(page);
    expect(await count(page, 'table', 'API keys')).toBe(0);
    expect(await page.evaluate((text: string) => document.body.textContent?.includes(text), SESSION_EXPIRED)).toBe(false);
  });
});
