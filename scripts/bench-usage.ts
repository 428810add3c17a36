// npm run bench, usage history part (Chromium): Billing's three charts with 2,000 recorded points,
// what the popup's forecast line and sparkline add, uPlot kept out of every startup chunk, and
// 10,000 stored points left by an older version read back (validated, thinned) in Node.
import { readFileSync } from 'node:fs';
import path from 'node:path';
import type { BrowserContext, Page } from 'playwright-core';
import type { AccountHistory, UsagePoint } from '../lib/usage/history';
import { readHistory } from '../lib/usage/validate';

const DAY = 86_400_000;
const HOUR = 3_600_000;

export interface UsageRow {
  figure: string;
  value: string;
  budget: string;
  pass: boolean;
}

const median = (xs: number[]) => {
  const s = [...xs].sort((a, b) => a - b);
  const mid = Math.floor(s.length / 2);
  return s.length % 2 ? s[mid]! : (s[mid - 1]! + s[mid]!) / 2;
};

/** 2,000 points: this cycle (hourly, then every ~45 s over the last day) and two earlier cycles (daily). */
export function benchHistory(cycleStart: string, keyIds: string[], now: number): AccountHistory {
  const start = Date.parse(cycleStart);
  const point = (t: number, u: number): UsagePoint => ({ t, u, c: 1000, tier: 'free', g: 0, k: keyIds.map((_, i) => Math.floor((u * (keyIds.length - i)) / ((keyIds.length * (keyIds.length + 1)) / 2))) });
  const earlier = [2, 1].map((back) => {
    const s = new Date(start);
    s.setUTCMonth(s.getUTCMonth() - back);
    return { start: s.toISOString(), points: Array.from({ length: 28 }, (_, d) => point(s.getTime() + d * DAY + HOUR, 20 * (d + 1))) };
  });
  // This cycle's points lie between its start and now (the bench account's cycle began moments
  // ago: points before the start or in the future would be dropped when read).
  const count = 2000 - 56;
  const step = Math.max(1, Math.floor((now - start - 2) / count));
  const current = Array.from({ length: count }, (_, i) => point(start + 1 + i * step, i));
  return { keys: keyIds, series: [...earlier, { start: new Date(start).toISOString(), points: current }] };
}

/** Reading 10,000 stored points (validation, thinning), median of 9 after a warm-up. */
export function benchReadHistory(): UsageRow {
  const now = Date.parse('2026-12-29T00:00:00Z');
  const keys = Array.from({ length: 8 }, (_, i) => `00000000-0000-4000-8000-${String(i).padStart(12, '0')}`);
  const make = () => ({ keys, series: [{ start: '2026-12-01T00:00:00+00:00', points: Array.from({ length: 10_000 }, (_, i) => ({ t: Date.parse('2026-12-01T00:00:00Z') + i * 4 * 60_000, u: i, c: 1000, tier: 'free', g: 0, k: keys.map((_, j) => i * j) })) }] });
  readHistory(make(), now);
  const times: number[] = [];
  for (let r = 0; r < 9; r++) {
    const raw = make();
    const t0 = performance.now();
    readHistory(raw, now);
    times.push(performance.now() - t0);
  }
  const ms = median(times);
  return { figure: 'Usage history: 10,000 stored points read (validated, thinned) (median)', value: `${ms.toFixed(1)} ms`, budget: '< 50 ms', pass: ms < 50 };
}

/** No startup file (popup as opened, options page) is or contains the uPlot chunk. */
export function uplotInNoStartupChunk(dir: string, startupFiles: string[]): UsageRow {
  const offenders = startupFiles.filter((f) => /uplot/i.test(f) || readFileSync(path.join(dir, f), 'utf8').includes('u-cursor-pt'));
  return { figure: 'uPlot in a startup chunk (popup, options)', value: offenders.length ? offenders.join(', ') : 'none', budget: 'none', pass: offenders.length === 0 };
}

type Send = <T>(page: Page, type: string, data?: unknown) => Promise<T>;

const CHARTS_DRAWN = () => ['Usage this cycle chart', 'Usage by key chart', 'Previous cycles chart'].every((name) => document.querySelector(`[aria-label="${name}"] canvas`));

