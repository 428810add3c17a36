// A key created before the backend stored keys for "reveal" answers 404 to GET /keys/{id}/reveal. The demo account seeded by the local API has one
// (its `default` key): copying it must explain why and offer the prefix, in the options page and in the popup.
import { beforeAll, expect, it } from 'vitest';
import type { Page } from 'puppeteer-core';
import { configureServer, signIn } from './driver/account';
import { startTestApi, type TestApi } from './driver/api';
import { CLIPBOARD_MARKER, launch, markClipboard, type Ext } from './driver/extension';
import { copied, keyRow, popupRow, rowAction } from './driver/keys';
import { click, expectToast, openOptions, openPopup, showSection, waitForText } from './driver/ui';

let api: TestApi;
let ext: Ext;
let page: Page;
let prefix: string;

beforeAll(async () => {
  [api, ext] = await Promise.all([startTestApi({ seedDemo: true }), launch()]);
  page = await openOptions(ext);
  await configureServer(page, api);
  await showSection(page, 'API Keys');
  await signIn(page, api.demo!.email, api.demo!.password);
  const row = await keyRow(page, 'default');
  await waitForText(page, /^kb-.{4}\.\.\.$/, row);
  const masked = await row.evaluate((el) => Array.from(el.querySelectorAll('*'), (e) => e.textContent!.trim()).find((t) => /^kb-.{4}\.\.\.$/.test(t))!);
  prefix = masked.replace(/\.\.\.$/, '');
});

it('options: "Copy key" explains it cannot be revealed and offers the prefix', async () => {
  await markClipboard(ext, page);
  await rowAction(page, 'default', 'Copy key');
  const toast = await expectToast(page, 'This key was created before keys could be revealed, so only its prefix can be copied.');
  expect(await ext.readClipboard(page)).toBe(CLIPBOARD_MARKER); // nothing copied yet
  expect(await copied(ext, page, () => click(toast, 'button', 'Copy key prefix'), 'Key prefix copied to clipboard')).toBe(prefix);
});

it('popup: "Copy key" copies the prefix and says so', async () => {
  const popup = await openPopup(ext);
  expect(await copied(ext, popup, async () => click(await popupRow(popup, 'default'), 'button', 'Copy key'), "Key prefix copied — this key can't be revealed")).toBe(prefix);
  await ext.closePage(popup);
});
