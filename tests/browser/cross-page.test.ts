// Popup and options page open side by side follow each other's sign-in and sign-out.
import { beforeAll, it } from 'vitest';
import { configureServer, signInForm, signOut, signUp } from './driver/account';
import { randomEmail, startTestApi, type TestApi } from './driver/api';
import { launch, type Ext } from './driver/extension';
import { keyRow, popupRow } from './driver/keys';
import { find, openOptions, openPopup, showSection } from './driver/ui';

let api: TestApi;
let ext: Ext;

beforeAll(async () => {
  [api, ext] = await Promise.all([startTestApi(), launch()]);
});

it('signing in from the popup shows the keys in an already open options page, without a reload', async () => {
  const options = await openOptions(ext);
  await configureServer(options, api);
  await showSection(options, 'API Keys');
  await signInForm(options);

  const popup = await openPopup(ext);
  await signUp(popup, randomEmail('cross'));
  await popupRow(popup, 'default');

  await find(options, 'table', 'API keys');
  await keyRow(options, 'default');

  // And back: signing out in the options page sends the open popup to its sign-in form.
  await signOut(options);
  await signInForm(popup);
  await ext.closePage(popup);
});
