// Firefox (Debian's firefox-esr, headless unless `headful`) over WebDriver BiDi, the build installed as a temporary add-on
// (`browser.installExtension`). What Firefox needs that Chromium does not:
// - `--remote-allow-system-access`, or BiDi refuses to navigate to moz-extension:// pages;
// - the pref `extensions.webextensions.uuids` fixes the add-on's UUID (its pages' URLs), kept across a restart with `keepUuidOnUninstall` /
//   `keepStorageOnUninstall` (a temporary add-on is removed when Firefox closes; the driver empties storage before an uninstall for reuse);
// - BiDi reports no navigation of extension pages: `goto(url, { waitUntil: [] })`, then poll;
// - console and error events of extension pages do not arrive over BiDi: Firefox prints uncaught errors to its stdout (pref
//   `devtools.console.stdout.content`), and a hook put into every extension page opened records errors, rejections, console.error and CSP violations.
import { createHash, randomUUID } from 'node:crypto';
import { cpSync, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import puppeteer, { type Browser, type Page } from 'puppeteer-core';
import { executable, launchBasics, tempDir, until, type Adapter, type LaunchRequest, type Launched } from './types';

/** Firefox suspends the idle event page after this (its default: 30 s): short, so a suite's pause suspends it. */
export const IDLE_MS = 2_000;

/** One UUID per add-on copy (a test file's): the same across restarts. */
const uuids = new Map<string, string>();

function geckoIdOf(dir: string): string {
  const manifest = JSON.parse(readFileSync(path.join(dir, 'manifest.json'), 'utf8')) as { browser_specific_settings?: { gecko?: { id?: string } } };
  const id = manifest.browser_specific_settings?.gecko?.id;
  if (!id) throw new Error(`${dir}/manifest.json has no gecko id: not a Firefox build.`);
  return id;
}

/** The suite's error hook in an extension page (runs in the page). */
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

/** Takes what the hooks recorded: in this page, or in every extension page alive now (runs in a page). */
function takeHooked(only: 'this' | 'all'): string[] {
  type Hooked = Window & { __kbProblems?: string[] };
  const ext = (globalThis as unknown as { browser: { extension: { getViews(): Window[] } } }).browser.extension;
  const wins = only === 'this' ? [window] : ext.getViews();
  return wins.flatMap((win) => (win as Hooked).__kbProblems?.splice(0) ?? []);
}

/** The event page's window, listed by extension.getViews() only while it runs (runs in a page). */
function eventPageRuns(): boolean {
  const views = (globalThis as unknown as { browser: { extension: { getViews(): Window[] } } }).browser.extension.getViews();
  return views.some((w) => w.location.pathname === '/_generated_background_page.html');
}

const firefoxBin = () => executable([process.env.FIREFOX_BIN, '/usr/bin/firefox-esr', '/usr/bin/firefox'], 'Firefox not found: install Debian’s firefox-esr package or set FIREFOX_BIN.');

/** A profile Firefox started in once, nothing installed (one per worker): a copy starts in ~1.5 s, an empty profile in ~3.4 s. */
let warmProfile: Promise<string> | null = null;
const warmedProfile = () =>
  (warmProfile ??= (async () => {
    const dir = tempDir('firefox-warm-profile');
    await (await puppeteer.launch({ browser: 'firefox', executablePath: firefoxBin(), headless: true, userDataDir: dir })).close();
    return dir;
  })());

async function launch(request: LaunchRequest, running?: Browser): Promise<Launched> {
  const geckoId = geckoIdOf(request.extensionDir);
  const uuid = uuids.get(request.extensionDir) ?? randomUUID();
  uuids.set(request.extensionDir, uuid);
  if (readdirSync(request.profileDir).length === 0) cpSync(await warmedProfile(), request.profileDir, { recursive: true }); // a new profile, not a restart
  const browser: Browser = running ?? await puppeteer.launch({
    browser: 'firefox',
    executablePath: firefoxBin(),
    ...launchBasics(request),
    args: ['--remote-allow-system-access'],
    extraPrefsFirefox: {
      'extensions.webextensions.uuids': JSON.stringify({ [geckoId]: uuid }),
      'extensions.webextensions.keepStorageOnUninstall': true,
      'extensions.webextensions.keepUuidOnUninstall': true,
      'extensions.background.idle.timeout': IDLE_MS,
      // Granting optional permissions without a prompt (headless Firefox cannot click it); the request must still come from a user input handler.
      ...(request.grant ? { 'extensions.webextOptionalPermissionPrompts': false } : {}),
      'devtools.console.stdout.content': true,
      'layout.css.prefers-color-scheme.content-override': request.colorScheme === 'dark' ? 0 : 1,
    },
  });
  const base = `moz-extension://${uuid}`;
  const problems: string[] = [];
  const proc = browser.process();
  let buffer = '';
  const onData = (chunk: Buffer) => {
    const lines = (buffer + chunk.toString('utf8')).split('\n');
    buffer = lines.pop() ?? '';
    // "JavaScript error: moz-extension://<uuid>/background.js, line 3: Error: …": any context of ours.
    for (const line of lines) if (line.startsWith(`JavaScript error: ${base}/`)) problems.push(line.trim());
  };
  proc?.stdout?.on('data', onData);
  proc?.stderr?.on('data', onData);
  try {
    const installed = await browser.installExtension(request.extensionDir);
    if (installed !== geckoId) throw new Error(`Firefox installed "${installed}", expected "${geckoId}".`);
  } catch (error) {
    await browser.close();
    throw error;
  }

  const gotoExtensionPage = async (page: Page, url: string) => {
    await page.goto(url, { waitUntil: [] });
    // The document, not the exact URL: a page may rewrite its query or hash once loaded.
    const loaded = () => page.evaluate(() => `${location.href.split(/[?#]/)[0]} ${document.readyState}`).catch(() => 'navigating');
    await until(loaded, (now) => now === `${url.split(/[?#]/)[0]} complete`, `${url} to load`, 15_000, 30);
    if (!url.endsWith('.json')) await page.evaluate(hookPage);
  };
  /** Ctrl+`key` in the scratch page's textarea holding `text`, selected (a copy) or empty (a paste); returns what it holds after. */
  const pressInTextarea = async (key: 'c' | 'v', text: string) => {
    const scratch = await request.pages.web();
    await scratch.bringToFront();
    await scratch.evaluate((t: string) => {
      const area = document.querySelector('textarea')!;
      area.value = t;
      area.focus();
      area.select();
    }, text);
    await scratch.keyboard.down('Control');
    await scratch.keyboard.press(key);
    await scratch.keyboard.up('Control');
    return scratch.evaluate(() => document.querySelector('textarea')!.value);
  };

  return {
    browser,
    base,
    // identity.getRedirectURL(): the SHA-1 of the add-on id.
    redirectUrl: `https://${createHash('sha1').update(geckoId).digest('hex')}.extensions.allizom.org/`,
    gotoExtensionPage,
    async beforeClose(page) {
      problems.push(...(await page.evaluate(takeHooked, 'this' as const).catch(() => [])));
    },
    async takeProblems() {
      problems.push(...(await request.pages.probe((page) => page.evaluate(takeHooked, 'all' as const))));
      return problems.splice(0);
    },
    async stopBackground() {
      await until(() => request.pages.probe((page) => page.evaluate(eventPageRuns)), (runs) => !runs, 'Firefox to suspend the event page', 20_000);
    },
    backgroundState: async () => ((await request.pages.probe((page) => page.evaluate(eventPageRuns))) ? 'running' : 'stopped'),
    // Reading the system clipboard: pasted (Ctrl+V) into the scratch page's textarea, as a user
    // would (navigator.clipboard.readText() can hang when the clipboard holds foreign data).
    readClipboard: () => pressInTextarea('v', ''),
    writeClipboard: async (text) => void (await pressInTextarea('c', text)),
    uninstall: async () => void (proc?.stdout?.off('data', onData), proc?.stderr?.off('data', onData), await browser.uninstallExtension(geckoId)),
  };
}

export const firefox: Adapter = { buildDir: path.resolve(process.cwd(), '.output/e2e-firefox-mv3'), launch };
