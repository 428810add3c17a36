// The popup's warm open in Firefox (firefox-esr, the production Firefox MV3 build as a temporary
// add-on, puppeteer-core over WebDriver BiDi), against a blank page of the same add-on in the same
// run: the Firefox counterpart of bench.ts's first figure, reported without a budget.
//
// Each open is timed by the pages' own frames (scripts/bench-frame.ts, as in Chromium): a new tab,
// the navigation started, and the first frame that shows what the user waits for. The older
// figure, the page polled from Node (one evaluate every few milliseconds) until it shows it, is
// reported beside it.
import { execFileSync } from 'node:child_process';
import { cpSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { Page } from 'puppeteer-core';
import type { LocalApi } from '../local-api/server';
import { benchFreshFirefox, type FreshSummary } from './bench-fresh';
import { addFrameRecorder, BLANK_PAGE, epochNow, framesSince, type Frames } from './bench-frame';

const BUILD_DIR = path.resolve('.output/firefox-mv3');
const FRESH_RUNS = Number(process.env.BENCH_FRESH_RUNS ?? 20);


export interface FirefoxPopupFigures {
  runs: number;
  /** Per open, by the pages' frames (ms): popup visible, popup interactive, blank page. */
  popup: number[];
  interactive: number[];
  blank: number[];
  /** The same opens polled from Node. */
  popupPolled: number[];
  blankPolled: number[];
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

/**
 * Opens `url` in a new tab: milliseconds until each of `steps` is reached as polled from Node, in
 * order, and what the page's frame recorder saw. `linger` keeps the page open that long after.
 */
async function timeOpen(newPage: () => Promise<Page>, url: string, steps: Ready[], linger = 0): Promise<{ polled: number[]; frames: Frames }> {
  const page = await newPage();
  const pathname = new URL(url).pathname;
  const polled: number[] = [];
  const t0 = performance.now();
  const e0 = epochNow();
  await page.goto(url, { waitUntil: [] });
  for (const step of steps) {
    const deadline = performance.now() + 20_000;
    while (!(await reached(page, pathname, step))) {
      if (performance.now() > deadline) throw new Error(`${url} did not reach "${step}" within 20 s`);
    }
    polled.push(performance.now() - t0);
  }
  let frames: Frames | null = null;
  for (const deadline = performance.now() + 20_000; !frames && performance.now() < deadline; ) {
    const recorded = await page.evaluate(() => {
      const w = window as unknown as { __benchVisible?: number; __benchInteractive?: number };
      return { visible: w.__benchVisible, interactive: w.__benchInteractive };
    });
    frames = framesSince(e0, recorded);
  }
  if (linger) await new Promise((resolve) => setTimeout(resolve, linger));
  await page.close();
  if (!frames) throw new Error(`${url}: the frame recorder saw nothing within 20 s`);
  return { polled, frames };
}

export async function benchFirefoxPopup(api: LocalApi, runs: number): Promise<FirefoxPopupFigures> {
  if (!process.env.BENCH_SKIP_BUILD) {
    console.log('Building the production Firefox extension…');
    execFileSync('npx', ['wxt', 'build', '-b', 'firefox', '--mv3'], { stdio: 'inherit', env: { ...process.env, WXT_DASHBOARD_URL: 'http://127.0.0.1' } });
  }
  const extDir = mkdtempSync(path.join(tmpdir(), 'kb-bench-firefox-ext-'));
  cpSync(BUILD_DIR, extDir, { recursive: true });
  addFrameRecorder(extDir);
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
    await timeOpen(newPage, `${base}/popup.html`, ['interactive'], 1500);
    await timeOpen(newPage, `${base}/${BLANK_PAGE}`, ['blank']);

    const t: Omit<FirefoxPopupFigures, 'runs' | 'version' | 'fresh'> = { popup: [], interactive: [], blank: [], popupPolled: [], blankPolled: [] };
    for (let i = 0; i < runs; i++) {
      const blank = await timeOpen(newPage, `${base}/${BLANK_PAGE}`, ['blank']);
      t.blank.push(blank.frames.visible);
      t.blankPolled.push(blank.polled[0]!);
      const popup = await timeOpen(newPage, `${base}/popup.html`, ['visible', 'interactive']);
      t.popup.push(popup.frames.visible);
      t.interactive.push(popup.frames.interactive);
      t.popupPolled.push(popup.polled[0]!);
    }
    const fresh = await benchFreshFirefox(newPage, base, { apiUrl: api.url, email, password: 'bench-password-1' }, FRESH_RUNS);
    return { runs, ...t, version: await ff.browser.version(), fresh };
  } finally {
    await ff.close();
    rmSync(extDir, { recursive: true, force: true });
  }
}
