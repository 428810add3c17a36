// What differs between the two browsers, named for what it does; scenarios see only the driver (../driver), which calls this.
import { existsSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { Browser, Page } from 'puppeteer-core';

export type BrowserName = 'chromium' | 'firefox';

export interface LaunchRequest {
  /** The unpacked build to install (a private copy of the e2e build). */
  extensionDir: string;
  profileDir: string;
  /** Optional permissions the user has already allowed (no prompt in a headless browser). */
  grant?: { permissions?: string[]; origins?: string[] };
  colorScheme?: 'light' | 'dark';
  /** A visible browser window (on the X display in DISPLAY, e.g. under xvfb-run): a real system clipboard. Only scripts/clipboard-stress.ts. */
  headful?: boolean;
  /** Kept pages, opened on first use and reused (a look must not flip the tab in front): an ordinary page with a textarea; a manifest.json tab (runs no extension code) for `probe`'s looks. */
  pages: { web(): Promise<Page>; probe<T>(look: (page: Page) => Promise<T>): Promise<T> };
}

export interface Launched {
  browser: Browser;
  /** The extension's origin: chrome-extension://<id> or moz-extension://<uuid>. */
  base: string;
  /** What identity.getRedirectURL() answers in this browser. */
  redirectUrl: string;
  /** Navigates `page` to an extension URL and waits until it has loaded. */
  gotoExtensionPage(page: Page, url: string): Promise<void>;
  /** Called before an extension page closes (Firefox takes what its error hook recorded). */
  beforeClose(page: Page): Promise<void>;
  /** Errors, rejections, console.error calls and CSP violations of any extension context so far (taken: each is reported once). */
  takeProblems(): Promise<string[]>;
  /** Stops the service worker (Chromium) / waits until Firefox suspends the idle event page. */
  stopBackground(): Promise<void>;
  backgroundState(): Promise<'stopped' | 'running'>;
  /** The system clipboard, read and written on the ordinary web page (brought to front). */
  readClipboard(): Promise<string>;
  writeClipboard(text: string): Promise<void>;
  /** Removes the extension (its storage emptied before), the browser left running for `launch(request, browser)`. */
  uninstall(): Promise<void>;
}

export interface Adapter {
  /** Where the e2e build of this browser is written. */
  buildDir: string;
  /** Starts a browser with the extension installed, or installs it in `running` (one an uninstall left, never with `grant`). */
  launch(request: LaunchRequest, running?: Browser): Promise<Launched>;
}

export const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

const tempPrefix = (pid: number) => `kb-run${pid}-`;
const made: string[] = [];
process.once('exit', () => made.forEach((dir) => rmSync(dir, { recursive: true, force: true })));
/** A new temporary folder, removed when this process exits; named after its parent, as vitest stops a worker with SIGTERM (no exit handler runs): ../global-setup.ts removes those after the run. */
export function tempDir(what: string): string {
  made.push(mkdtempSync(path.join(tmpdir(), `${tempPrefix(process.ppid)}${what}-`)));
  return made.at(-1)!;
}
/** Every temporary folder the children of process `pid` made with tempDir, removed. */
export const removeTempDirsOf = (pid: number) => readdirSync(tmpdir()).filter((name) => name.startsWith(tempPrefix(pid))).forEach((name) => rmSync(path.join(tmpdir(), name), { recursive: true, force: true }));

// 30 s, not 15: under load a reloaded page once waited longer than 15 s for the background's answer (a wait, not a time bound).
export const UI_TIMEOUT = 30_000;

/** Polls `read` every `every` ms until `ok` (or throws with the last value after `timeout`). */
export async function until<T>(read: () => Promise<T>, ok: (value: T) => boolean, what: string, timeout = UI_TIMEOUT, every = 150): Promise<T> {
  const deadline = Date.now() + timeout;
  for (;;) {
    const value = await read();
    if (ok(value)) return value;
    if (Date.now() > deadline) throw new Error(`Timed out after ${timeout} ms waiting for ${what} (last: ${JSON.stringify(value)})`);
    await sleep(every);
  }
}

/** What both browsers launch with: the profile, headless unless `headful`, a 1280×800 viewport, a patient protocol. */
export const launchBasics = (request: LaunchRequest) =>
  ({ headless: !request.headful, userDataDir: request.profileDir, defaultViewport: { width: 1280, height: 800 }, protocolTimeout: 60_000 });

/** The first of `candidates` that exists (the browser's executable), or an error saying what to install. */
export function executable(candidates: (string | undefined)[], missing: string): string {
  const found = candidates.find((candidate) => candidate && existsSync(candidate));
  if (!found) throw new Error(missing);
  return found;
}
