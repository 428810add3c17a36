// Real Chromium with the built extension loaded, driven by playwright-core, against the local
// API on a free port. Never downloads a browser: it uses Debian's /usr/bin/chromium.
import { mkdtempSync, rmSync, existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { chromium, type BrowserContext, type Page, type Worker } from 'playwright-core';

export const EXTENSION_DIR = path.resolve(process.cwd(), '.output/chrome-mv3');

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

export async function launchExtension(options: { profileDir?: string } = {}): Promise<ExtensionBrowser> {
  if (!existsSync(path.join(EXTENSION_DIR, 'manifest.json'))) throw new Error(`No build at ${EXTENSION_DIR}: run npm run build:e2e first.`);
  const profileDir = options.profileDir ?? mkdtempSync(path.join(tmpdir(), 'kb-e2e-profile-'));
  const context = await chromium.launchPersistentContext(profileDir, {
    executablePath: chromiumPath(),
    headless: true,
    viewport: { width: 1280, height: 900 },
    args: [
      `--disable-extensions-except=${EXTENSION_DIR}`,
      `--load-extension=${EXTENSION_DIR}`,
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

  return {
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

/** Everything in both storage areas, as the background sees it. */
export async function dumpStorage(ext: ExtensionBrowser): Promise<{ local: Record<string, unknown>; session: Record<string, unknown> }> {
  const worker = await ext.worker();
  return worker.evaluate(async () => {
    const c = (globalThis as unknown as { chrome: { storage: { local: { get(k: null): Promise<Record<string, unknown>> }; session: { get(k: null): Promise<Record<string, unknown>> } } } }).chrome;
    return { local: await c.storage.local.get(null), session: await c.storage.session.get(null) };
  });
}

/** Stops the extension's service worker the way Chrome does when it is idle. */
export async function stopServiceWorker(ext: ExtensionBrowser, page: Page): Promise<void> {
  const cdp = await ext.context.newCDPSession(page);
  await cdp.send('ServiceWorker.enable');
  await cdp.send('ServiceWorker.stopAllWorkers');
  await cdp.detach();
}
