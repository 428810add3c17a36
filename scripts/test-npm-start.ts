/**
 * `npm run test:start`: what a newcomer's first `npm start` does, on a virtual display.
 *
 *  1. starts Xvfb on a free display (`-displayfd`; Debian's `xvfb` package);
 *  2. runs `npm start -- --port 0 --data-dir <temp> --remote-debugging-port 0` in a process group
 *     of its own, with DISPLAY set to that display;
 *  3. 10 s after the browser started, checks that npm start and the browser are still running and
 *     that the browser's only tab is the extension's options page (the DevTools endpoint's
 *     /json/list: exactly one page, the printed options URL, no blank New Tab, no second options
 *     tab from the install handler), that the extension's service worker runs under the id
 *     start.ts computed, and (puppeteer-core, attached to that browser) that the page shows the
 *     sign-in form for this run's local API;
 *  4. stops npm start the way a user does (Ctrl-C: SIGINT to its process group) and checks that
 *     nothing it started is left: no process in the group, no process using the temporary browser
 *     profile, the profile removed, the API port closed. Anything left is killed and is a failure.
 *
 * Exits 0 with a PASS line, or 1 with FAIL and the output of npm start. Takes ~20-40 s (the build
 * included). Env: START_TEST_TIMEOUT_MS (default 180000) bounds the wait for the browser;
 * START_TEST_SCREENSHOT=file.png saves what the options page shows. Needs Xvfb and pgrep (.ci/run
 * installs Debian's xvfb and procps when missing).
 */
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import puppeteer from 'puppeteer-core';

const ROOT = path.resolve(import.meta.dirname, '..');
const STAY_OPEN_MS = 10_000;
const timeoutMs = Number(process.env.START_TEST_TIMEOUT_MS ?? 180_000);
const t0 = Date.now();
const seconds = () => `${((Date.now() - t0) / 1000).toFixed(1)} s`;

class Failure extends Error {}
const fail = (message: string): never => {
  throw new Failure(message);
};
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** Xvfb on the first free display; resolves with ":N". */
function startXvfb(): Promise<{ display: string; process: ChildProcess }> {
  return new Promise((resolve, reject) => {
    const xvfb = spawn('Xvfb', ['-displayfd', '3', '-screen', '0', '1280x900x24', '-nolisten', 'tcp'], {
      stdio: ['ignore', 'ignore', 'pipe', 'pipe'],
    });
    let out = '';
    let err = '';
    const timer = setTimeout(() => reject(new Error(`Xvfb did not report a display in 15 s. ${err}`)), 15_000);
    xvfb.on('error', (e) => {
      clearTimeout(timer);
      reject(new Error(`Could not start Xvfb (${e.message}); install Debian's xvfb package.`));
    });
    xvfb.stderr!.on('data', (chunk: Buffer) => (err += chunk.toString()));
    xvfb.stdio[3]!.on('data', (chunk: Buffer) => {
      out += chunk.toString();
      const match = /^(\d+)\n/.exec(out);
      if (match) {
        clearTimeout(timer);
        resolve({ display: `:${match[1]}`, process: xvfb });
      }
    });
    xvfb.on('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`Xvfb exited (code ${code}). ${err}`));
    });
  });
}

/** Processes still in one of the process groups, or with `needle` in their command line. */
function leftovers(pgids: number[], needle: string): string[] {
  const found = new Set<string>();
  for (const args of [...pgids.map((g) => ['-g', String(g)]), ['-f', needle]]) {
    const res = spawnSync('pgrep', ['-a', ...args], { encoding: 'utf8' });
    for (const line of res.stdout.split('\n')) if (line.trim() && !line.includes('pgrep')) found.add(line.trim());
  }
  return [...found];
}

async function portOpen(url: string): Promise<boolean> {
  try {
    await fetch(url, { signal: AbortSignal.timeout(2_000) });
    return true;
  } catch {
    return false;
  }
}

