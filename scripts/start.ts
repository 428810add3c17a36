/**
 * `npm start`: everything needed to try the extension on one machine, with no outside service.
 *
 *  1. starts the local KalshiBook API (data in .api-data, port 8000 or a free one if taken);
 *  2. builds the Chrome extension pointed at it (`wxt build` with WXT_API_URL, WXT_AUTH_URL,
 *     WXT_ANON_KEY, WXT_DASHBOARD_URL);
 *  3. opens Chromium with the extension loaded when there is a display (showing the options page,
 *     opened by the extension's first install), otherwise explains how to load .output/chrome-mv3;
 *  4. keeps the API running until Ctrl-C, spending the demo account's credits a little every
 *     minute (local-api/simulate-usage.ts) so the usage charts in Billing grow.
 *
 * Options: --no-browser (never start a browser).
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { accessSync, constants } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { startLocalApi, type LocalApi } from '../local-api/server';

const ROOT = path.resolve(import.meta.dirname, '..');
const EXTENSION_DIR = path.join(ROOT, '.output', 'chrome-mv3');
const DATA_DIR = path.join(ROOT, '.api-data');
const PREFERRED_PORT = 8000;

async function startApi(): Promise<LocalApi> {
  // The demo account spends credits every minute, so Billing's usage charts grow while you look.
  const options = { dataDir: DATA_DIR, host: '127.0.0.1', simulateUsage: { intervalMs: 60_000 } };
  try {
    return await startLocalApi({ ...options, port: PREFERRED_PORT });
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== 'EADDRINUSE') throw err;
    console.log(`Port ${PREFERRED_PORT} is busy; using a free port instead.`);
    return startLocalApi({ ...options, port: 0 });
  }
}

function run(command: string, args: string[], env: NodeJS.ProcessEnv): Promise<number> {
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, { cwd: ROOT, env, stdio: 'inherit', shell: process.platform === 'win32' });
    child.on('error', reject);
    child.on('exit', (code, signal) => resolve(code ?? (signal ? 1 : 0)));
  });
}

function isExecutable(file: string): boolean {
  try {
    accessSync(file, constants.X_OK);
    return true;
  } catch {
    return false;
  }
}

function findInPath(name: string): string | undefined {
  for (const dir of (process.env.PATH ?? '').split(path.delimiter)) {
    if (dir && isExecutable(path.join(dir, name))) return path.join(dir, name);
  }
  return undefined;
}

function findBrowser(): string | undefined {
  const candidates = ['/usr/bin/chromium'];
  if (process.platform === 'darwin') {
    candidates.push('/Applications/Chromium.app/Contents/MacOS/Chromium', '/Applications/Google Chrome.app/Contents/MacOS/Google Chrome');
  }
  for (const candidate of candidates) if (isExecutable(candidate)) return candidate;
  for (const name of ['chromium', 'chromium-browser', 'google-chrome', 'google-chrome-stable']) {
    const found = findInPath(name);
    if (found) return found;
  }
  return undefined;
}

const hasDisplay = (): boolean =>
  Boolean(process.env.DISPLAY || process.env.WAYLAND_DISPLAY) || process.platform === 'darwin';

function printManualSteps(api: LocalApi, reason: string): void {
  console.log(`
${reason} To try the extension, load it by hand:
  1. Open chrome://extensions in Chrome or Chromium.
  2. Turn on "Developer mode" (top right).
  3. Click "Load unpacked" and choose:
       ${EXTENSION_DIR}
  4. Open the KalshiBook popup from the toolbar and sign in.`);
  printSignIn(api);
}

function printSignIn(api: LocalApi): void {
  if (api.demo) {
    console.log(`
Sign in with the demo account:
  Email:    ${api.demo.email}
  Password: ${api.demo.password}`);
  } else {
    console.log('\nCreate an account from the extension ("Create account").');
  }
}

async function main(): Promise<void> {
  const noBrowser = process.argv.includes('--no-browser');

  let api: LocalApi;
  try {
    api = await startApi();
  } catch (err) {
    console.error(`Could not start the local API: ${err instanceof Error ? err.message : String(err)}`);
    process.exit(1);
  }
  console.log(`Local KalshiBook API
  API URL:       ${api.url}
  Auth URL:      ${api.authUrl}
  Anon key:      ${api.anonKey}
  Dashboard URL: ${api.dashboardUrl}
  Data:          ${path.relative(ROOT, DATA_DIR)}/
`);

  let browser: ChildProcess | undefined;
  let profileDir: string | undefined;
  let stopping = false;
  const stop = async (code: number): Promise<never> => {
    if (stopping) process.exit(code);
    stopping = true;
    if (browser && browser.exitCode === null && browser.pid !== undefined) browser.kill('SIGTERM');
    await api.close().catch((err: unknown) => console.error('Failed to stop the local API cleanly:', err));
    if (profileDir) await rm(profileDir, { recursive: true, force: true }).catch(() => undefined);
    process.exit(code);
  };
  process.on('SIGINT', () => void stop(0));
  process.on('SIGTERM', () => void stop(0));

  console.log('Building the extension against the local API (npx wxt build)…\n');
  const buildEnv = {
    ...process.env,
    WXT_API_URL: api.url,
    WXT_AUTH_URL: api.authUrl,
    WXT_ANON_KEY: api.anonKey,
    WXT_DASHBOARD_URL: api.dashboardUrl,
  };
  const buildCode = await run(process.platform === 'win32' ? 'npx.cmd' : 'npx', ['wxt', 'build'], buildEnv).catch((err: unknown) => {
    console.error(`Could not run the build: ${err instanceof Error ? err.message : String(err)}`);
    return 1;
  });
  if (buildCode !== 0) {
    console.error(`\nThe extension build failed (exit code ${buildCode}).`);
    await stop(buildCode);
  }

  const browserPath = noBrowser ? undefined : findBrowser();
  if (noBrowser) {
    printManualSteps(api, 'Not starting a browser (--no-browser).');
  } else if (!hasDisplay()) {
    printManualSteps(api, 'No display found (DISPLAY / WAYLAND_DISPLAY), so no browser was started.');
  } else if (!browserPath) {
    printManualSteps(api, 'No Chromium or Chrome found (looked for /usr/bin/chromium, chromium, google-chrome).');
  } else {
    profileDir = await mkdtemp(path.join(os.tmpdir(), 'kalshibook-browser-'));
    const args = [
      `--user-data-dir=${profileDir}`,
      `--disable-extensions-except=${EXTENSION_DIR}`,
      `--load-extension=${EXTENSION_DIR}`,
      '--no-first-run',
      '--no-default-browser-check',
      // No blank New Tab window: the fresh profile installs the extension, whose first-install
      // handler opens the options page (sign-in) in a window of its own.
      '--no-startup-window',
    ];
    // Chromium refuses to run as root with its sandbox on.
    if (process.getuid?.() === 0) args.push('--no-sandbox');
    browser = spawn(browserPath, args, { stdio: 'ignore' });
    browser.on('error', (err) => {
      printManualSteps(api, `Could not start ${browserPath}: ${err.message}.`);
    });
    browser.on('exit', () => {
      if (!stopping) console.log('\nThe browser was closed. The local API keeps running until Ctrl-C.');
    });
    console.log(`Started ${path.basename(browserPath)} with the extension loaded (temporary profile).`);
    if (/chrome/i.test(path.basename(browserPath))) {
      console.log(`If the extension is missing (branded Chrome may ignore --load-extension), load ${EXTENSION_DIR} from chrome://extensions → Developer mode → Load unpacked.`);
    }
    printSignIn(api);
  }
  console.log('\nThe local API is running. Press Ctrl-C to stop.');
}

await main();
