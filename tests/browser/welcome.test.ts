// The options page's first-run welcome on a fresh profile (nothing pinned yet): the shortcut the
// browser really has for the popup (its own commands API), the pin hint, the local API's demo account.
import { beforeAll, expect, it } from 'vitest';
import type { Page } from 'puppeteer-core';
import { configureServer } from './driver/account';
import { startTestApi, type TestApi } from './driver/api';
import { launch, type Ext } from './driver/extension';
import { click, find, gone, openOptions, sleep, waitForText } from './driver/ui';

const WELCOME = 'Welcome to KalshiBook';

let api: TestApi;
let ext: Ext;

beforeAll(async () => {
  // With the demo account, as `npm start` runs it.
  [api, ext] = await Promise.all([startTestApi({ seedDemo: true }), launch()]);
});

/** The popup command's shortcut as the browser itself reports it, read in an extension page. */
function browserShortcut(page: Page): Promise<string | undefined> {
  return page.evaluate(async () => {
    const g = globalThis as unknown as { browser?: unknown; chrome?: unknown };
    const api = (g.browser ?? g.chrome) as { commands: { getAll(): Promise<{ name?: string; shortcut?: string }[]> } };
    return (await api.commands.getAll()).find((c) => c.name === '_execute_action')?.shortcut;
  });
}

/** The options page opened again, loaded and settled (the sign-in form is up, so the welcome has been asked for): no welcome. */
async function expectNoWelcome(): Promise<void> {
  const page = await openOptions(ext);
  await find(page, 'heading', 'Sign in to KalshiBook');
  await sleep(1_000);
  expect(await page.$('[aria-labelledby="welcome-title"]')).toBeNull();
  await ext.closePage(page);
}

it('a new user sees the welcome with the real shortcut, the pin hint and the demo account; "Got it" removes it for good', async () => {
  const setup = await openOptions(ext);
  await configureServer(setup, api);
  await ext.closePage(setup);

  const page = await openOptions(ext);
  const welcome = await find(page, 'region', WELCOME);
  const shortcut = await browserShortcut(page);
  expect(shortcut).toBe('Alt+Shift+K');
  for (const text of [`${shortcut} opens KalshiBook from any tab.`, 'Pin KalshiBook to the toolbar', 'demo@kalshibook.local']) await waitForText(page, text, welcome);

  await click(welcome, 'button', 'Got it');
  await gone(page, 'region', WELCOME);
  expect((await ext.storage()).local.welcomeDismissed).toBe(true);
  await ext.closePage(page);

  await expectNoWelcome();
});

it('stays away after a browser restart', async () => {
  await ext.close({ keepProfile: true });
  ext = await launch({ profileDir: ext.profileDir });
  expect((await ext.storage()).local.welcomeDismissed).toBe(true);
  await expectNoWelcome();
});
