/**
 * `npm start`: everything needed to try the extension on one machine, with no outside service.
 *
 *  1. starts the local KalshiBook API (data in .api-data, port 8000 or a free one if taken);
 *  2. builds the Chrome extension pointed at it (`wxt build` with WXT_API_URL, WXT_AUTH_URL,
 *     WXT_ANON_KEY, WXT_DASHBOARD_URL);
 *  3. when there is a display, opens Chromium (temporary profile) with the extension loaded and its
 *     options page (sign-in) as the only tab, opened explicitly by its chrome-extension:// URL (the
 *     unpacked extension's id follows from its folder's path, scripts/extension-id.ts) and checked
 *     once the extension is installed (scripts/start-browser.ts says why and how); when the
 *     extension does not load (branded Chrome ignores --load-extension) it says what to do.
 *     Without a display (or with --no-browser) it explains how to load .output/chrome-mv3 by hand;
 *  4. keeps the API (and the browser) running until Ctrl-C, then stops both; meanwhile the demo
 *     account spends a few credits every minute (local-api/simulate-usage.ts), so Billing's usage
 *     charts grow.
 *
 * Options (`npm start -- --help`): --no-browser, --port N, --data-dir DIR,
 * --remote-debugging-port N (scripts/test-npm-start.ts uses the last three).
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { startLocalApi, type LocalApi } from '../local-api/server';
import { unpackedExtensionId } from './extension-id';
import { devToolsUrl, findBrowser, isBrandedChrome, launchBrowser, stopBrowser } from './start-browser';

const ROOT = path.resolve(import.meta.dirname, '..');
const EXTENSION_DIR = path.join(ROOT, '.output', 'chrome-mv3');
const DEFAULT_DATA_DIR = path.join(ROOT, '.api-data');
const PREFERRED_PORT = 8000;

const USAGE = `Usage: npm start -- [options]

  --no-browser                 never start a browser; print how to load the extension by hand
  --port N                     the local API's port (default 8000, or a free one when 8000 is
                               taken; 0 = any free port; a busy N is an error)
  --data-dir DIR               the local API's data (default .api-data)
  --remote-debugging-port N    start the browser with Chromium's DevTools endpoint on N (0 = any
                               free port; the URL is printed as "DevTools: …")
  -h, --help                   show this help`;

interface StartOptions {
  noBrowser: boolean;
  /** undefined: 8000, falling back to a free port. */
  port: number | undefined;
  dataDir: string;
  remoteDebuggingPort: number | undefined;
}

function usageError(message: string): never {
  console.error(`${message}\n\n${USAGE}`);
  process.exit(2);
}

function portOption(value: string | undefined, name: string): number | undefined {
  if (value === undefined) return undefined;
  if (!/^\d+$/.test(value) || Number(value) > 65535) usageError(`${name} must be a port number from 0 to 65535.`);
  return Number(value);
}

function readOptions(argv: string[]): StartOptions {
  let parsed;
  try {
    parsed = parseArgs({
      args: argv,
      options: {
        'no-browser': { type: 'boolean' },
        port: { type: 'string' },
        'data-dir': { type: 'string' },
        'remote-debugging-port': { type: 'string' },
        help: { type: 'boolean', short: 'h' },
      },
      strict: true,
    });
  } catch (err) {
    usageError(err instanceof Error ? err.message : String(err));
  }
  if (parsed.values.help) {
    console.log(USAGE);
    process.exit(0);
  }
  const dataDir = parsed.values['data-dir'];
  if (dataDir !== undefined && dataDir.trim() === '') usageError('--data-dir needs a directory.');
  return {
    noBrowser: parsed.values['no-browser'] ?? false,
    port: portOption(parsed.values.port, '--port'),
    dataDir: dataDir === undefined ? DEFAULT_DATA_DIR : path.resolve(dataDir),
    remoteDebuggingPort: portOption(parsed.values['remote-debugging-port'], '--remote-debugging-port'),
  };
}

async function startApi(options: StartOptions): Promise<LocalApi> {
  // The demo account spends credits every minute, so Billing's usage charts grow while you look.
  const base = { dataDir: options.dataDir, host: '127.0.0.1', simulateUsage: { intervalMs: 60_000 } };
  if (options.port !== undefined) return startLocalApi({ ...base, port: options.port });
  try {
    return await startLocalApi({ ...base, port: PREFERRED_PORT });
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== 'EADDRINUSE') throw err;
    console.log(`Port ${PREFERRED_PORT} is busy; using a free port instead.`);
    return startLocalApi({ ...base, port: 0 });
  }
}

