// Where the credits are going: the admin switch sets a cycle that began 10 days ago with 500 of
// 1,000 credits used (300 and 200 on two keys); the forecast, the charts and their tables follow.
import { beforeAll, expect, it } from 'vitest';
import type { Page } from 'puppeteer-core';
import { formatNumber } from '../../lib/format';
import { formatDayMonth } from '../../lib/usage/forecast';
import type { AccountHistory } from '../../lib/usage/history';
import { accountWithKeys } from './driver/account';
import { startTestApi, type TestApi } from './driver/api';
import { launch, type Ext } from './driver/extension';
import { popupBilling } from './driver/billing';
import { click, expectToast, find, openOptions, showSection, until, waitForText, waitIn } from './driver/ui';

const DAY = 86_400_000;
let api: TestApi;
let ext: Ext;
let email: string;
let start: Date;
let keys: { id: string; name: string }[];

beforeAll(async () => {
  [api, ext] = await Promise.all([startTestApi(), launch()]);
  const account = await accountWithKeys(ext, api, 'usage', [['backtest']]);
  email = account.email;
  keys = (await account.server.keys()).map((k) => ({ id: k.id, name: k.name }));
  start = new Date(Date.now() - 10 * DAY);
  await setUsage(300, 200);
});

async function setUsage(backtest: number, other: number): Promise<void> {
  const id = (name: string) => keys.find((k) => k.name === name)!.id;
  await api.admin('cycle-usage', { email, start: start.toISOString(), keys: [{ key: id('backtest'), credits: backtest }, { key: id('default'), credits: other }] });
}

/** The history the background stored for the signed-in account. */
const stored = async () => Object.values(((await ext.storage()).local.usageHistory ?? {}) as Record<string, AccountHistory>)[0] ?? null;

/** The cells of a chart's table ("Show as table"), row by row. */
async function tableOf(page: Page, title: string): Promise<string[][]> {
  const el = await waitIn(page, (title: string) => [...document.querySelectorAll('section')].find((s) => s.querySelector('h3')?.textContent === title) ?? false, [title]);
  await click(el, 'button', 'Show as table');
  await find(el, 'table', title);
  return el.evaluate((s) => [...s.querySelectorAll('tbody tr')].map((tr) => [...tr.children].map((c) => c.textContent ?? '')));
}

it('Billing: the forecast for 500 of 1,000 ten days in, and the three charts drawn', async () => {
  const page = await openOptions(ext, 'billing');
  const end = new Date(Date.UTC(start.getUTCFullYear(), start.getUTCMonth() + 1, Math.min(start.getUTCDate(), new Date(Date.UTC(start.getUTCFullYear(), start.getUTCMonth() + 2, 0)).getUTCDate()), start.getUTCHours(), start.getUTCMinutes(), start.getUTCSeconds(), start.getUTCMilliseconds()));
  const runOut = new Date(start.getTime() + 20 * DAY);
  // The projected figure depends on the seconds between the admin call and the page's refresh: its shape is matched.
  await waitForText(page, new RegExp(`^At this pace: ≈ [\\d,]+ / 1,000 by ${formatDayMonth(end)} — credits run out around ${formatDayMonth(runOut)}\\.$`));
  await waitForText(page, 'Average since the cycle began: ≈ 50 credits a day.');
  for (const title of ['Usage this cycle', 'Usage by key']) {
    const chart = await find(page, 'img', `${title} chart`);
    await until(() => chart.evaluate((el) => el.querySelectorAll('canvas').length), (n) => n > 0, `${title}: a canvas`);
  }
  await waitForText(page, 'backtest used the most credits this cycle (300), then default (200).');
  await waitForText(page, 'No earlier cycle recorded yet.');
  await waitForText(page, /^Recorded by this browser since /);
  await ext.closePage(page);
});

it('"Show as table" lists exactly the stored points', async () => {
  await setUsage(420, 200);
  const page = await openOptions(ext, 'billing');
  await waitForText(page, '620 / 1,000 used');
  // The cycle the admin switch set (sign-up recorded the account's first cycle start too).
  const series = (h: AccountHistory | null) => h?.series.find((s) => s.start === start.toISOString());
  const history = await until(stored, (h) => (series(h)?.points.length ?? 0) >= 2 && series(h)!.points.at(-1)!.u === 620, 'two stored points, the last the 620 the page shows');
  const points = series(history)!.points;
  const recorded = (await tableOf(page, 'Usage this cycle')).filter((r) => !r[0]!.includes('(projected)'));
  expect(recorded.map((r) => r[1])).toEqual(points.map((p) => formatNumber(p.u)));
  expect(recorded.map((r) => r[2])).toEqual(points.map((p) => formatNumber(p.c)));
  const byKey = await tableOf(page, 'Usage by key');
  const backtest = history!.keys.indexOf(keys.find((k) => k.name === 'backtest')!.id);
  // A point recorded before the key list arrived has no figure for the key: the table says "—".
  expect(byKey.map((r) => r[1])).toEqual(points.map((p) => (p.k[backtest] == null ? '—' : formatNumber(p.k[backtest]!))));
  await ext.closePage(page);
});

it('the popup’s Billing tab shows the forecast line', async () => {
  const { popup } = await popupBilling(ext);
  await waitForText(popup, /^At this pace: ≈ [\d,]+ \/ 1,000 by .+ — credits run out around .+\.$/);
  await ext.closePage(popup);
});

it('Settings → "Clear usage history" removes it from storage', async () => {
  const page = await openOptions(ext, 'settings');
  await showSection(page, 'Settings');
  await click(page, 'button', 'Clear usage history');
  await expectToast(page, 'Usage history cleared.');
  expect((await ext.storage()).local.usageHistory).toBeUndefined();
  await ext.closePage(page);
});