/** Stores 2,000 points for the signed-in account, then times Billing's charts and the popup's line. */
export async function benchUsageViews(context: BrowserContext, base: string, control: Page, send: Send, runs: number): Promise<UsageRow[]> {
  const session = await send<{ userId: string }>(control, 'getSession');
  const billing = await send<{ billing_cycle_start: string }>(control, 'getBilling');
  const keys = await send<{ id: string }[]>(control, 'listKeys');
  const history = benchHistory(billing.billing_cycle_start, keys.map((k) => k.id), Date.now());
  const store = async (h: AccountHistory | null) =>
    control.evaluate(
      ([userId, h]) =>
        (globalThis as unknown as { chrome: { storage: { local: { set(v: unknown): Promise<void>; remove(k: string): Promise<void> } } } }).chrome.storage.local[h ? 'set' : 'remove'](
          (h ? { usageHistory: { [userId as string]: h } } : 'usageHistory') as never,
        ),
      [session.userId, h] as const,
    );
  await store(history);
  const stored = await send<{ history: AccountHistory }>(control, 'getUsageHistory');
  const pointCount = stored.history.series.reduce((n, s) => n + s.points.length, 0);
  const rows: UsageRow[] = [];

  // Billing's charts: API Keys → Billing, until the three canvases exist (history asked, chunk warm).
  const options = await context.newPage();
  await options.setViewportSize({ width: 1280, height: 900 });
  await options.goto(`${base}/options.html#billing`);
  await options.waitForFunction(CHARTS_DRAWN, undefined, { timeout: 30_000 }).catch(async (error: unknown) => {
    const text = await options.evaluate(() => document.body.innerText.replace(/\s+/g, ' ').slice(0, 600));
    throw new Error(`Billing's three charts were not drawn within 30 s; the page shows: ${text}`, { cause: error });
  });
  const chartTimes: number[] = [];
  for (let i = 0; i < Math.min(runs, 8); i++) {
    await options.getByRole('tab', { name: 'API Keys' }).click();
    chartTimes.push(
      await options.evaluate(async () => {
        const tab = [...document.querySelectorAll('[role=tab]')].find((t) => t.textContent === 'Billing') as HTMLElement;
        const t0 = performance.now();
        tab.click();
        while (!['Usage this cycle chart', 'Usage by key chart', 'Previous cycles chart'].every((name) => document.querySelector(`[aria-label="${name}"] canvas`))) {
          await new Promise((r) => requestAnimationFrame(r));
        }
        return performance.now() - t0;
      }),
    );
  }
  await options.close();
  rows.push({
    figure: `Billing charts, ${pointCount} recorded points: tab → 3 charts drawn (median)`,
    value: `${median(chartTimes).toFixed(1)} ms`,
    budget: '< 100 ms',
    pass: median(chartTimes) < 100 && pointCount >= 1900,
  });

  // The popup's Billing tab with 2,000 points against no history: what the line and sparkline add.
  const popupBilling = async (): Promise<number[]> => {
    const popup = await context.newPage();
    await popup.goto(`${base}/popup.html`);
    await popup.getByRole('tab', { name: 'Billing' }).click();
    await popup.waitForSelector('[data-testid=forecast]', { timeout: 20_000 });
    const times: number[] = [];
    for (let i = 0; i < Math.min(runs, 10); i++) {
      await popup.getByRole('tab', { name: 'Keys' }).click();
      times.push(
        await popup.evaluate(async () => {
          const tab = [...document.querySelectorAll('[role=tab]')].find((t) => t.textContent === 'Billing') as HTMLElement;
          const t0 = performance.now();
          tab.click();
          while (!document.querySelector('[data-testid=forecast]')) await new Promise((r) => requestAnimationFrame(r));
          return performance.now() - t0;
        }),
      );
    }
    await popup.close();
    return times;
  };
  const withPoints = median(await popupBilling());
  const sparkline = await (async () => {
    const popup = await context.newPage();
    await popup.goto(`${base}/popup.html`);
    await popup.getByRole('tab', { name: 'Billing' }).click();
    const shown = await popup.waitForSelector('[data-testid=sparkline]', { timeout: 20_000 }).then(() => true, () => false);
    await popup.close();
    return shown;
  })();
  await store(null);
  const without = median(await popupBilling());
  await store(history);
  const added = withPoints - without;
  rows.push({
    figure: 'Popup Billing tab: forecast line + sparkline with 2,000 points, added over none (median)',
    value: `${added.toFixed(1)} ms (${withPoints.toFixed(1)} vs ${without.toFixed(1)} ms)${sparkline ? '' : ' — sparkline not shown'}`,
    budget: '< 5 ms',
    pass: added < 5 && sparkline,
  });
  return rows;
}
