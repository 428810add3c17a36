// A key created before the backend stored keys for "reveal" answers 404 to GET /keys/{id}/reveal.
// The demo account seeded by the local API has one (its `default` key): copying it must explain
// why and offer the prefix, in the options page and in the popup.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { launchExtension, type ExtensionBrowser } from './harness';
import { configureServer, copiedText, expectToast, keyRow, openOptions, openPopup, popupRow, resetClipboard, rowAction, signIn, startTestApi, toast, visible, type TestApi } from './fixtures';

let api: TestApi;
let ext: ExtensionBrowser;
let page: Page;
let prefix: string;

beforeAll(async () => {
  [api, ext] = await Promise.all([startTestApi({ seedDemo: true }), launchExtension()]);
  page = await openOptions(ext);
  await configureServer(page, api);
  await page.getByRole('tab', { name: 'API Keys' }).click();
  await signIn(page, api.demo!.email, api.demo!.password);
  const masked = await visible(keyRow(page, 'default').getByText(/^kb-.{4}\.\.\.$/));
  prefix = (await masked.textContent())!.replace(/\.\.\.$/, '');
});

afterAll(async () => {
  await ext?.close();
  await api?.close();
});

describe('a key created before reveal existed', () => {
  it('options: "Copy key" explains it cannot be revealed and offers the prefix', async () => {
    await resetClipboard(page);
    await rowAction(page, 'default', 'Copy key');
    await visible(toast(page, 'This key was created before keys could be revealed, so only its prefix can be copied.'));
    await toast(page, 'This key was created before keys could be revealed').getByRole('button', { name: 'Copy key prefix' }).click();
    expect(await copiedText(page)).toBe(prefix);
  });

  it('popup: "Copy key" copies the prefix and says so', async () => {
    const popup = await openPopup(ext);
    await resetClipboard(popup);
    await popupRow(popup, 'default').getByRole('button', { name: 'Copy key', exact: true }).click();
    await expectToast(popup, "Key prefix copied — this key can't be revealed");
    expect(await copiedText(popup)).toBe(prefix);
    await popup.close();
  });
});
