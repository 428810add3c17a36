// The extension under test in the browser under test (env KB_BROWSER: chromium | firefox, set by the vitest project): launch, open and close its
// pages, read its storage and the clipboard, stop its background, and the nothing-logged check's source. Browser differences stay in ../adapters.
import { cpSync, existsSync, readFileSync, rmSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import type { Page } from 'puppeteer-core';
import { chromium } from '../adapters/chromium';
import { firefox } from '../adapters/firefox';
import { sleep, tempDir, UI_TIMEOUT, until, type BrowserName, type Launched, type LaunchRequest } from '../adapters/types';

export const browserName: BrowserName = process.env.KB_BROWSER === 'firefox' ? 'firefox' : 'chromium';
const adapter = browserName === 'firefox' ? firefox : chromium;

export { UI_TIMEOUT } from '../adapters/types';
export const OPTIONS_VIEWPORT = { width: 1280, height: 800 };
export const POPUP_VIEWPORT = { width: 380, height: 600 };
/** The one host permission of an e2e build (WXT_DASHBOARD_URL=http://127.0.0.1). */
const E2E_HOST_PERMISSION = 'http://127.0.0.1/*';

let snapshot: string | null = null;

/** A private copy of the e2e build for this worker's files (a rebuild of .output/ during the
 * run cannot change it), the same for a restart (same id). KB_EXTENSION_DIR overrides it. */
export function extensionUnderTest(): string {
  if (snapshot) return snapshot;
  if (process.env.KB_EXTENSION_DIR) return (snapshot = path.resolve(process.env.KB_EXTENSION_DIR));
  const source = adapter.buildDir;
  const manifest = path.join(source, 'manifest.json');
  const hosts = existsSync(manifest) ? (JSON.parse(readFileSync(manifest, 'utf8')) as { host_permissions?: string[] }).host_permissions : [];
  if (!hosts?.includes(E2E_HOST_PERMISSION) || !existsSync(path.join(source, 'popup.html'))) {
    throw new Error(`${source} is not the ${browserName} e2e build: run \`npm run ${browserName === 'firefox' ? 'build:firefox:e2e' : 'build:e2e'}\`.`);
  }
  snapshot = tempDir(`${browserName}-extension`);
  cpSync(source, snapshot, { recursive: true });
  return snapshot;
}

// An ordinary web page (not the extension's, not the dashboard's origin): the page in front when
// every extension page is closed, and where the clipboard is read (a textarea to paste into).
let webServer: Promise<string> | null = null;
function webPageUrl(): Promise<string> {
  webServer ??= new Promise((resolve) => {
    const server: Server = createServer((_req, res) => {
      res.writeHead(200, { 'Content-Type': 'text/html; charset=utf-8' });
      res.end('<!doctype html><title>An ordinary page</title><textarea aria-label="Paste here" style="width:600px;height:80px"></textarea>');
    });
    server.unref();
    server.listen(0, '127.0.0.1', () => resolve(`http://localhost:${(server.address() as AddressInfo).port}/`));
  });
  return webServer;
}

export type LaunchOptions = Pick<LaunchRequest, 'grant' | 'colorScheme' | 'headful'> & {
  /** Reuse a profile: a browser restart. */
  profileDir?: string;
  /** Leave open the options page the first install opens (see `installPage`). */
  keepInstallPage?: boolean;
};

export interface Ext extends Pick<Launched, 'browser' | 'base' | 'redirectUrl' | 'takeProblems' | 'stopBackground' | 'backgroundState'> {
  profileDir: string;
  /** The options page the first install opened (launched with keepInstallPage). */
  installPage: Page | null;
  /** Opens an extension page (path + hash) in a new tab; waits until it has loaded. `before` runs before it loads. */
  open(pathAndHash: string, viewport?: { width: number; height: number }, before?: (page: Page) => void): Promise<Page>;
  /** The same extension page loaded afresh in a new tab (the old one closed): a reload. */
  reload(page: Page): Promise<Page>;
  closePage(page: Page): Promise<void>;
  /** Closes every page of the extension (manifest.json too) and brings an ordinary web page to front. */
  closeExtensionPages(): Promise<Page>;
  /** Both storage areas, read from a manifest.json tab kept open (runs none of our code, never wakes the background). */
  storage(): Promise<Record<'local' | 'session', Record<string, unknown>>>;
  badge(): Promise<{ text: string; title: string }>;
  /** The system clipboard (read on the ordinary page; `returnTo` is selected again afterwards). */
  readClipboard(returnTo?: Page): Promise<string>;
  writeClipboard(text: string, returnTo?: Page): Promise<void>;
  /** Runs `click` and returns the sign-in window identity.launchWebAuthFlow opens. */
  signInWindow(click: () => Promise<void>): Promise<Page>;
  /** Closes the browser; `keepProfile` for a restart with `launch({ profileDir })`. */
  close(options?: { keepProfile?: boolean }): Promise<void>;
}

/** Extensions running now and problems of closed ones: the nothing-logged check reads both (setup.ts). */
export const running = new Set<Ext>();
export const problemsOfClosed: string[] = [];

/** In the suite (vitest): a browser a finished file closed (launched with no options), its extension removed; the next such launch of this worker installs the extension in it instead of starting a browser (~1.5 s Chromium, ~3 s Firefox). global-setup.ts stops the last. */
let spare: { browser: Launched['browser']; profileDir: string } | null = null;

export async function launch(options: LaunchOptions = {}): Promise<Ext> {
  const restart = options.profileDir !== undefined;
  const reusable = process.env.VITEST === 'true' && !restart && !options.grant && !options.colorScheme && !options.headful;
  const reused = reusable ? spare : null;
  if (reused) spare = null;
  const profileDir = options.profileDir ?? reused?.profileDir ?? tempDir(`${browserName}-profile`);
  // Pages closed with closePage: a closed Firefox page reports isClosed() only a moment later.
  const closed = new WeakSet<Page>();
  /** A page opened on first use and opened again once closed; callers at the same time share one opening (none gets a page still loading). */
  const kept = (load: (page: Page) => Promise<unknown>) => {
    let ready: Promise<Page> | null = null;
    return async (): Promise<Page> => {
      const last = ready;
      const page = await last?.catch(() => null);
      if (page && !page.isClosed() && !closed.has(page)) return page;
      if (ready === last) ready = browser.newPage().then(async (opened) => (await load(opened), opened));
      return ready!;
    };
  };
  const probePage = kept((page) => launched.gotoExtensionPage(page, `${base}/manifest.json`));
  const pages = {
    web: kept(async (page) => page.goto(await webPageUrl(), { waitUntil: 'load' })),
    // A failed look is tried again (twice at most), on a new tab if another flow closed every extension page meanwhile.
    probe: <T>(look: (page: Page) => Promise<T>, attempt = 1): Promise<T> => probePage().then(look).catch((e: unknown) => (attempt < 3 ? pages.probe(look, attempt + 1) : Promise.reject(e))),
  };
  const launched: Launched = await adapter.launch({ extensionDir: extensionUnderTest(), profileDir, grant: options.grant, colorScheme: options.colorScheme, headful: options.headful, pages }, reused?.browser);
  const { browser, base } = launched;
  const extensionPages = new Set<Page>();

  const ext: Ext = {
    browser,
    base,
    redirectUrl: launched.redirectUrl,
    profileDir,
    installPage: null,
    async open(pathAndHash, viewport, before) {
      const page = await browser.newPage();
      page.setDefaultTimeout(UI_TIMEOUT);
      before?.(page);
      if (viewport) await page.setViewport(viewport);
      extensionPages.add(page);
      await launched.gotoExtensionPage(page, `${base}/${pathAndHash.replace(/^\//, '')}`);
      // The popup's instant-open copy is inert until the app takes over after an animation frame: only a tab in front gets one.
      await until(() => page.evaluate(() => !document.querySelector('#root[inert]')), Boolean, 'the app to replace the instant-open copy', UI_TIMEOUT, 30);
      return page;
    },
    async reload(page) {
      const url = await page.evaluate(() => location.href);
      const fresh = await ext.open(url.slice(base.length + 1), page.viewport() ?? undefined);
      await ext.closePage(page);
      return fresh;
    },
    async closePage(page) {
      extensionPages.delete(page);
      closed.add(page);
      if (page.isClosed()) return;
      await launched.beforeClose(page);
      await page.close();
    },
    async closeExtensionPages() {
      const front = await pages.web();
      for (const page of await browser.pages()) {
        if (page === front) continue;
        const at = await page.evaluate(() => location.href).catch(() => '');
        if (at.startsWith(base) || extensionPages.has(page)) await ext.closePage(page);
      }
      await front.bringToFront();
      return front;
    },
    storage: () => storage(false),
    async badge() {
      return pages.probe((page) => page.evaluate(async () => {
        const g = globalThis as unknown as { browser?: unknown; chrome?: unknown };
        const action = (g.browser ?? g.chrome) as { action: Record<'getBadgeText' | 'getTitle', (d: object) => Promise<string>> };
        return { text: await action.action.getBadgeText({}), title: await action.action.getTitle({}) };
      }));
    },
    takeProblems: () => launched.takeProblems(),
    stopBackground: () => launched.stopBackground(),
    backgroundState: () => launched.backgroundState(),
    // The clipboard is used on another tab: `returnTo` selected again afterwards.
    readClipboard: (returnTo) => launched.readClipboard().finally(() => returnTo?.bringToFront()),
    writeClipboard: (text, returnTo) => launched.writeClipboard(text).finally(() => returnTo?.bringToFront()),
    // Firefox opens the window as its own browser window (a target found by its URL), after a
    // first background request to /authorize. A tab opened while it is open lands in it.
    async signInWindow(click) {
      const opened = browser.waitForTarget((t) => t.type() === 'page' && t.url().includes('/auth/v1/'), { timeout: 20_000 });
      await click();
      const page = (await (await opened).page())!;
      page.setDefaultTimeout(UI_TIMEOUT);
      return page;
    },
    async close({ keepProfile = false } = {}) {
      running.delete(ext);
      try {
        problemsOfClosed.push(...(await launched.takeProblems().catch((e: Error) => [`could not collect problems: ${e.message}`])));
        if (reusable && !keepProfile && !spare && (await keepAsSpare().catch(() => false))) return;
        await browser.close();
      } finally {
        if (!keepProfile && spare?.browser !== browser) rmSync(profileDir, { recursive: true, force: true });
      }
    },
  };
  /** Both storage areas (emptied first with `clear`), from the manifest.json tab. */
  const storage = (clear: boolean) =>
    pages.probe((page) => page.evaluate(async (clear: boolean) => {
      const g = globalThis as unknown as { browser?: unknown; chrome?: unknown };
      const api = (g.browser ?? g.chrome) as { storage: Record<'local' | 'session', { get(k: null): Promise<Record<string, unknown>>; clear(): Promise<void> }> };
      if (clear) await Promise.all([api.storage.local.clear(), api.storage.session.clear()]);
      return { local: await api.storage.local.get(null), session: await api.storage.session.get(null) };
    }, clear));
  /** Storage emptied (Firefox keeps it across an uninstall, for restarts), the extension removed, every tab but a blank one closed. */
  const keepAsSpare = async () => {
    await storage(true);
    await launched.uninstall();
    const blank = await browser.newPage();
    for (const page of await browser.pages()) if (page !== blank) await page.close();
    spare = { browser, profileDir };
    return true;
  };
  running.add(ext);
  if (!restart) {
    // The first install opens the options page (sign-in): wait for it, so no stray page opens later.
    const install = await findPage(ext, `${base}/options.html`);
    if (options.keepInstallPage) {
      install.setDefaultTimeout(UI_TIMEOUT);
      await install.setViewport(OPTIONS_VIEWPORT);
      extensionPages.add(install);
      ext.installPage = install;
    } else {
      // Never the last tab: Firefox keeps its last tab open (close() does nothing), and a headful browser would have no window left.
      await pages.web();
      await install.close();
    }
  }
  return ext;
}

/** The tab showing `url` (ignoring its hash), asked of every tab (BiDi reports extension tabs at about:blank). */
async function findPage(ext: Ext, url: string, timeout = 20_000): Promise<Page> {
  const deadline = Date.now() + timeout;
  for (;;) {
    for (const tab of await ext.browser.pages()) {
      const at = await tab.evaluate(() => (document.readyState === 'complete' ? location.href : '')).catch(() => '');
      if (at.split('#')[0] === url) return tab;
    }
    if (Date.now() > deadline) throw new Error(`No tab showed ${url} within ${timeout} ms.`);
    await sleep(100);
  }
}

/** Stops the background, then loads `url` (an ordinary page, `visit=<n>` added) `times` times in a tab: throws if a load wakes it. */
export async function loadsLeaveBackgroundStopped(ext: Ext, url: string, times: number): Promise<void> {
  await ext.stopBackground();
  const tab = await ext.browser.newPage();
  try {
    for (let i = 0; i < times; i++) {
      await tab.goto(`${url}${url.includes('?') ? '&' : '?'}visit=${i}`, { waitUntil: 'load' });
      await sleep(300);
      if ((await ext.backgroundState()) !== 'stopped') throw new Error(`The background runs after page load ${i + 1} of ${url}.`);
    }
  } finally {
    await tab.close();
  }
}

export const CLIPBOARD_MARKER = 'e2e-clipboard-marker';

/** Puts a marker in the clipboard, so a later read proves a copy happened. */
export async function markClipboard(ext: Ext, returnTo?: Page): Promise<void> {
  await ext.writeClipboard(CLIPBOARD_MARKER, returnTo);
  const now = await ext.readClipboard(returnTo);
  if (now !== CLIPBOARD_MARKER) throw new Error(`Could not put a marker in the clipboard (it holds ${JSON.stringify(now)}).`);
}

/** Waits until the clipboard holds something other than the marker (and not empty) and returns it. */
export function copiedText(ext: Ext, returnTo?: Page, timeout = UI_TIMEOUT): Promise<string> {
  return until(() => ext.readClipboard(returnTo), (text) => text !== CLIPBOARD_MARKER && text !== '', 'the clipboard to change', timeout);
}
