// Real Firefox (Debian's firefox-esr, headless) with the Firefox MV3 build installed as a
// temporary add-on, driven by puppeteer-core over WebDriver BiDi. Never downloads a browser.
//
// What Firefox needs that Chromium does not (see the README, "Firefox obstacles"):
// - `--remote-allow-system-access`, or BiDi refuses to navigate to moz-extension:// pages;
// - the pref `extensions.webextensions.uuids` fixes the add-on's moz-extension UUID, so the suite
//   knows its pages' URLs (and keeps them across a restart);
// - BiDi reports no navigation of extension pages: `goto(url, { waitUntil: [] })`, then poll
//   `location.href` and `document.readyState`; a "reload" is the page opened afresh (`reopen`);
// - console and error events of extension pages do not arrive over BiDi: Firefox prints them to
//   its stdout (pref `devtools.console.stdout.content`) and the suite's own hook in every
//   extension window (pages and the event page) records CSP violations and errors;
// - a temporary add-on is removed when Firefox closes: for a restart the profile keeps its storage
//   and UUID (prefs `extensions.webextensions.keepStorageOnUninstall` / `keepUuidOnUninstall`)
//   and the add-on is installed again, as a user's installed add-on would simply be there.
import { randomUUID } from 'node:crypto';
import { cpSync, existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import puppeteer, { type Browser, type Page } from 'puppeteer-core';

/** Where `npm run build:firefox:e2e` writes the extension. */
export const FIREFOX_BUILD_DIR = path.resolve(process.cwd(), '.output/firefox-mv3');
/** The one host permission of an e2e build (WXT_DASHBOARD_URL=http://127.0.0.1). */
const E2E_HOST_PERMISSION = 'http://127.0.0.1/*';

/** How long a UI reaction may take on a busy machine. */
export const UI_TIMEOUT = 15_000;

const privateDirs: string[] = [];
process.once('exit', () => {
  for (const dir of privateDirs) rmSync(dir, { recursive: true, force: true });
});

interface Manifest {
  host_permissions?: string[];
  browser_specific_settings?: { gecko?: { id?: string } };
  manifest_version?: number;
}

function readManifest(dir: string): Manifest | null {
  try {
    return JSON.parse(readFileSync(path.join(dir, 'manifest.json'), 'utf8')) as Manifest;
  } catch {
    return null;
  }
}

let snapshot: { dir: string; geckoId: string } | null = null;

/**
 * A private copy of the Firefox e2e build for this test file, so a rebuild of .output/ during the
 * run (the production Firefox build of `npm run lint:firefox`, `npm start`) cannot change the
 * add-on under test. KB_FIREFOX_EXTENSION_DIR overrides it.
 */
export function addonUnderTest(): { dir: string; geckoId: string } {
  if (snapshot) return snapshot;
  const override = process.env.KB_FIREFOX_EXTENSION_DIR;
  const source = override ? path.resolve(override) : FIREFOX_BUILD_DIR;
  const manifest = readManifest(source);
  const geckoId = manifest?.browser_specific_settings?.gecko?.id;
  const isE2e = manifest?.manifest_version === 3 && (manifest.host_permissions ?? []).includes(E2E_HOST_PERMISSION);
  if (!geckoId || (!override && !isE2e)) {
    throw new Error(`${source} is not the Firefox MV3 e2e build: run \`npm run build:firefox:e2e\` (npm run test:firefox does it first).`);
  }
  if (override) return (snapshot = { dir: source, geckoId });
  const dir = mkdtempSync(path.join(tmpdir(), 'kb-firefox-addon-'));
  privateDirs.push(dir);
  cpSync(source, dir, { recursive: true });
  return (snapshot = { dir, geckoId });
}

export function firefoxPath(): string {
  for (const candidate of [process.env.FIREFOX_BIN, '/usr/bin/firefox-esr', '/usr/bin/firefox']) {
    if (candidate && existsSync(candidate)) return candidate;
  }
  throw new Error('Firefox not found: install Debian’s firefox-esr package (apt-get install firefox-esr) or set FIREFOX_BIN.');
}

/** One moz-extension UUID per test file: the same add-on keeps its pages' URLs across restarts. */
const addonUuid = randomUUID();

export interface LaunchOptions {
  /** Reuse a profile (a browser restart). */
  profileDir?: string;
  /** The system's colour scheme as Firefox reports it to pages. */
  colorScheme?: 'light' | 'dark';
  /** Milliseconds of inactivity after which Firefox suspends the event page (Firefox's default: 30 s). */
  backgroundIdleMs?: number;
  /**
   * Optional permissions (`permissions.request`) granted without Firefox's prompt, which a headless
   * Firefox cannot click: pref `extensions.webextOptionalPermissionPrompts` = false. The request
   * must still come from a user input handler (Firefox checks that either way).
   */
  grantOptionalPermissions?: boolean;
}

export interface FirefoxAddon {
  browser: Browser;
  /** The add-on's origin, `moz-extension://<uuid>`. */
  base: string;
  profileDir: string;
  /** Opens an extension page (path + hash) in a new tab and waits until it has loaded. */
  open(pathAndHash: string, viewport?: { width: number; height: number }): Promise<Page>;
  /** Closes a page opened with `open` (keeping what its error hook recorded). */
  closePage(page: Page): Promise<void>;
  /** Runs `fn` in an extension page that runs none of the extension's code (manifest.json, in a background tab). */
  probe<T>(fn: (page: Page) => Promise<T>): Promise<T>;
  /** Errors, rejections, console.error calls and CSP violations of any extension context so far. */
  problems(): Promise<string[]>;
  close(options?: { keepProfile?: boolean }): Promise<void>;
}

export const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

export async function launchFirefox(options: LaunchOptions = {}): Promise<FirefoxAddon> {
  const addon = addonUnderTest();
  const profileDir = options.profileDir ?? mkdtempSync(path.join(tmpdir(), 'kb-firefox-profile-'));
  const browser = await puppeteer.launch({
    browser: 'firefox',
    executablePath: firefoxPath(),
    // KB_FIREFOX_HEADFUL: a real window on the display (Xvfb), with the system clipboard.
    headless: !process.env.KB_FIREFOX_HEADFUL,
    userDataDir: profileDir,
    defaultViewport: { width: 1280, height: 800 },
    args: ['--remote-allow-system-access'],
    protocolTimeout: 60_000,
    extraPrefsFirefox: {
      'extensions.webextensions.uuids': JSON.stringify({ [addon.geckoId]: addonUuid }),
      'extensions.webextensions.keepStorageOnUninstall': true,
      'extensions.webextensions.keepUuidOnUninstall': true,
      'extensions.background.idle.timeout': options.backgroundIdleMs ?? 30_000,
      ...(options.grantOptionalPermissions ? { 'extensions.webextOptionalPermissionPrompts': false } : {}),
      // Console calls and uncaught errors of content (extension pages included) go to stdout.
      'devtools.console.stdout.content': true,
      // The system theme the pages follow: 0 = dark, 1 = light.
      'layout.css.prefers-color-scheme.content-override': options.colorScheme === 'dark' ? 0 : 1,
    },
  });
  const base = `moz-extension://${addonUuid}`;
  // Everything recorded so far: Firefox's stdout, and the hooks of pages since closed or reloaded.
  const recorded: string[] = [];
  watchStdout(browser, base, recorded);
  try {
    const installed = await browser.installExtension(addon.dir);
    if (installed !== addon.geckoId) throw new Error(`Firefox installed "${installed}", expected "${addon.geckoId}".`);
  } catch (error) {
    await browser.close();
    throw error;
  }

  let probePage: Page | null = null;
  const ff: FirefoxAddon = {
    browser,
    base,
    profileDir,
    async open(pathAndHash, viewport) {
      const page = await browser.newPage();
      page.setDefaultTimeout(UI_TIMEOUT);
      if (viewport) await page.setViewport(viewport);
      await gotoExtensionPage(page, `${base}/${pathAndHash.replace(/^\//, '')}`);
      return page;
    },
    async closePage(page) {
      if (!page.isClosed()) {
        recorded.push(...(await takeHooked(page).catch(() => [])));
        await page.close();
      }
    },
    async probe(fn) {
      // One tab on manifest.json, kept open in the background and reused: no page load per look.
      if (!probePage || probePage.isClosed()) {
        const page = await browser.newPage();
        await page.goto(`${base}/manifest.json`, { waitUntil: [] });
        await page.waitForFunction(() => location.protocol === 'moz-extension:' && document.readyState === 'complete', { polling: 50, timeout: UI_TIMEOUT });
        probePage = page;
      }
      return fn(probePage);
    },
    async problems() {
      recorded.push(...(await ff.probe((page) => page.evaluate(takeHookedFrom, 'all' as const))));
      return [...recorded];
    },
    async close({ keepProfile = false } = {}) {
      try {
        await browser.close();
      } finally {
        if (!keepProfile) rmSync(profileDir, { recursive: true, force: true });
      }
    },
  };
  return ff;
}

/** Extension errors Firefox prints to its stdout (uncaught errors and rejections). */
function watchStdout(browser: Browser, base: string, into: string[]): void {
  const proc = browser.process();
  let buffer = '';
  const onData = (chunk: Buffer) => {
    buffer += chunk.toString('utf8');
    const lines = buffer.split('\n');
    buffer = lines.pop() ?? '';
    for (const line of lines) {
      // "JavaScript error: moz-extension://<uuid>/options.html, line 3: Error: …": any context of
      // ours, the event page included, from its first line on. (Its "console.error: …" lines do
      // not say where they come from, and Firefox's own code prints some: the hooks record ours.)
      if (line.startsWith(`JavaScript error: ${base}/`)) into.push(line.trim());
    }
  };
  proc?.stdout?.on('data', onData);
  proc?.stderr?.on('data', onData);
}

// ---- Pages -----------------------------------------------------------------------------------

/** BiDi sends no navigation events for moz-extension:// pages: start it, then poll for the load. */
export async function gotoExtensionPage(page: Page, url: string): Promise<void> {
  await page.goto(url, { waitUntil: [] });
  // The document, not the exact URL: a page may rewrite its query or hash once loaded.
  await page.waitForFunction(
    (doc: string) => location.href.split(/[?#]/)[0] === doc && document.readyState === 'complete',
    { polling: 50, timeout: UI_TIMEOUT },
    url.split(/[?#]/)[0]!,
  );
  await hookErrors(page);
}

/**
 * "Reload": the same extension page loaded afresh in a new tab, the old tab closed. (Reloading in
 * place leaves puppeteer's per-document helpers stale at times: it learns of a new document of an
 * extension page late or not at all.) Returns the new page.
 */
export async function reopen(ff: FirefoxAddon, page: Page): Promise<Page> {
  const url = await page.evaluate(() => location.href);
  const viewport = page.viewport();
  const fresh = await ff.open(url.slice(ff.base.length + 1), viewport ?? undefined);
  await ff.closePage(page);
  return fresh;
}

/**
 * The suite's own error hook in an extension page (BiDi delivers no console or error events of
 * extension pages): uncaught errors, rejections, console.error and CSP violations. Only the page
 * itself: a hook put into another window (the event page) from here would be made of this page's
 * functions, dead once it reloads or closes. Runs in the page.
 */
function hookPage(): void {
  const win = window as Window & { __kbProblems?: string[] };
  if (win.__kbProblems) return;
  const problems: string[] = (win.__kbProblems = []);
  const where = location.pathname;
  addEventListener('error', (e) => problems.push(`${where}: uncaught ${e.message}`));
  addEventListener('unhandledrejection', (e) => problems.push(`${where}: unhandled rejection ${String(e.reason)}`));
  document.addEventListener('securitypolicyviolation', (e) => problems.push(`${where}: CSP violation ${e.violatedDirective} ${e.blockedURI}`));
  const original = console.error.bind(console);
  console.error = (...args: unknown[]) => {
    problems.push(`${where}: console.error ${args.map(String).join(' ')}`);
    original(...args);
  };
}

/** Takes (and empties) what the hooks recorded: in this page, or in every extension page alive now. */
function takeHookedFrom(only: 'this' | 'all'): string[] {
  type Hooked = Window & { __kbProblems?: string[] };
  const ext = (globalThis as unknown as { browser: { extension: { getViews(): Window[] } } }).browser.extension;
  const wins = only === 'this' ? [window] : ext.getViews();
  return wins.flatMap((win) => (win as Hooked).__kbProblems?.splice(0) ?? []);
}

async function hookErrors(page: Page): Promise<void> {
  await page.evaluate(hookPage);
}

async function takeHooked(page: Page): Promise<string[]> {
  return page.evaluate(takeHookedFrom, 'this' as const);
}
