// The popup's warm open in Firefox (firefox-esr, the production Firefox MV3 build as a temporary
// add-on, puppeteer-core over WebDriver BiDi), against a blank page of the same add-on in the same
// run: the Firefox counterpart of bench.ts's first figure, reported without a budget.
//
// BiDi reports no navigation of extension pages, so each open is timed from Node: a new tab, the
// navigation started, then the page polled (one evaluate every few milliseconds) until it shows
// what the user waits for. The polling costs both pages the same; the ratio is what compares.
import { execFileSync } from 'node:child_process';
import { cpSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { Page } from 'puppeteer-core';
import type { LocalApi } from '../local-api/server';
import { benchFreshFirefox, type FreshSummary } from './bench-fresh';

const BUILD_DIR = path.resolve('.output/firefox-mv3');
const FRESH_RUNS = Number(process.env.BENCH_FRESH_RUNS ?? 20);

const median = (xs: number[]) => {
  const s = [...xs].sort((a, b) => a - b);
  const mid = Math.floor(s.length / 2);
  return s.length % 2 ? s[mid]! : (s[mid - 1]! + s[mid]!) / 2;
};

export interface FirefoxPopupFigures {
  runs: number;
  popupVisible: number;
  popupInteractive: number;
  blank: number;
  version: string;
  /** Popup open → the new name of a key renamed on the server (20 opens). */
  fresh: FreshSummary;
}

type Ready = 'blank' | 'visible' | 'interactive';

/** One evaluate: has the page at `pathname` reached `what`? (No named inner functions: tsx would wrap them.) */
async function reached(page: Page, pathname: string, what: Ready): Promise<boolean> {
  return page
    .evaluate(
      (pathname: string, what: string) => {
        if (location.pathname !== pathname) return false;
        if (what === 'blank') return document.readyState === 'complete';
        const rows = document.querySelectorAll('[aria-label="API keys"] li').length;
        if (what === 'visible') {
          const header = document.querySelector('header');
          return rows > 0 && !!header && /Free|Pay-As-You-Go|Project/.test(header.textContent || '');
        }
        const root = document.getElementById('root');
        return !!root && !root.inert && rows > 0;
      },
      pathname,
      what,
    )
    .catch(() => false); // the document is being replaced
}

/** Opens `url` in a new tab; milliseconds until each of `steps` is reached, in order. */
async function timeOpen(newPage: () => Promise<Page>, url: string, steps: Ready[]): Promise<number[]> {
  const page = await newPage();
  const pathname = new URL(url).pathname;
  const times: number[] = [];
  const t0 = performance.now();
  await page.goto(url, { waitUntil: [] });
  for (const step of steps) {
    const deadline = performance.now() + 20_000;
    while (!(await reached(page, pathname, step))) {
      if (performance.now() > deadline) throw new Error(`${url} did not reach "${step}" within 20 s`);
    }
    times.push(performance.now() - t0);
  }
  await page.close();
  return times;
}

export async function benchFirefoxPopup(api: LocalApi, runs: number): Promise<FirefoxPopupFigures> {
  if (!process.env.BENCH_SKIP_BUILD) {
    console.log('Building the production Firefox extension…');
    execFileSync('npx', ['wxt', 'build', '-b', 'firefox', '--mv3'], { stdio: 'inherit', env: { ...process.env, WXT_DASHBOARD_URL: 'http://127.0.0.1' } });
  }
  const extDir = mkdtempSync(path.join(tmpdir(), 'kb-bench-firefox-ext-'));
  cpSync(BUILD_DIR, extDir, { recursive: true });
  writeFileSync(path.join(extDir, 'bench-blank.html'), '<!doctype html><html><head><meta charset="utf-8"><title>blank</title></head><body></body></html>');
  process.env.KB_EXTENSION_DIR = extDir;
  process.env.KB_BROWSER = 'firefox';
  // Imported here: the browser suite's driver reads KB_BROWSER / KB_EXTENSION_DIR when it loads.
  const { launch } = await import('../tests/browser/driver/extension');
  const ff = await launch();
  try {
    const base = ff.base;
    const newPage = async () => {
      const page = await ff.browser.newPage();
      await page.setViewport({ width: 380, height: 600 });
      return page;
    };
    // Configure and create an account through the extension's own protocol (as bench.ts does).
    const control = await newPage();
    await control.goto(`${base}/options.html#settings`, { waitUntil: [] });
    await control.waitForFunction(() => location.protocol === 'moz-extension:' && document.readyState === 'complete', { polling: 50 });
    const send = async <T>(type: string, data?: unknown): Promise<T> => {
      const res = (await control.evaluate(
        (type: string, data: unknown) =>
          (globalThis as unknown as { browser: { runtime: { sendMessage(m: unknown): Promise<unknown> } } }).browser.runtime.sendMessage({
            id: Math.floor(Math.random() * 1e9),
            type,
            data,
            timestamp: Date.now(),
          }),
        type,
        data ?? null,
      )) as { res?: { ok: boolean; data?: T; error?: { message: string } } };
      if (!res?.res?.ok) throw new Error(`${type} failed: ${res?.res?.error?.message ?? JSON.stringify(res)}`);
      return res.res.data as T;
    };
    const settings = await send<Record<string, unknown>>('getSettings');
    await send('saveSettings', { ...settings, apiBaseUrl: api.url, authUrl: api.authUrl, anonKey: api.anonKey, dashboardUrl: api.dashboardUrl });
    const email = `bench-ff-${Date.now()}@example.com`;
    await send('createAccount', { email, password: 'bench-password-1' });
    for (const name of ['production', 'research', 'backtest', 'staging']) await send('createKey', { name, keyType: 'dev' });
    await send('listKeys');
    await send('getBilling');

    // Warm-up, as a user would: the popup stays open a moment (it saves its instant-open snapshot).
    await timeOpen(newPage, `${base}/popup.html`, ['interactive']);
    await new Promise((resolve) => setTimeout(resolve, 1500));
    await timeOpen(newPage, `${base}/bench-blank.html`, ['blank']);

    const blank: number[] = [];
    const visible: number[] = [];
    const interactive: number[] = [];
    for (let i = 0; i < runs; i++) {
      blank.push((await timeOpen(newPage, `${base}/bench-blank.html`, ['blank']))[0]!);
      const [v, r] = await timeOpen(newPage, `${base}/popup.html`, ['visible', 'interactive']);
      visible.push(v!);
      interactive.push(r!);
    }
    const fresh = await benchFreshFirefox(newPage, base, { apiUrl: api.url, email, password: 'bench-password-1' }, FRESH_RUNS);
    return { runs, popupVisible: median(visible), popupInteractive: median(interactive), blank: median(blank), version: await ff.browser.version(), fresh };
  } finally {
    await ff.close();
    rmSync(extDir, { recursive: true, force: true });
  }
}
