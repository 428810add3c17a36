// axe-core on the popup and the options page in every state a user meets: signed out, loaded,
// empty, with a dialog open, and with an error. Serious or critical violations fail the test;
// minor and moderate ones are printed.
import AxeBuilder from '@axe-core/playwright';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { launchExtension, type ExtensionBrowser } from './harness';
import {
  configureServer,
  gone,
  keyRow,
  newAccount,
  openOptions,
  openPopup,
  popupRow,
  rowAction,
  showSection,
  signInForm,
  signOut,
  startTestApi,
  visible,
  type TestApi,
} from './fixtures';

let api: TestApi;
let ext: ExtensionBrowser;
let options: Page;

beforeAll(async () => {
  [api, ext] = await Promise.all([startTestApi(), launchExtension()]);
  options = await openOptions(ext);
});

afterAll(async () => {
  await ext?.close();
  await api?.close();
});

/** Runs axe; fails on serious/critical, prints the rest. */
async function audit(page: Page, state: string): Promise<void> {
  // Toasts come and go; audit the page itself.
  const results = await new AxeBuilder({ page }).exclude('[data-sonner-toaster]').analyze();
  const describe = (v: (typeof results.violations)[number]) =>
    `${v.impact ?? 'unknown'} ${v.id}: ${v.help}\n${v.nodes.map((n) => `    ${n.target.join(' ')} — ${n.failureSummary?.split('\n').join(' ')}`).join('\n')}`;
  const blocking = results.violations.filter((v) => v.impact === 'serious' || v.impact === 'critical');
  const other = results.violations.filter((v) => !blocking.includes(v));
  if (other.length > 0) console.info(`[axe] ${state}: ${other.length} minor/moderate\n  ${other.map(describe).join('\n  ')}`);
  else console.info(`[axe] ${state}: no violations (${results.passes.length} rules passed)`);
  expect(blocking.map(describe), `serious/critical axe violations in ${state}`).toEqual([]);
}

describe('accessibility (axe)', () => {
  it('signed out: options sign-in, options settings, popup sign-in', async () => {
    await visible(signInForm(options));
    await audit(options, 'options, signed out (sign-in form)');
    await showSection(options, 'Settings');
    await visible(options.getByRole('form', { name: 'Server settings' }));
    await audit(options, 'options, signed out (settings)');

    const popup = await openPopup(ext);
    await visible(signInForm(popup));
    await audit(popup, 'popup, signed out');
    await popup.close();
  });

  it('signed in with keys and a plan: options keys, billing, settings; popup keys and billing', async () => {
    await configureServer(options, api);
    await newAccount(ext, api, { label: 'a11y', page: options });
    await visible(keyRow(options, 'default'));
    await audit(options, 'options, keys loaded');
    await showSection(options, 'Billing');
    await visible(options.getByRole('main').getByText('Current Plan', { exact: true }));
    await audit(options, 'options, billing loaded');
    await showSection(options, 'Settings');
    await visible(options.getByRole('button', { name: 'Sign out', exact: true }));
    await audit(options, 'options, settings signed in');
    await showSection(options, 'API Keys');

    const popup = await openPopup(ext);
    await visible(popupRow(popup, 'default'));
    await audit(popup, 'popup, keys loaded');
    await popup.getByRole('tab', { name: 'Billing', exact: true }).click();
    await visible(popup.getByText('Current Plan', { exact: true }));
    await audit(popup, 'popup, billing loaded');
    await popup.close();
  });

  it('dark theme (follows the system): options keys and billing, popup keys and billing', async () => {
    await options.emulateMedia({ colorScheme: 'dark' });
    try {
      await visible(keyRow(options, 'default'));
      await audit(options, 'options, keys loaded, dark');
      await showSection(options, 'Billing');
      await visible(options.getByRole('main').getByText('Current Plan', { exact: true }));
      await audit(options, 'options, billing loaded, dark');
      await showSection(options, 'API Keys');
      const popup = await openPopup(ext);
      await popup.emulateMedia({ colorScheme: 'dark' });
      await visible(popupRow(popup, 'default'));
      await audit(popup, 'popup, keys loaded, dark');
      await popup.getByRole('tab', { name: 'Billing', exact: true }).click();
      await visible(popup.getByText('Current Plan', { exact: true }));
      await audit(popup, 'popup, billing loaded, dark');
      await popup.close();
    } finally {
      await options.emulateMedia({ colorScheme: 'light' });
    }
  });

  it('dialogs open: create and revoke, in the options page and the popup', async () => {
    await options.getByRole('button', { name: 'Create Key', exact: true }).first().click();
    const create = options.getByRole('dialog', { name: 'Create API Key' });
    await visible(create);
    await audit(options, 'options, create dialog');
    await create.getByRole('button', { name: 'Cancel', exact: true }).click();
    await gone(create.getByRole('button', { name: 'Cancel' }));

    await rowAction(options, 'default', 'Revoke');
    const revoke = options.getByRole('alertdialog', { name: 'Revoke API Key' });
    await visible(revoke);
    await audit(options, 'options, revoke dialog');
    await revoke.getByRole('button', { name: 'Cancel', exact: true }).click();
    await gone(revoke.getByRole('button', { name: 'Cancel' }));

    const popup = await openPopup(ext);
    await popup.getByRole('button', { name: 'New key', exact: true }).click();
    const popupCreate = popup.getByRole('dialog', { name: 'Create API Key' });
    await visible(popupCreate);
    await audit(popup, 'popup, create dialog');
    await popupCreate.getByRole('button', { name: 'Cancel', exact: true }).click();
    await gone(popupCreate.getByRole('button', { name: 'Cancel' }));
    await popupRow(popup, 'default').getByRole('button', { name: 'Revoke', exact: true }).click();
    await visible(popup.getByRole('alertdialog', { name: 'Revoke API Key' }));
    await audit(popup, 'popup, revoke dialog');
    await popup.close();
  });

  it('errors: the keys request fails with a 500 (Retry shown) in both pages', async () => {
    await api.admin('faults', { mode: '500-envelope', paths: ['/keys/usage'] });
    try {
      await options.reload();
      await visible(options.getByRole('main').getByRole('button', { name: 'Retry', exact: true }));
      await audit(options, 'options, keys error');
      const popup = await openPopup(ext);
      await visible(popup.getByRole('button', { name: 'Retry', exact: true }));
      await audit(popup, 'popup, keys error');
      await popup.close();
    } finally {
      await api.admin('reset-faults');
    }
    await options.getByRole('main').getByRole('button', { name: 'Retry', exact: true }).click();
    await visible(keyRow(options, 'default'));
  });

  it('empty: the only key revoked, in both pages', async () => {
    await rowAction(options, 'default', 'Revoke');
    await options.getByRole('alertdialog', { name: 'Revoke API Key' }).getByRole('button', { name: 'Revoke', exact: true }).click();
    await visible(options.getByText('No API keys yet', { exact: true }));
    await visible(options.getByRole('button', { name: 'Create your first key', exact: true }));
    await audit(options, 'options, no keys');
    const popup = await openPopup(ext);
    await visible(popup.getByText('No API keys yet', { exact: true }));
    await audit(popup, 'popup, no keys');
    await popup.close();
    await signOut(options);
  });
});