async function main(): Promise<void> {
  const dataDir = mkdtempSync(path.join(os.tmpdir(), 'kb-start-test-'));
  let xvfb: ChildProcess | undefined;
  let start: ChildProcess | undefined;
  let output = '';
  let browserGroup: number | undefined;
  try {
    const x = await startXvfb();
    xvfb = x.process;

    const env: NodeJS.ProcessEnv = { ...process.env, DISPLAY: x.display };
    delete env.WAYLAND_DISPLAY;
    start = spawn('npm', ['start', '--', '--port', '0', '--data-dir', dataDir, '--remote-debugging-port', '0'], {
      cwd: ROOT,
      env,
      detached: true, // its own process group: everything npm start starts can be found and stopped
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    const startExit = new Promise<number | null>((resolve) => start!.on('exit', (code) => resolve(code)));
    start.stdout!.on('data', (chunk: Buffer) => (output += chunk.toString()));
    start.stderr!.on('data', (chunk: Buffer) => (output += chunk.toString()));
    const pgid = start.pid!;

    // What start.ts prints once the browser runs.
    const field = (name: string) => new RegExp(`^\\s*${name}:\\s+(\\S+)`, 'm').exec(output)?.[1];
    const deadline = Date.now() + timeoutMs;
    while (!(field('DevTools') && field('Browser profile') && field('Options page'))) {
      if (start.exitCode !== null) fail(`npm start exited (code ${start.exitCode}) before the browser was up.`);
      if (/did not report its DevTools port/.test(output)) fail('The browser exited or never opened its DevTools endpoint.');
      if (Date.now() > deadline) fail(`No browser after ${timeoutMs / 1000} s.`);
      await sleep(250);
    }
    const devTools = field('DevTools')!;
    const profileDir = field('Browser profile')!;
    const optionsUrl = field('Options page')!;
    const apiUrl = field('API URL') ?? fail('npm start printed no API URL.');
    const extensionId = /^chrome-extension:\/\/([a-p]{32})\/options\.html$/.exec(optionsUrl)?.[1] ?? fail(`Unexpected options URL ${optionsUrl}.`);
    console.info(`[${seconds()}] browser up (${devTools}); waiting ${STAY_OPEN_MS / 1000} s`);

    await sleep(STAY_OPEN_MS);

    if (start.exitCode !== null) fail(`npm start exited (code ${start.exitCode}) within ${STAY_OPEN_MS / 1000} s of starting the browser.`);
    if (/The browser was closed/.test(output)) fail(`The browser quit within ${STAY_OPEN_MS / 1000} s.`);
    if (!output.includes('The options page is open')) fail('npm start did not report the options page as open.');
    const targets = (await (await fetch(`${devTools}/json/list`)).json()) as { type: string; url: string }[];
    const pages = targets.filter((t) => t.type === 'page');
    if (pages.length !== 1 || pages[0]!.url !== optionsUrl) {
      fail(`Expected exactly one tab, the options page ${optionsUrl}; found: ${JSON.stringify(pages.map((p) => p.url))}`);
    }
    if (!targets.some((t) => t.type === 'service_worker' && t.url.startsWith(`chrome-extension://${extensionId}/`))) {
      fail(`No service worker of extension ${extensionId} (the id start.ts computed): ${JSON.stringify(targets.map((t) => t.url))}`);
    }

    const browser = await puppeteer.connect({ browserURL: devTools, defaultViewport: null });
    try {
      const target = browser.targets().find((t) => t.url() === optionsUrl) ?? fail('puppeteer-core does not see the options page.');
      const page = await target.asPage();
      if (process.env.START_TEST_SCREENSHOT) await page.screenshot({ path: process.env.START_TEST_SCREENSHOT as `${string}.png` });
      const heading = await page
        .waitForFunction(() => document.querySelector('form h2')?.textContent ?? '', { timeout: 15_000 })
        .then((h) => h.jsonValue());
      if (heading !== 'Sign in to KalshiBook') fail(`The options page shows "${heading}", not the sign-in form.`);
      const host = new URL(apiUrl).host;
      const text = await page.evaluate(() => document.body.innerText);
      if (!text.includes(`Signing in to ${host}`)) fail(`The sign-in form does not name this run's API (${host}).`);
    } finally {
      await browser.disconnect();
    }
    console.info(`[${seconds()}] after ${STAY_OPEN_MS / 1000} s: browser running, one tab: the options page at sign-in (API ${apiUrl})`);

    // The browser runs in a process group of its own (start.ts stops it with all its helpers).
    const browserPid = Number(spawnSync('pgrep', ['-o', '-f', '--', `--user-data-dir=${profileDir}`], { encoding: 'utf8' }).stdout.trim());
    if (!browserPid) fail('No browser process found for the printed profile.');
    const groups = [pgid, browserPid];
    browserGroup = browserPid;

    // Ctrl-C.
    process.kill(-pgid, 'SIGINT');
    let timer: ReturnType<typeof setTimeout> | undefined;
    const code = await Promise.race([startExit, new Promise<'timeout'>((resolve) => (timer = setTimeout(() => resolve('timeout'), 30_000)))]);
    clearTimeout(timer); // a pending timer would keep this script alive 30 s after it passed
    if (code === 'timeout') fail('npm start did not stop within 30 s of Ctrl-C.');
    // npm, tsx and start.ts exit one after the other: give them a few seconds.
    let left = leftovers(groups, profileDir);
    for (const until = Date.now() + 10_000; left.length > 0 && Date.now() < until; left = leftovers(groups, profileDir)) await sleep(250);
    if (left.length > 0) {
      for (const group of groups) spawnSync('kill', ['-KILL', `-${group}`]);
      fail(`Still running after Ctrl-C (now killed):\n${left.join('\n')}`);
    }
    if (existsSync(profileDir)) fail(`The temporary browser profile ${profileDir} was not removed.`);
    if (await portOpen(apiUrl)) fail(`The local API still answers at ${apiUrl}.`);
    console.info(`PASS npm start: the options page stays open at sign-in; Ctrl-C stops the browser and the API, nothing left (${seconds()})`);
  } catch (err) {
    console.error(`FAIL npm start: ${err instanceof Error ? err.message : String(err)} (${seconds()})`);
    if (!(err instanceof Failure) && err instanceof Error && err.stack) console.error(err.stack);
    console.error(`--- npm start output ---\n${output}`);
    process.exitCode = 1;
  } finally {
    if (start?.pid && start.exitCode === null && start.signalCode === null) {
      try {
        process.kill(-start.pid, 'SIGKILL');
      } catch {
        // already gone
      }
    }
    if (process.exitCode && browserGroup) spawnSync('kill', ['-KILL', `-${browserGroup}`]);
    if (xvfb && xvfb.exitCode === null) xvfb.kill('SIGTERM');
    rmSync(dataDir, { recursive: true, force: true });
  }
}

await main();
