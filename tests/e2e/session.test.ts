// The session in real Chromium: a stopped service worker, short-lived access tokens refreshed
// through GoTrue, a session revoked on the server, and "Stay signed in" across a browser restart.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { dumpStorage, launchExtension, serviceWorkerStatus, stopServiceWorker, type ExtensionBrowser } from './harness';
import {
  apiSession,
  corsUrl,
  createKey,
  expectToast,
  KEY_PATTERN,
  keyRow,
  keysTable,
  newAccount,
  openOptions,
  SESSION_EXPIRED,
  showSection,
  signIn,
  signInForm,
  signOut,
  startTestApi,
  visible,
  type TestApi,
} from './fixtures';

let api: TestApi;
let ext: ExtensionBrowser;
let page: Page;

beforeAll(async () => {
  [api, ext] = await Promise.all([startTestApi(), launchExtension()]);
  ({ page } = await newAccount(ext, api, { label: 'session', configure: true }));
});

afterAll(async () => {
  await ext?.close();
  await api?.close();
});

const refreshes = (log: string[]) => log.filter((line) => line.startsWith('POST /auth/v1/token 200')).length;
const failedRefreshes = (log: string[]) => log.filter((line) => /^POST \/auth\/v1\/token [45]\d\d/.test(line)).length;
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

describe('session', () => {
  it('keeps working after Chrome stops the idle service worker', async () => {
    await visible(keyRow(page, 'default'));
    await stopServiceWorker(ext, page);
    expect(await serviceWorkerStatus(ext, page)).toBe('stopped');

    // The page's next message starts a fresh worker, which finds the session in storage.session.
    const key = await createKey(page, 'after-stop');
    expect(key).toMatch(KEY_PATTERN);
    await visible(keyRow(page, 'after-stop'));
    expect(await serviceWorkerStatus(ext, page)).toBe('running');

    await stopServiceWorker(ext, page);
    await page.reload();
    await visible(keyRow(page, 'after-stop'));
    await visible(keyRow(page, 'default'));
  });

  it('keeps working across several short access-token lifetimes (refresh through GoTrue)', async () => {
    await api.admin('token-ttl', { seconds: 3 });
    try {
      // A new login gets a 3-second access token.
      await signOut(page);
      const { email } = await newAccount(ext, api, { label: 'ttl', page });
      api.clearLog();
      const started = Date.now();
      let round = 0;
      // > 2 lifetimes of use: reload (keys + billing), create, rename-free reads, with pauses.
      while (Date.now() - started < 8_000) {
        round++;
        await sleep(1_500);
        await page.reload();
        await visible(keyRow(page, 'default'));
        if (round === 2) await createKey(page, 'during-refreshes');
      }
      await visible(keyRow(page, 'during-refreshes'));
      await showSection(page, 'Billing');
      await visible(page.getByRole('main').getByText('Free', { exact: true }));
      await showSection(page, 'API Keys');
      // Still signed in, through several refreshes and no failed one.
      console.info(`token refreshes during ${Math.round((Date.now() - started) / 1000)} s with 3 s tokens: ${refreshes(api.log)}`);
      expect(refreshes(api.log)).toBeGreaterThanOrEqual(2);
      expect(failedRefreshes(api.log)).toBe(0);
      expect(await signInForm(page).count()).toBe(0);
      const server = await apiSession(api, email);
      expect((await server.keys()).map((k) => k.name)).toContain('during-refreshes');
    } finally {
      await api.admin('token-ttl', { seconds: 3600 });
    }
  });

  it('a session revoked on the server, with the access token expired, ends in "Your session expired."', async () => {
    await api.admin('token-ttl', { seconds: 2 });
    let email: string;
    try {
      await signOut(page);
      ({ email } = await newAccount(ext, api, { label: 'revoked', page }));
    } finally {
      await api.admin('token-ttl', { seconds: 3600 });
    }
    // Like signing out everywhere from the dashboard; then let the 2-second token expire.
    await api.admin('revoke-sessions', { email });
    await sleep(2_500);

    await page.reload();
    const form = signInForm(page);
    await visible(form.getByText(SESSION_EXPIRED, { exact: true }));
    expect(await keysTable(page).count()).toBe(0);
    // Everything of the session is wiped, settings stay.
    const storage = await dumpStorage(ext);
    expect(storage.local).not.toHaveProperty('login');
    expect(storage.local).not.toHaveProperty('cache');
    expect(storage.session).not.toHaveProperty('tokens');
    expect(JSON.stringify(storage.local.settings)).toContain(corsUrl(api));

    // Signing in again works and clears the notice.
    await signIn(page, email);
    await visible(keyRow(page, 'default'));
  });

  it('"Stay signed in" on: still signed in after the browser restarts', async () => {
    await showSection(page, 'Settings');
    const stay = page.getByRole('checkbox', { name: 'Stay signed in' });
    expect(await stay.isChecked()).toBe(true);
    await showSection(page, 'API Keys');
    await visible(keyRow(page, 'default'));
    const before = await dumpStorage(ext);
    expect(before.local).toHaveProperty('login');
    // The access token is never on disk.
    expect(JSON.stringify(before.local)).not.toMatch(/accessToken|eyJ/);

    await ext.close({ keepProfile: true });
    ext = await launchExtension({ profileDir: ext.profileDir });
    page = await openOptions(ext);
    await visible(keyRow(page, 'default'));
    expect(await signInForm(page).count()).toBe(0);
  });

  it('"Stay signed in" off: signed out after the browser restarts', async () => {
    await showSection(page, 'Settings');
    const stay = page.getByRole('checkbox', { name: 'Stay signed in' });
    await stay.uncheck();
    await expectToast(page, 'Settings saved');
    expect(await stay.isChecked()).toBe(false);
    const before = await dumpStorage(ext);
    expect(before.local).not.toHaveProperty('login');
    expect(before.session).toHaveProperty('tokens');
    await showSection(page, 'API Keys');
    await visible(keyRow(page, 'default'));

    await ext.close({ keepProfile: true });
    ext = await launchExtension({ profileDir: ext.profileDir });
    page = await openOptions(ext);
    await visible(signInForm(page));
    expect(await keysTable(page).count()).toBe(0);
    // Signed out by choice, not expired: no notice.
    expect(await page.getByText(SESSION_EXPIRED).count()).toBe(0);
  });
});