function run(command: string, args: string[], env: NodeJS.ProcessEnv): Promise<number> {
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, { cwd: ROOT, env, stdio: 'inherit', shell: process.platform === 'win32' });
    child.on('error', reject);
    child.on('exit', (code, signal) => resolve(code ?? (signal ? 1 : 0)));
  });
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
  const options = readOptions(process.argv.slice(2));

  let api: LocalApi;
  try {
    api = await startApi(options);
  } catch (err) {
    console.error(`Could not start the local API: ${err instanceof Error ? err.message : String(err)}`);
    process.exit(1);
  }
  console.log(`Local KalshiBook API
  API URL:       ${api.url}
  Auth URL:      ${api.authUrl}
  Anon key:      ${api.anonKey}
  Dashboard URL: ${api.dashboardUrl}
  Data:          ${options.dataDir === DEFAULT_DATA_DIR ? '.api-data' : options.dataDir}/
`);

  let browser: ChildProcess | undefined;
  let profileDir: string | undefined;
  let stopping = false;
  let stoppingSince = 0;
  const stop = async (code: number): Promise<never> => {
    if (stopping) {
      // One Ctrl-C arrives more than once: the terminal signals the whole process group, and npm
      // and tsx pass it on to this process again. Only a later Ctrl-C means "stop now".
      if (Date.now() - stoppingSince > 2_000) process.exit(code);
      return new Promise<never>(() => undefined);
    }
    stopping = true;
    stoppingSince = Date.now();
    console.log('\nStopping the browser and the local API…');
    // Chromium and its helpers shut down before the profile is removed; a browser that hangs is killed.
    if (browser) await stopBrowser(browser);
    await api.close().catch((err: unknown) => console.error('Failed to stop the local API cleanly:', err));
    // Retried: a file system can report a directory busy for a moment after its last writer quit.
    if (profileDir) {
      await rm(profileDir, { recursive: true, force: true, maxRetries: 20, retryDelay: 250 }).catch((err: unknown) =>
        console.error(`Could not remove the temporary browser profile ${profileDir}: ${err instanceof Error ? err.message : String(err)}`),
      );
    }
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

  const browserPath = options.noBrowser ? undefined : findBrowser();
  if (options.noBrowser) {
    printManualSteps(api, 'Not starting a browser (--no-browser).');
  } else if (!hasDisplay()) {
    printManualSteps(api, 'No display found (DISPLAY / WAYLAND_DISPLAY), so no browser was started.');
  } else if (!browserPath) {
    printManualSteps(api, 'No Chromium or Chrome found (looked for /usr/bin/chromium, chromium, google-chrome).');
  } else {
    profileDir = await mkdtemp(path.join(os.tmpdir(), 'kalshibook-browser-'));
    const extensionId = unpackedExtensionId(EXTENSION_DIR);
    const started = launchBrowser({ browserPath, profileDir, extensionDir: EXTENSION_DIR, extensionId, remoteDebuggingPort: options.remoteDebuggingPort });
    browser = started.process;
    browser.on('error', (err) => {
      printManualSteps(api, `Could not start ${browserPath}: ${err.message}.`);
    });
    browser.on('exit', () => {
      if (!stopping) console.log('\nThe browser was closed. The local API keeps running until Ctrl-C.');
    });
    console.log(`Started ${path.basename(browserPath)} with the extension loaded, on its options page (temporary profile).
  Options page:    chrome-extension://${extensionId}/options.html
  Browser profile: ${profileDir}`);
    if (options.remoteDebuggingPort !== undefined) {
      const url = await devToolsUrl(profileDir, browser);
      console.log(url ? `  DevTools:        ${url}` : '  DevTools:        (the browser did not report its DevTools port)');
    }
    void started.optionsPageReady.then((state) => {
      if (stopping || state === 'gone') return;
      if (state === 'ready') {
        console.log('  The options page is open: sign in there.');
        return;
      }
      const why = isBrandedChrome(browserPath)
        ? 'This Chrome did not load the extension (branded Chrome ignores --load-extension).'
        : 'The browser did not load the extension within 30 s.';
      console.log(`
${why} Load it by hand: open chrome://extensions, turn on "Developer mode", click "Load unpacked" and choose
  ${EXTENSION_DIR}
then reload the options tab (the extension's id follows from that folder's path, so its address stays the same).`);
    });
    printSignIn(api);
  }
  console.log('\nThe local API is running. Press Ctrl-C to stop.');
}

await main();
