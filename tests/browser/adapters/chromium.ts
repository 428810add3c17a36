// Chromium (Debian's /usr/bin/chromium, headless) over CDP: puppeteer-core installs the unpacked
// build itself (`browser.installExtension`, CDP Extensions.loadUnpacked, which needs `pipe: true`).
import { createHash } from 'node:crypto';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import puppeteer, { type Browser, type CDPSession, type Page, type Target } from 'puppeteer-core';
import { sleep, waitForSignInWindow, type Adapter, type LaunchRequest, type Launched } from './types';

function chromiumPath(): string {
  for (const candidate of [process.env.CHROMIUM_PATH, '/usr/bin/chromium', '/usr/bin/chromium-browser']) {
    if (candidate && existsSync(candidate)) return candidate;
  }
  throw new Error('Chromium not found: install Debian’s chromium package or set CHROMIUM_PATH.');
}

function start(request: LaunchRequest, extraArgs: string[] = []): Promise<Browser> {
  return puppeteer.launch({
    executablePath: chromiumPath(),
    headless: true,
    pipe: true,
    enableExtensions: true,
    userDataDir: request.profileDir,
    defaultViewport: { width: 1280, height: 800 },
    protocolTimeout: 60_000,
    args: [
      '--no-sandbox',
      '--disable-gpu',
      '--disable-quic',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
      ...(request.colorScheme ? [`--blink-settings=preferredColorScheme=${request.colorScheme === 'dark' ? 0 : 1}`] : []),
      ...extraArgs,
    ],
  });
}

/**
 * Granting optional permissions without a prompt: Chromium's prompt is browser UI a headless run
 * cannot click. Chromium keeps what the user allowed in the profile's Preferences
 * (`extensions.settings.<id>.granted_permissions` / `active_permissions`); written there while the
 * browser is closed, a later `permissions.request` resolves `true` at once, as after "Allow".
 */
function writeGrantedPermissions(profileDir: string, id: string, grant: NonNullable<LaunchRequest['grant']>): void {
  type PermissionSet = { api?: string[]; explicit_host?: string[]; manifest_permissions?: string[]; scriptable_host?: string[] };
  const file = path.join(profileDir, 'Default', 'Preferences');
  const prefs = JSON.parse(readFileSync(file, 'utf8')) as { extensions?: { settings?: Record<string, Record<string, PermissionSet>> } };
  const entry = prefs.extensions?.settings?.[id];
  if (!entry) throw new Error(`The profile has no settings for extension ${id}.`);
  for (const key of ['granted_permissions', 'active_permissions']) {
    const set: PermissionSet = (entry[key] ??= { api: [], explicit_host: [], manifest_permissions: [], scriptable_host: [] });
    set.api = [...new Set([...(set.api ?? []), ...(grant.permissions ?? [])])];
    set.explicit_host = [...new Set([...(set.explicit_host ?? []), ...(grant.origins ?? [])])];
  }
  writeFileSync(file, JSON.stringify(prefs));
}

/**
 * Collecting what any extension context logged: every target of the extension (pages, the
 * service worker, the offscreen document) gets its own CDP session listening for uncaught
 * exceptions, console.error and error log entries (CSP violations among them). Runtime.enable
 * and Log.enable replay what was logged before the session attached.
 */
function watchExtensionTargets(browser: Browser, base: string, into: string[]): void {
  const watched = new WeakSet<Target>();
  const watch = async (target: Target) => {
    if (watched.has(target) || !target.url().startsWith(`${base}/`)) return;
    watched.add(target);
    const where = `${target.type()} ${new URL(target.url()).pathname}`;
    let session: CDPSession;
    try {
      session = await target.createCDPSession();
      session.on('Runtime.exceptionThrown', ({ exceptionDetails: d }) => into.push(`${where}: uncaught ${d.exception?.description ?? d.text}`));
      session.on('Runtime.consoleAPICalled', (e) => {
        if (e.type === 'error' || e.type === 'assert') into.push(`${where}: console.${e.type} ${e.args.map((a) => a.value ?? a.description ?? '').join(' ')}`);
      });
      // Network errors and answers without CORS headers (faults the test asked the server for)
      // are Chromium's reports of the server, not the extension's.
      session.on('Log.entryAdded', ({ entry }) => {
        if (entry.level === 'error' && entry.source !== 'network' && !/blocked by CORS policy/.test(entry.text)) into.push(`${where}: ${entry.source} ${entry.text}`);
      });
      await Promise.all([session.send('Runtime.enable'), session.send('Log.enable')]);
      await session.send('Runtime.runIfWaitingForDebugger').catch(() => {});
    } catch {
      // The target went away while attaching (a worker stopping, a page closing).
    }
  };
  browser.on('targetcreated', (t: Target) => void watch(t));
  browser.on('targetchanged', (t: Target) => void watch(t));
  for (const t of browser.targets()) void watch(t);
}

