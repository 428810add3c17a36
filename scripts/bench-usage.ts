// npm run bench, usage history part (Chromium): Billing's three charts with 2,000 recorded points,
// what the popup's forecast line and sparkline add, uPlot kept out of every startup chunk, and
// 10,000 stored points left by an older version read back (validated, thinned) in Node.
import { readFileSync } from 'node:fs';
import path from 'node:path';
import type { BrowserContext, Page } from 'playwright-core';
import type { AccountHistory, UsagePoint } from '../lib/usage/history';
import { readHistory } from '../lib/usage/validate';
import { median, type Row } from './bench-table';

const DAY = 86_400_000;
const HOUR = 3_600_000;


/** Credits the bench account has spent this cycle (on the server and in the last stored point). */
export const BENCH_CREDITS_USED = 900;

/** `used` credits split over the keys, the oldest busiest (weights n, n-1, …, 1). */
export const splitOverKeys = (used: number, keyCount: number): number[] =>
  Array.from({ length: keyCount }, (_, i) => Math.floor((used * (keyCount - i)) / ((keyCount * (keyCount + 1)) / 2)));

/** The bench account's cycle began this long ago (set on the local API), so that points spread as they would. */
export const BENCH_CYCLE_AGE_MS = 10 * DAY;

/**
 * 2,000 points as the background keeps them after 10 days of use: this cycle daily while older than
 * a week, hourly while older than a day, and the rest over the last day; two earlier cycles daily.
 * Credits used grow evenly to BENCH_CREDITS_USED now.
 */
export function benchHistory(cycleStart: string, keyIds: string[], now: number): AccountHistory {
  const start = Date.parse(cycleStart);
  const point = (t: number, u: number): UsagePoint => ({ t, u, c: 1000, tier: 'free', g: 0, k: splitOverKeys(u, keyIds.length) });
  const earlier = [2, 1].map((back) => {
    const s = new Date(start);
    s.setUTCMonth(s.getUTCMonth() - back);
    return { start: s.toISOString(), points: Array.from({ length: 28 }, (_, d) => point(s.getTime() + d * DAY + HOUR, 20 * (d + 1))) };
  });
  const times: number[] = [];
  for (let t = start + 1; t < now - 7 * DAY; t += DAY) times.push(t);
  for (let t = Math.ceil((now - 7 * DAY) / HOUR) * HOUR; t < now - DAY; t += HOUR) times.push(t);
  const recent = 2000 - 56 - times.length;
  for (let i = 0; i < recent; i++) times.push(now - DAY + Math.floor(((i + 1) * (DAY - 1000)) / recent));
  const current = times.map((t) => point(t, Math.round(((t - start) / (now - start)) * BENCH_CREDITS_USED)));
  return { keys: keyIds, series: [...earlier, { start: new Date(start).toISOString(), points: current }] };
}

/** Reading 10,000 stored points (validation, thinning), median of 9 after a warm-up. */
export function benchReadHistory(): Row {
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
export function uplotInNoStartupChunk(dir: string, startupFiles: string[]): Row {
  const offenders = startupFiles.filter((f) => /uplot/i.test(f) || readFileSync(path.join(dir, f), 'utf8').includes('u-cursor-pt'));
  return { figure: 'uPlot in a startup chunk (popup, options)', value: offenders.length ? offenders.join(', ') : 'none', budget: 'none', pass: offenders.length === 0 };
}

type Send = <T>(page: Page, type: string, data?: unknown) => Promise<T>;

const CHARTS_DRAWN = () => ['Usage this cycle chart', 'Usage by key chart', 'Previous cycles chart'].every((name) => document.querySelector(`[aria-label="${name}"] canvas`));

/**
 * Spends BENCH_CREDITS_USED credits of the signed-in account across its keys on the local API (so the
 * background's own fresh points agree with the stored ones: a key that spent nothing has no line in
 * "Usage by key"), stores 2,000 points for it, then times Billing's charts and the popup's line.
 */
export async function benchUsageViews(context: BrowserContext, base: string, control: Page, send: Send, runs: number, admin: { apiUrl: string; email: string }): Promise<Row[]> {
  const session = await send<{ userId: string }>(control, 'getSession');
  const keyList = await send<{ id: string }[]>(control, 'listKeys');
  const shares = splitOverKeys(BENCH_CREDITS_USED, keyList.length);
  const spent = await fetch(`${admin.apiUrl}/__admin/cycle-usage`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json' },
    body: JSON.stringify({ email: admin.email, start: new Date(Date.now() - BENCH_CYCLE_AGE_MS).toISOString(), credits_used: BENCH_CREDITS_USED, keys: keyList.map((k, i) => ({ key: k.id, credits: shares[i] })) }),
  });
  if (!spent.ok) throw new Error(`POST /__admin/cycle-usage answered ${spent.status}: ${await spent.text()}`);
  const billing = await send<{ billing_cycle_start: string; credits_used: number }>(control, 'getBilling');
  const keys = await send<{ id: string }[]>(control, 'listKeys');
  if (billing.credits_used !== BENCH_CREDITS_USED) throw new Error(`the background still reports ${billing.credits_used} credits used, not ${BENCH_CREDITS_USED}`);
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
  const rows: Row[] = [];

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
    value: `${median(chartTimes).toFixed(1)} ms (${Math.min(...chartTimes).toFixed(0)}–${Math.max(...chartTimes).toFixed(0)})`,
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
        // The work itself, not the frame it lands in: after the click, task by task (a message
        // channel, not animation frames, whose 16.7 ms steps would swamp a few milliseconds) until
        // the line is in the DOM, then style and layout forced, so the sparkline's layout counts.
        await popup.evaluate(async () => {
          const tab = [...document.querySelectorAll('[role=tab]')].find((t) => t.textContent === 'Billing') as HTMLElement;
          const channel = new MessageChannel();
          const t0 = performance.now();
          tab.click();
          // (No named helper: tsx would wrap it in a function the page does not have.)
          while (!document.querySelector('[data-testid=forecast]')) await new Promise((r) => ((channel.port1.onmessage = r), channel.port2.postMessage(null)));
          document.body.getBoundingClientRect();
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
