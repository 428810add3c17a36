// axe-core in real Firefox on the signed-in options page (keys, billing) and the popup (keys,
// billing), in the light and the dark theme: 0 serious or critical violations; minor and moderate
// ones are printed. Firefox follows the system theme; the suite starts it with a light, then
// (a restart on the same profile, still signed in) a dark colour scheme. Mirrors
// tests/e2e/accessibility.test.ts for these states.
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'puppeteer-core';
import { startTestApi, type TestApi } from '../e2e/fixtures';
import { launchFirefox, type FirefoxAddon } from './harness';
import { keyRow, popupRow } from './keys-ui';
import {
  click,
  find,
  newAccount,
  openOptions,
  openPopup,
  showSection,
  waitForText,
} from './ui';

// The axe-core engine itself (its browser build), run inside the page.
const AXE = readFileSync(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8');

interface Violation {
  id: string;
  impact: string | null;
  help: string;
  nodes: { target: string[]; failureSummary?: string }[];
}

let api: TestApi;
let ff: FirefoxAddon;

beforeAll(async () => {
  [api, ff] = await Promise.all([startTestApi(), launchFirefox({ colorScheme: 'light' })]);
  const { page } = await newAccount(ff, api, { label: 'ff-a11y', configure: true });
  await ff.closePage(page);
});

afterEach(async () => {
  expect(await ff.problems(), 'errors or CSP violations logged by the extension').toEqual([]);
});

afterAll(async () => {
  await ff?.close();
  await api?.close();
});

/** Runs axe on the page (toasts excluded: they come and go); fails on serious/critical, prints the rest. */
async function audit(page: Page, state: string): Promise<void> {
  if (!(await page.evaluate(() => 'axe' in window))) await page.evaluate(`${AXE};void 0`);
  const { passes, violations } = await page.evaluate(async () => {
    const axe = (window as unknown as { axe: { run(context: unknown, options: unknown): Promise<{ violations: Violation[] }> } }).axe;
    const result = await axe.run({ exclude: [['[data-sonner-toaster]']] }, { resultTypes: ['violations'] });
    return {
      passes: (result as unknown as { passes: unknown[] }).passes.length,
      violations: result.violations.map((v) => ({ id: v.id, impact: v.impact, help: v.help, nodes: v.nodes.map((n) => ({ target: n.target, failureSummary: n.failureSummary })) })),
    };
  });
  const describe = (v: Violation) => `${v.impact ?? 'unknown'} ${v.id}: ${v.help}\n${v.nodes.map((n) => `    ${n.target.join(' ')} — ${n.failureSummary?.split('\n').join(' ')}`).join('\n')}`;
  const blocking = violations.filter((v) => v.impact === 'serious' || v.impact === 'critical');
  const other = violations.filter((v) => !blocking.includes(v));
  console.info(other.length > 0 ? `[axe, Firefox] ${state}: ${other.length} minor/moderate\n  ${other.map(describe).join('\n  ')}` : `[axe, Firefox] ${state}: no violations (${passes} rules passed)`);
  expect(passes, 'axe ran its rules').toBeGreaterThan(10);
  expect(blocking.map(describe), `serious/critical axe violations in ${state}`).toEqual([]);
}

async function auditAll(theme: 'light' | 'dark'): Promise<void> {
  const options = await openOptions(ff);
  expect(await options.evaluate(() => matchMedia('(prefers-color-scheme: dark)').matches), 'the page sees the system theme').toBe(theme === 'dark');
  await keyRow(options, 'default');
  await audit(options, `options, keys loaded, ${theme}`);
  await showSection(options, 'Billing');
  await waitForText(options, 'Current Plan', await find(options, 'main'));
  await audit(options, `options, billing loaded, ${theme}`);
  if (process.env.KB_FIREFOX_SCREENSHOTS) await options.screenshot({ path: `${process.env.KB_FIREFOX_SCREENSHOTS}/options-billing-${theme}.png` });
  await ff.closePage(options);

  const popup = await openPopup(ff);
  await popupRow(popup, 'default');
  await audit(popup, `popup, keys loaded, ${theme}`);
  await click(popup, 'tab', 'Billing');
  await waitForText(popup, 'Current Plan');
  await audit(popup, `popup, billing loaded, ${theme}`);
  if (process.env.KB_FIREFOX_SCREENSHOTS) await popup.screenshot({ path: `${process.env.KB_FIREFOX_SCREENSHOTS}/popup-billing-${theme}.png` });
  await ff.closePage(popup);
}

describe('Firefox accessibility (axe), signed in', () => {
  it('light theme: options keys and billing, popup keys and billing', async () => {
    await auditAll('light');
  });

  it('dark theme (Firefox restarted with a dark system theme): options keys and billing, popup keys and billing', async () => {
    expect(await ff.problems()).toEqual([]);
    await ff.close({ keepProfile: true });
    ff = await launchFirefox({ profileDir: ff.profileDir, colorScheme: 'dark' });
    await auditAll('dark');
  });
});
