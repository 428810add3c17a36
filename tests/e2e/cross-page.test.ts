// Popup and options page open side by side follow each other's sign-in and sign-out.
import { afterAll, beforeAll, describe, it } from 'vitest';
import { launchExtension, type ExtensionBrowser } from './harness';
import { configureServer, keyRow, keysTable, openOptions, openPopup, popupRow, randomEmail, showSection, signInForm, signOut, signUp, startTestApi, visible, type TestApi } from './fixtures';

let api: TestApi;
let ext: ExtensionBrowser;

beforeAll(async () => {
  [api, ext] = await Promise.all([startTestApi(), launchExtension()]);
});

afterAll(async () => {
  await ext?.close();
  await api?.close();
});

describe('two pages, one session', () => {
  it('signing in from the popup shows the keys in an already open options page, without a reload', async () => {
    const options = await openOptions(ext);
    await configureServer(options, api);
    await showSection(options, 'API Keys');
    await visible(signInForm(options));

    const popup = await openPopup(ext);
    await signUp(popup, randomEmail('cross'));
    await visible(popupRow(popup, 'default'));

    await visible(keysTable(options));
    await visible(keyRow(options, 'default'));

    // And back: signing out in the options page sends the open popup to its sign-in form.
    await signOut(options);
    await visible(signInForm(popup));
    await popup.close();
  });
});
