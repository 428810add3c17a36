// Real Chromium with the built extension loaded, driven by playwright-core, against the local
// API on a free port. Never downloads a browser: it uses Debian's /usr/bin/chromium.
import { cpSync, existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { chromium, type BrowserContext, type Page, type Worker } from 'playwright-core';

/** Where `npm run build:e2e` writes the extension. */
export const EXTENSION_DIR = path.resolve(process.cwd(), '.output/chrome-mv3');
/** The one host permission of an e2e build (WXT_DASHBOARD_URL=http://127.0.0.1). */
const E2E_HOST_PERMISSION = 'http://127.0.0.1/*';

const privateDirs: string[] = [];
process.once('exit', () => {
  for (const dir of privateDirs) rmSync(dir, { recursive: true, force: true });
});

function isE2eBuild(dir: string): boolean {
  try {
    const manifest = JSON.parse(readFileSync(path.join(dir, 'manifest.json'), 'utf8')) as { host_permissions?: string[] };
    return (
      (manifest.host_permissions ?? []).includes(E2E_HOST_PERMISSION) &&
      ['background.js', 'popup.html', 'options.html'].every((file) => existsSync(path.join(dir, file)))
    );
  } catch {
    return false;
  }
}

let extensionDir: string | null = null;

/**
 * The extension this test file loads: a private snapshot of `npm run build:e2e`'s output, so a
 * rebuild of .output/ during the run (`npm start`, `npm run bench`, a production build) cannot
 * change the extension under test. One per test file (a file's module state), reused for
 * restarts, so the extension id stays the same. KB_E2E_EXTENSION_DIR overrides it.
 */
export function extensionUnderTest(): string {
  if (extensionDir) return extensionDir;
  const override = process.env.KB_E2E_EXTENSION_DIR;
  if (override) return (extensionDir = path.resolve(override));
  if (!isE2eBuild(EXTENSION_DIR)) {
    throw new Error(`${EXTENSION_DIR} is not an e2e build: run \`npm run build:e2e\` (npm run test:e2e does it first).`);
  }
  const snapshot = mkdtempSync(path.join(tmpdir(), 'kb-e2e-extension-'));
  privateDirs.push(snapshot);
  cpSync(EXTENSION_DIR, snapshot, { recursive: true });
  return (extensionDir = snapshot);
}

export function chromiumPath(): string {
  for (const candidate of [process.env.CHROMIUM_PATH, '/usr/bin/chromium', '/usr/bin/chromium-browser']) {
    if (candidate && existsSync(candidate)) return candidate;
  }
  throw new Error('Chromium not found: install Debian’s chromium package (apt-get install chromium) or set CHROMIUM_PATH.');
}

export interface ExtensionBrowser {
  context: BrowserContext;
  extensionId: string;
  profileDir: string;
  worker(): Promise<Worker>;
  open(pathAndHash: string): Promise<Page>;
  close(options?: { keepProfile?: boolean }): Promise<void>;
}

/**
 * A fresh profile installs the extension, which opens its options page (first-install sign-in):
 * wait for that tab and close it (unless `keepInstallPage`), so every test starts from the same
 * pages and no stray page makes requests. A reused `profileDir` is a restart: no install tab.
 */
export async function launchExtension(options: { profileDir?: string; keepInstallPage?: boolean } = {}): Promise<ExtensionBrowser & { installPage: Page | null }> {
  const extension = extensionUnderTest();
  const fresh = options.profileDir === undefined;
  const profileDir = options.profileDir ?? mkdtempSync(path.join(tmpdir(), 'kb-e2e-profile-'));
  const context = await chromium.launchPersistentContext(profileDir, {
    executablePath: chromiumPath(),
    // KB_E2E_HEADFUL: a real window on the display (Xvfb), with the system clipboard.
    headless: !process.env.KB_E2E_HEADFUL,
    viewport: { width: 1280, height: 900 },
    args: [
      `--disable-extensions-except=${extension}`,
      `--load-extension=${extension}`,
      '--no-sandbox',
      '--disable-gpu',
      '--disable-quic',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
    ],
  });
  // Bounded waits everywhere: a missing element fails in seconds, not at the test timeout.
  context.setDefaultTimeout(15_000);
  const worker = async () => context.serviceWorkers()[0] ?? (await context.waitForEvent('serviceworker', { timeout: 20_000 }));
  const extensionId = new URL((await worker()).url()).host;
  // Chromium treats chrome-extension:// as an opaque origin for grantPermissions: grant for every origin.
  await context.grantPermissions(['clipboard-read', 'clipboard-write']);
  const installPage = fresh ? await waitForInstallPage(context, extensionId) : null;
  if (installPage && !options.keepInstallPage) await installPage.close();

  return {
    installPage: options.keepInstallPage ? installPage : null,
    context,
    extensionId,
    profileDir,
    worker,
    async open(pathAndHash: string) {
      const page = await context.newPage();
      await page.goto(`chrome-extension://${extensionId}/${pathAndHash.replace(/^\//, '')}`);
      return page;
    },
    async close({ keepProfile = false } = {}) {
      await context.close();
      if (!keepProfile) rmSync(profileDir, { recursive: true, force: true });
    },
  };
}

async function waitForInstallPage(context: BrowserContext, extensionId: string): Promise<Page> {
  const options = `chrome-extension://${extensionId}/options.html`;
  const deadline = Date.now() + 20_000;
  for (;;) {
    const page = context.pages().find((p) => p.url().startsWith(options));
    if (page) return page;
    if (Date.now() > deadline) throw new Error(`The first install did not open ${options} (pages: ${context.pages().map((p) => p.url()).join(', ')}).`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

type StorageDump = { local: Record<string, unknown>; session: Record<string, unknown> };

/**
 * Everything in both storage areas. Read from an extension page (the manifest, which runs no
 * code of ours) rather than the service worker, so it works while the worker is stopped and never
 * wakes it.
 */
export async function dumpStorage(ext: ExtensionBrowser): Promise<StorageDump> {
  const page = await ext.context.newPage();
  try {
    await page.goto(`chrome-extension://${ext.extensionId}/manifest.json`);
    return await page.evaluate(async () => {
      const c = (globalThis as unknown as { chrome: { storage: { local: { get(k: null): Promise<Record<string, unknown>> }; session: { get(k: null): Promise<Record<string, unknown>> } } } }).chrome;
      return { local: await c.storage.local.get(null), session: await c.storage.session.get(null) };
    });
  } finally {
    await page.close();
  }
}

export type WorkerStatus = 'stopped' | 'starting' | 'running' | 'stopping';

/** Watches the extension's service worker through CDP (ServiceWorker domain of an extension page). */
async function watchWorker(ext: ExtensionBrowser, page: Page) {
  const cdp = await ext.context.newCDPSession(page);
  let status: WorkerStatus | null = null;
  const scope = `chrome-extension://${ext.extensionId}/`;
  cdp.on('ServiceWorker.workerVersionUpdated', ({ versions }) => {
    for (const v of versions) if (v.scriptURL.startsWith(scope)) status = v.runningStatus as WorkerStatus;
  });
  await cdp.send('ServiceWorker.enable');
  return {
    cdp,
    status: () => status,
    async waitFor(wanted: WorkerStatus, timeout = 15_000): Promise<void> {
      const deadline = Date.now() + timeout;
      while (status !== wanted) {
        if (Date.now() > deadline) throw new Error(`Service worker did not become ${wanted} (last: ${status ?? 'unknown'}).`);
        await new Promise((resolve) => setTimeout(resolve, 50));
      }
    },
  };
}

/** The extension service worker's running status right now. */
export async function serviceWorkerStatus(ext: ExtensionBrowser, page: Page): Promise<WorkerStatus | null> {
  const watch = await watchWorker(ext, page);
  // enable() reports the current versions right away; give the event a moment to arrive.
  const deadline = Date.now() + 2_000;
  while (watch.status() === null && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 25));
  const status = watch.status();
  await watch.cdp.detach();
  return status;
}

/**
 * Stops the extension's service worker the way Chrome does when it is idle, and waits until
 * Chrome reports it stopped (in-memory state is gone; the next message or alarm starts it anew).
 */
export async function stopServiceWorker(ext: ExtensionBrowser, page: Page): Promise<void> {
  const watch = await watchWorker(ext, page);
  try {
    await watch.cdp.send('ServiceWorker.stopAllWorkers');
    await watch.waitFor('stopped');
  } finally {
    await watch.cdp.detach();
  }
}
