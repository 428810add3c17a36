// Chromium (Debian's /usr/bin/chromium, headless unless `headful`) over CDP: puppeteer-core installs the unpacked
// build itself (`browser.installExtension`, CDP Extensions.loadUnpacked, which needs `pipe: true`).
import { createHash } from 'node:crypto';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import puppeteer, { type Browser, type CDPSession, type Page, type Target } from 'puppeteer-core';
import { executable, launchBasics, sleep, type Adapter, type LaunchRequest, type Launched } from './types';

function start(request: LaunchRequest, extraArgs: string[] = []): Promise<Browser> {
  return puppeteer.launch({
    executablePath: executable([process.env.CHROMIUM_PATH, '/usr/bin/chromium', '/usr/bin/chromium-browser'], 'Chromium not found: install Debian’s chromium package or set CHROMIUM_PATH.'),
    ...launchBasics(request),
    pipe: true,
    enableExtensions: true,
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

/** Granting optional permissions without a prompt (a headless run cannot click Chromium's): what the user allowed is in
 * the profile's Preferences (`extensions.settings.<id>.granted_permissions` / `active_permissions`); written there while
 * the browser is closed, a later `permissions.request` resolves `true` at once, as after "Allow". False: no entry yet. */
function writeGrantedPermissions(profileDir: string, id: string, grant: NonNullable<LaunchRequest['grant']>): boolean {
  type PermissionSet = { api?: string[]; explicit_host?: string[]; manifest_permissions?: string[]; scriptable_host?: string[] };
  const file = path.join(profileDir, 'Default', 'Preferences');
  const prefs = existsSync(file) ? (JSON.parse(readFileSync(file, 'utf8')) as { extensions?: { settings?: Record<string, Record<string, PermissionSet>> } }) : {};
  const entry = prefs.extensions?.settings?.[id];
  if (!entry) return false; // not written yet: start again
  for (const key of ['granted_permissions', 'active_permissions']) {
    const set: PermissionSet = (entry[key] ??= { api: [], explicit_host: [], manifest_permissions: [], scriptable_host: [] });
    set.api = [...new Set([...(set.api ?? []), ...(grant.permissions ?? [])])];
    set.explicit_host = [...new Set([...(set.explicit_host ?? []), ...(grant.origins ?? [])])];
  }
  writeFileSync(file, JSON.stringify(prefs));
  return true;
}

/** Collecting what any extension context logged: every target of the extension (pages, the service worker, the offscreen document) gets a CDP session
 * of ours listening for uncaught exceptions, console.error and error log entries (CSP violations among them). Runtime.enable and Log.enable replay
 * what was logged before the session attached. Workers and documents that are not pages are auto-attached from a browser session of ours, paused at
 * their start until we listen (a stopped service worker that starts again is attached again); pages are watched as puppeteer reports them (their URL
 * becomes the extension's after the target is created). A worker with a session attached pauses at every start until told to run and is never
 * stopped for idleness: before stopping it, detach (`detachWorkers`); its next start attaches anew. `unwatch` ends it all (before an uninstall). */
async function watchExtensionTargets(browser: Browser, base: string, into: string[]) {
  const listen = async (session: CDPSession, where: string) => {
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
  };
  const watchedPages = new WeakSet<Target>();
  const watchPage = async (target: Target) => {
    if (target.type() !== 'page' || watchedPages.has(target) || !target.url().startsWith(`${base}/`)) return;
    watchedPages.add(target);
    await listen(await target.createCDPSession(), `page ${new URL(target.url()).pathname}`).catch(() => {}); // closed meanwhile
  };
  const onTarget = (t: Target) => void watchPage(t);
  browser.on('targetcreated', onTarget).on('targetchanged', onTarget);

  const root = await browser.target().createCDPSession();
  const workers = new Set<string>();
  root.on('Target.attachedToTarget', async ({ sessionId, targetInfo }) => {
    const session = root.connection()?.session(sessionId);
    if (!session) return;
    if (targetInfo.type === 'service_worker') workers.add(sessionId);
    try {
      if (targetInfo.url.startsWith(`${base}/`)) await listen(session, `${targetInfo.type} ${new URL(targetInfo.url).pathname}`);
    } finally {
      await session.send('Runtime.runIfWaitingForDebugger').catch(() => {});
    }
  });
  const notPages = ['page', 'tab', 'browser', 'iframe'].map((type) => ({ type, exclude: true }));
  await root.send('Target.setAutoAttach', { autoAttach: true, waitForDebuggerOnStart: true, flatten: true, filter: [...notPages, {}] });
  const detachWorkers = async () => {
    for (const sessionId of workers) await root.send('Target.detachFromTarget', { sessionId }).catch(() => {}); // gone already
    workers.clear();
  };
  const unwatch = async () => void (browser.off('targetcreated', onTarget).off('targetchanged', onTarget), await detachWorkers(), await root.detach());
  return { detachWorkers, unwatch };
}

/** The service worker's running status, from CDP's ServiceWorker domain of an ordinary page (no
 * extension page needs to be open; puppeteer's target list keeps a stopped worker's target). */
async function workerStatus(scratch: Page, base: string): Promise<string | null> {
  const session = await scratch.createCDPSession();
  let status: string | null = null;
  session.on('ServiceWorker.workerVersionUpdated', ({ versions }) => {
    for (const v of versions) if (v.scriptURL.startsWith(`${base}/`)) status = v.runningStatus;
  });
  try {
    await session.send('ServiceWorker.enable');
    // enable() reports the current versions right away; give the event a moment to arrive.
    const deadline = Date.now() + 2_000;
    while (status === null && Date.now() < deadline) await sleep(25);
    return status;
  } finally {
    await session.detach();
  }
}

/** The id Chromium gives an unpacked extension: its path's SHA-256, first 32 hex digits written a–p. */
function unpackedId(dir: string): string {
  return [...createHash('sha256').update(path.resolve(dir)).digest('hex').slice(0, 32)].map((c) => String.fromCharCode(97 + parseInt(c, 16))).join('');
}

async function launch(request: LaunchRequest, running?: Browser): Promise<Launched> {
  // With a grant, the build is loaded from the command line (the id Chromium derives from its path)
  // in both starts: installing it again over CDP would reset the permissions written in between.
  const load = request.grant ? [`--load-extension=${request.extensionDir}`] : [];
  let browser = running ?? (await start(request, load));
  const id = request.grant ? unpackedId(request.extensionDir) : await browser.installExtension(request.extensionDir);
  if (request.grant) {
    // Start until the profile knows the extension (under load Preferences may not be written yet), write the grant, start again.
    for (const settle of [1_000, 3_000, 9_000]) {
      await browser.waitForTarget((t) => t.url().startsWith(`chrome-extension://${id}/`), { timeout: 20_000 });
      await sleep(settle);
      await browser.close();
      const written = writeGrantedPermissions(request.profileDir, id, request.grant);
      if (!written && settle === 9_000) throw new Error(`The profile has no settings for extension ${id} after three starts.`);
      browser = await start(request, load);
      if (written) break;
    }
  }
  const base = `chrome-extension://${id}`;
  const problems: string[] = [];
  const { detachWorkers, unwatch } = await watchExtensionTargets(browser, base, problems);
  const ready = new WeakSet<Page>();
  /** Reading the system clipboard: on the ordinary page, which the browser lets read and write it (as after the user allowed it) and which counts as
   * focused even while another tab was just in front (the clipboard API wants a focused document; the emulation lasts as long as its session). */
  const clipboardPage = async () => {
    const scratch = await request.pages.web();
    if (!ready.has(scratch)) {
      await browser.defaultBrowserContext().overridePermissions(new URL(scratch.url()).origin, ['clipboard-read', 'clipboard-write', 'clipboard-sanitized-write']);
      await (await scratch.createCDPSession()).send('Emulation.setFocusEmulationEnabled', { enabled: true });
      ready.add(scratch);
    }
    await scratch.bringToFront();
    return scratch;
  };
  return {
    browser,
    base,
    redirectUrl: `https://${id}.chromiumapp.org/`,
    gotoExtensionPage: async (page, url) => void (await page.goto(url, { waitUntil: 'load' })),
    beforeClose: async () => {},
    takeProblems: async () => problems.splice(0),
    async stopBackground() {
      await detachWorkers();
      const scratch = await request.pages.web();
      const stop = async () => {
        const session = await scratch.createCDPSession();
        try {
          await session.send('ServiceWorker.enable');
          await session.send('ServiceWorker.stopAllWorkers');
        } finally {
          await session.detach();
        }
      };
      // A message an open page sends just then (an answer still coming in when the worker stopped)
      // starts it again: stop it again until it stays stopped.
      const deadline = Date.now() + 15_000;
      for (let attempt = 0; (await workerStatus(scratch, base)) !== 'stopped'; attempt++) {
        if (Date.now() > deadline) throw new Error('The service worker did not stop.');
        if (attempt % 10 === 0) await stop();
        else await sleep(100);
      }
    },
    async backgroundState() {
      const status = await workerStatus(await request.pages.web(), base);
      return status === 'running' || status === 'starting' ? 'running' : 'stopped';
    },
    readClipboard: async () => (await clipboardPage()).evaluate(() => navigator.clipboard.readText()),
    writeClipboard: async (text) => (await clipboardPage()).evaluate((t) => navigator.clipboard.writeText(t), text),
    uninstall: async () => void (await unwatch(), await browser.uninstallExtension(id)),
  };
}

export const chromium: Adapter = { buildDir: path.resolve(process.cwd(), '.output/e2e-chrome-mv3'), launch };
