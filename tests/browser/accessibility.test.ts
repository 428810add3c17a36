// axe-core (injected into the page) on the popup and the options page in every state a user meets, in the light and the dark system colour scheme.
// Serious or critical violations fail the test; minor and moderate ones are printed.
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'puppeteer-core';
import { newAccount, signInForm, signOut } from './driver/account';
import { startTestApi, type TestApi } from './driver/api';
import { launch, type Ext } from './driver/extension';
import { answerRevoke, keyRow, popupRow, rowAction } from './driver/keys';
import { click, find, gone, openOptions, openPopup, showSection, waitForText } from './driver/ui';

const AXE = readFileSync(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8');

type Violation = { id: string; impact: string | null; help: string; nodes: { target: string[]; failureSummary?: string }[] };

let api: TestApi;
let ext: Ext;
let options: Page;

beforeAll(async () => {
  [api, ext] = await Promise.all([startTestApi(), launch({ colorScheme: 'light' })]);
});

/** Runs axe in the page (toasts excluded: they come and go); fails on serious/critical, prints the rest. */
async function audit(page: Page, state: string): Promise<void> {
  if (!(await page.evaluate(() => 'axe' in window))) await page.evaluate(`${AXE};void 0`);
  const { passes, violations } = await page.evaluate(async () => {
    const axe = (window as unknown as { axe: { run(context: unknown, options: unknown): Promise<{ passes: unknown[]; violations: Violation[] }> } }).axe;
    const result = await axe.run({ exclude: [['[data-sonner-toaster]']] }, { resultTypes: ['violations'] });
    return {
      passes: result.passes.length,
      violations: result.violations.map((v) => ({ id: v.id, impact: v.impact, help: v.help, nodes: v.nodes.map((n) => ({ target: n.target, failureSummary: n.failureSummary })) })),
    };
  });
  const describe = (v: Violation) => `${v.impact ?? 'unknown'} ${v.id}: ${v.help}\n${v.nodes.map((n) => `    ${n.target.join(' ')} — ${n.failureSummary?.split('\n').join(' ')}`).join('\n')}`;
  const blocking = violations.filter((v) => v.impact === 'serious' || v.impact === 'critical');
  const other = violations.filter((v) => !blocking.includes(v));
  if (other.length > 0) console.info(`[axe] ${state}: ${other.length} minor/moderate\n  ${other.map(describe).join('\n  ')}`);
  expect(passes, 'axe ran its rules').toBeGreaterThan(10);
  expect(blocking.map(describe), `serious/critical axe violations in ${state}`).toEqual([]);
}

/** The popup, audited once `shown` has found what this state shows; closed after. */
async function auditPopup(state: string, shown: (popup: Page) => Promise<unknown>): Promise<Page> {
  const popup = await openPopup(ext);
  await shown(popup);
  await audit(popup, `popup, ${state}`);
  return popup;
}

describe.each(['light', 'dark'] as const)('accessibility (axe), %s theme', (theme) => {
  beforeAll(async () => {
    if (theme === 'dark') {
      await ext.close({ keepProfile: true });
      ext = await launch({ profileDir: ext.profileDir, colorScheme: 'dark' });
    }
    options = await openOptions(ext);
    expect(await options.evaluate(() => matchMedia('(prefers-color-scheme: dark)').matches), 'the page sees the system theme').toBe(theme === 'dark');
  });

  it('signed out: options sign-in, options settings, popup sign-in', async () => {
    await showSection(options, 'API Keys');
    await signInForm(options);
    await audit(options, `options, signed out (sign-in form), ${theme}`);
    await showSection(options, 'Settings');
    await find(options, 'form', 'Server settings');
    await audit(options, `options, signed out (settings), ${theme}`);
    await ext.closePage(await auditPopup(`signed out, ${theme}`, signInForm));
  });

  it('signed in with keys and a plan: options keys, billing, settings; popup keys and billing', async () => {
    await newAccount(ext, api, { label: 'a11y', page: options, configure: true });
    await keyRow(options, 'default');
    await audit(options, `options, keys loaded, ${theme}`);
    await showSection(options, 'Billing');
    await waitForText(options, 'Current Plan', await find(options, 'main'));
    await audit(options, `options, billing loaded, ${theme}`);
    await showSection(options, 'Settings');
    await find(options, 'button', 'Sign out');
    await audit(options, `options, settings signed in, ${theme}`);
    await showSection(options, 'API Keys');

    const popup = await auditPopup(`keys loaded, ${theme}`, (p) => popupRow(p, 'default'));
    await click(popup, 'tab', 'Billing');
    await waitForText(popup, 'Current Plan');
    await audit(popup, `popup, billing loaded, ${theme}`);
    await ext.closePage(popup);
  });

  it('dialogs open: create and revoke, in the options page and the popup', async () => {
    const popup = await openPopup(ext);
    for (const [page, where, newKey] of [[options, 'options', 'Create Key'], [popup, 'popup', 'New key']] as const) {
      await click(page, 'button', newKey);
      const create = await find(page, 'dialog', 'Create API Key');
      await audit(page, `${where}, create dialog, ${theme}`);
      await click(create, 'button', 'Cancel');
      await gone(page, 'dialog', 'Create API Key');
    }

    await rowAction(options, 'default', 'Revoke');
    await find(options, 'alertdialog', 'Revoke API Key');
    await audit(options, `options, revoke dialog, ${theme}`);
    await answerRevoke(options, 'default', 'Cancel');
    await click(await popupRow(popup, 'default'), 'button', 'Revoke');
    await find(popup, 'alertdialog', 'Revoke API Key');
    await audit(popup, `popup, revoke dialog, ${theme}`);
    await ext.closePage(popup);
  });

  it('errors: the keys request fails with a 500 (Retry shown) in both pages', async () => {
    await api.withFaults({ mode: '500-envelope', paths: ['/keys/usage'] }, async () => {
      options = await ext.reload(options);
      await find(await find(options, 'main'), 'button', 'Retry');
      await audit(options, `options, keys error, ${theme}`);
      await ext.closePage(await auditPopup(`keys error, ${theme}`, (p) => find(p, 'button', 'Retry')));
    });
    await click(await find(options, 'main'), 'button', 'Retry');
    // The cached rows show beside the error: done once the error (and its Retry) is gone, not when a row shows.
    await gone(options, 'button', 'Retry');
    await keyRow(options, 'default');
  });

  it('empty: the only key revoked, in both pages', async () => {
    await rowAction(options, 'default', 'Revoke');
    await answerRevoke(options, 'default', 'Revoke');
    await waitForText(options, 'No API keys yet');
    await find(options, 'button', 'Create your first key');
    await audit(options, `options, no keys, ${theme}`);
    await ext.closePage(await auditPopup(`no keys, ${theme}`, (p) => waitForText(p, 'No API keys yet')));
    await signOut(options);
  });
});