/** The id Chromium gives an unpacked extension: its path's SHA-256, first 32 hex digits written a–p. */
function unpackedId(dir: string): string {
  return [...createHash('sha256').update(path.resolve(dir)).digest('hex').slice(0, 32)].map((c) => String.fromCharCode(97 + parseInt(c, 16))).join('');
}

async function launch(request: LaunchRequest): Promise<Launched> {
  // With a grant, the build is loaded from the command line (the id Chromium derives from its path)
  // in both starts: installing it again over CDP would reset the permissions written in between.
  const load = request.grant ? [`--load-extension=${request.extensionDir}`] : [];
  let browser = await start(request, load);
  const id = request.grant ? unpackedId(request.extensionDir) : await browser.installExtension(request.extensionDir);
  if (request.grant) {
    // Start once so the profile knows the extension, write the grant, start again.
    await browser.waitForTarget((t) => t.url().startsWith(`chrome-extension://${id}/`), { timeout: 20_000 });
    await sleep(1_000);
    await browser.close();
    writeGrantedPermissions(request.profileDir, id, request.grant);
    browser = await start(request, load);
  }
  const base = `chrome-extension://${id}`;
  const problems: string[] = [];
  watchExtensionTargets(browser, base, problems);
  const allowed = new Set<string>();
  /** Reading the system clipboard: an ordinary page the browser lets read and write it (as after the user allowed it). */
  const clipboardPage = async (scratch: Page) => {
    const origin = new URL(scratch.url()).origin;
    if (!allowed.has(origin)) {
      await browser.defaultBrowserContext().overridePermissions(origin, ['clipboard-read', 'clipboard-write', 'clipboard-sanitized-write']);
      allowed.add(origin);
    }
    await scratch.bringToFront();
    return scratch;
  };
  const worker = () => browser.targets().find((t) => t.type() === 'service_worker' && t.url().startsWith(`${base}/`));

  return {
    browser,
    base,
    redirectUrl: `https://${id}.chromiumapp.org/`,
    async gotoExtensionPage(page, url) {
      await page.goto(url, { waitUntil: 'load' });
    },
    async beforeClose() {},
    async takeProblems() {
      return problems.splice(0);
    },
    async stopBackground() {
      // CDP's ServiceWorker domain, from a page that is not the extension's (none may be open).
      const page = await browser.newPage();
      try {
        const session = await page.createCDPSession();
        await session.send('ServiceWorker.enable');
        await session.send('ServiceWorker.stopAllWorkers');
      } finally {
        await page.close();
      }
      const deadline = Date.now() + 15_000;
      while (worker()) {
        if (Date.now() > deadline) throw new Error('The service worker did not stop.');
        await sleep(50);
      }
    },
    async backgroundState() {
      return worker() ? 'running' : 'stopped';
    },
    async readClipboard(scratch) {
      return (await clipboardPage(scratch)).evaluate(() => navigator.clipboard.readText());
    },
    async writeClipboard(scratch, text) {
      await (await clipboardPage(scratch)).evaluate((t) => navigator.clipboard.writeText(t), text);
    },
    signInWindow: (click) => waitForSignInWindow(browser, click),
    async close() {
      await browser.close();
    },
  };
}

export const chromium: Adapter = {
  name: 'chromium',
  buildDir: path.resolve(process.cwd(), '.output/chrome-mv3'),
  launch,
};
