// Screenshots of the usage views for docs/screenshots/ (docs/usage-history.md): Billing with its
// charts in light and dark, and the popup's Billing tab. A production build (`npx wxt build`) in
// Chromium against an in-memory local API; twelve days of history recorded in a plausible shape.
// Run: npx wxt build && npx tsx scripts/usage-screenshots.ts
import { cpSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { chromium } from 'playwright-core';
import { startLocalApi } from '../local-api/server';
import { send } from './extension-message';
import type { AccountHistory, UsagePoint } from '../lib/usage/history';

const DAY = 86_400_000;
const HOUR = 3_600_000;
const OUT = path.resolve('docs/screenshots');

async function main(): Promise<void> {
  const extDir = mkdtempSync(path.join(tmpdir(), 'kb-shots-ext-'));
  cpSync(path.resolve('.output/chrome-mv3'), extDir, { recursive: true });
  const api = await startLocalApi({ port: 0, memory: true, faults: true, seedDemo: false, quiet: true });
  const profile = mkdtempSync(path.join(tmpdir(), 'kb-shots-profile-'));
  const context = await chromium.launchPersistentContext(profile, {
    executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
    headless: true,
    viewport: { width: 1280, height: 900 },
    args: [`--disable-extensions-except=${extDir}`, `--load-extension=${extDir}`, '--no-sandbox', '--disable-gpu', '--no-first-run'],
  });
  try {
    const worker = context.serviceWorkers()[0] ?? (await context.waitForEvent('serviceworker'));
    const base = `chrome-extension://${new URL(worker.url()).host}`;
    const control = await context.newPage();
    await control.goto(`${base}/options.html#settings`);
    const settings = await send<Record<string, unknown>>(control, 'getSettings');
    await send(control, 'saveSettings', { ...settings, apiBaseUrl: api.url, authUrl: api.authUrl, anonKey: api.anonKey, dashboardUrl: api.dashboardUrl });
    const email = 'quant.trader@example.com';
    await send(control, 'createAccount', { email, password: 'correct-horse-battery' });
    for (const name of ['backtest', 'live-trading', 'research']) await send(control, 'createKey', { name, keyType: name === 'live-trading' ? 'prod' : 'dev' });
    const keys = await send<{ id: string; name: string }[]>(control, 'listKeys');
    const id = (name: string) => keys.find((k) => k.name === name)!.id;
    const order = ['backtest', 'live-trading', 'research', 'default'].map(id);

    // Twelve days into the cycle: 540 used (backtest the busiest, a burst three days ago).
    const now = Date.now();
    const start = now - 12 * DAY;
    const share = [0.55, 0.25, 0.15, 0.05];
    const shape = (x: number) => Math.round(540 * (x < 0.7 ? x * 0.8 : 0.56 + (x - 0.7) * 1.4667));
    const point = (t: number, u: number, c = 1000): UsagePoint => ({ t, u, c, tier: 'free', g: 0, k: share.map((s) => Math.round(u * s)) });
    const current: UsagePoint[] = [];
    for (let t = start + 2 * HOUR; t < now - HOUR; t += 3 * HOUR) current.push(point(t, shape((t - start) / (now - start))));
    const totals = share.map((s) => Math.round(540 * s));
    await fetch(`${api.url}/__admin/cycle-usage`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify({ email, start: new Date(start).toISOString(), credits_used: 540, keys: order.map((key, i) => ({ key, credits: totals[i] })) }),
    });
    const earlier = [2, 1].map((back, i) => {
      const s = new Date(start);
      s.setUTCMonth(s.getUTCMonth() - back);
      const used = [820, 1000][i]!;
      return { start: s.toISOString(), points: Array.from({ length: 25 }, (_, d) => point(s.getTime() + d * DAY + HOUR, Math.round((used * (d + 1)) / 25))) };
    });
    const history: AccountHistory = { keys: order, series: [...earlier, { start: new Date(start).toISOString(), points: current }] };
    const session = await send<{ userId: string }>(control, 'getSession');
    await control.evaluate(
      ([userId, h]) => (globalThis as unknown as { chrome: { storage: { local: { set(v: unknown): Promise<void> } } } }).chrome.storage.local.set({ usageHistory: { [userId as string]: h } }),
      [session.userId, history] as const,
    );
    await control.close();

    for (const scheme of ['light', 'dark'] as const) {
      const page = await context.newPage();
      await page.emulateMedia({ colorScheme: scheme });
      await page.goto(`${base}/options.html#billing`);
      await page.waitForFunction(() => ['Usage this cycle chart', 'Usage by key chart', 'Previous cycles chart'].every((n) => document.querySelector(`[aria-label="${n}"] canvas`)), undefined, { timeout: 30_000 });
      await page.waitForTimeout(500);
      await page.screenshot({ path: path.join(OUT, `usage-billing-${scheme}.png`), fullPage: true });
      await page.close();
    }
    const popup = await context.newPage();
    await popup.setViewportSize({ width: 380, height: 600 });
    await popup.goto(`${base}/popup.html`);
    await popup.getByRole('tab', { name: 'Billing' }).click();
    await popup.waitForSelector('[data-testid=sparkline]', { timeout: 20_000 });
    await popup.waitForTimeout(300);
    await popup.screenshot({ path: path.join(OUT, 'usage-popup-billing.png') });
    await popup.close();
    console.log('Wrote usage-billing-light.png, usage-billing-dark.png, usage-popup-billing.png to docs/screenshots/');
  } finally {
    await context.close();
    await api.close();
    rmSync(profile, { recursive: true, force: true });
    rmSync(extDir, { recursive: true, force: true });
  }
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
