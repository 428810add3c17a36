/**
 * The browser part of `npm start` (scripts/start.ts): find Chromium or Chrome, start it on a
 * temporary profile with the unpacked extension, and make sure its options page is open and
 * really shows the extension.
 *
 * Why not just a start URL: Chromium loads a `--load-extension` extension asynchronously, after
 * the first window has started loading its start URL, so `chrome-extension://<id>/options.html` as
 * the start URL usually ends on "This page has been blocked by Chromium" (ERR_BLOCKED_BY_CLIENT).
 * And why not `--no-startup-window` plus the extension's first-install handler: Debian's Chromium
 * 156 quits before that handler opens a window. So the options URL is the start URL (the window's
 * only tab: no blank New Tab), and start.ts talks to the browser over a DevTools pipe
 * (`--remote-debugging-pipe`, no network port): once the extension's service worker is up (the
 * extension is installed), the tab is reloaded if it shows the blocked page, or opened if the user
 * already closed it. The extension's own first-install openOptionsPage() finds that tab (same URL)
 * and focuses it instead of adding a second one.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { accessSync, constants } from 'node:fs';
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import type { Readable, Writable } from 'node:stream';

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

export function findBrowser(): string | undefined {
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

/** Branded Chrome (not Chromium) ignores --load-extension since Chrome 137. */
export const isBrandedChrome = (browserPath: string): boolean => /chrome/i.test(path.basename(browserPath));

interface TargetInfo {
  targetId: string;
  type: string;
  url: string;
}

/**
 * The Chrome DevTools Protocol over `--remote-debugging-pipe`: the browser reads commands on its
 * fd 3 and writes answers and events on its fd 4, each message JSON followed by a NUL byte.
 */
class PipeConnection {
  #nextId = 1;
  #pending = new Map<number, { resolve: (value: unknown) => void; reject: (error: Error) => void }>();
  #buffer = '';
  #closed = false;
  readonly targets = new Map<string, TargetInfo>();
  #onTargets: (() => void)[] = [];

  constructor(
    private readonly out: Writable,
    input: Readable,
  ) {
    input.setEncoding('utf8');
    input.on('data', (chunk: string) => {
      this.#buffer += chunk;
      let end;
      while ((end = this.#buffer.indexOf('\0')) >= 0) {
        const raw = this.#buffer.slice(0, end);
        this.#buffer = this.#buffer.slice(end + 1);
        this.#message(raw);
      }
    });
    const close = () => {
      this.#closed = true;
      for (const { reject } of this.#pending.values()) reject(new Error('The browser closed its DevTools pipe.'));
      this.#pending.clear();
      this.#notify();
    };
    input.on('close', close);
    input.on('error', close);
    out.on('error', close);
  }

  get closed(): boolean {
    return this.#closed;
  }

  #message(raw: string): void {
    let message: { id?: number; result?: unknown; error?: { message: string }; method?: string; params?: { targetInfo?: TargetInfo; targetId?: string } };
    try {
      message = JSON.parse(raw);
    } catch {
      return;
    }
    if (message.id !== undefined) {
      const waiting = this.#pending.get(message.id);
      this.#pending.delete(message.id);
      if (message.error) waiting?.reject(new Error(message.error.message));
      else waiting?.resolve(message.result);
      return;
    }
    if ((message.method === 'Target.targetCreated' || message.method === 'Target.targetInfoChanged') && message.params?.targetInfo) {
      this.targets.set(message.params.targetInfo.targetId, message.params.targetInfo);
      this.#notify();
    } else if (message.method === 'Target.targetDestroyed' && message.params?.targetId) {
      this.targets.delete(message.params.targetId);
      this.#notify();
    }
  }

  #notify(): void {
    const listeners = this.#onTargets;
    this.#onTargets = [];
    for (const listener of listeners) listener();
  }

  send<T>(method: string, params: object = {}, sessionId?: string): Promise<T> {
    if (this.#closed) return Promise.reject(new Error('The browser closed its DevTools pipe.'));
    const id = this.#nextId++;
    return new Promise<T>((resolve, reject) => {
      this.#pending.set(id, { resolve: resolve as (value: unknown) => void, reject });
      this.out.write(`${JSON.stringify({ id, method, params, ...(sessionId ? { sessionId } : {}) })}\0`);
    });
  }

  /** Resolves once `test` holds for the known targets, or with false after `ms` / when the pipe closes. */
  async waitForTarget(test: (t: TargetInfo) => boolean, ms: number): Promise<boolean> {
    const deadline = Date.now() + ms;
    while (!this.#closed) {
      if ([...this.targets.values()].some(test)) return true;
      const left = deadline - Date.now();
      if (left <= 0) return false;
      await new Promise<void>((resolve) => {
        const timer = setTimeout(resolve, left);
        this.#onTargets.push(() => {
          clearTimeout(timer);
          resolve();
        });
      });
    }
    return false;
  }
}

/** 'ready': the options page shows the extension; 'not-loaded': no extension worker in time; 'gone': the browser closed first. */
export type OptionsPageState = 'ready' | 'not-loaded' | 'gone';

export interface StartedBrowser {
  process: ChildProcess;
  optionsPageReady: Promise<OptionsPageState>;
}

export interface BrowserLaunch {
  browserPath: string;
  profileDir: string;
  extensionDir: string;
  extensionId: string;
  /** Passed on as --remote-debugging-port (for scripts/test-npm-start.ts). */
  remoteDebuggingPort?: number;
}

/** How long the extension may take to load before start.ts says it did not. */
const EXTENSION_LOAD_MS = 30_000;

export function launchBrowser(launch: BrowserLaunch): StartedBrowser {
  const origin = `chrome-extension://${launch.extensionId}`;
  const optionsUrl = `${origin}/options.html`;
  const args = [
    `--user-data-dir=${launch.profileDir}`,
    `--disable-extensions-except=${launch.extensionDir}`,
    `--load-extension=${launch.extensionDir}`,
    '--no-first-run',
    '--no-default-browser-check',
    '--remote-debugging-pipe',
    ...(launch.remoteDebuggingPort !== undefined ? [`--remote-debugging-port=${launch.remoteDebuggingPort}`] : []),
    // Chromium refuses to run as root with its sandbox on.
    ...(process.getuid?.() === 0 ? ['--no-sandbox'] : []),
    optionsUrl,
  ];
  // A process group of its own (POSIX): stopBrowser() ends the browser with all its helpers.
  const child = spawn(launch.browserPath, args, { stdio: ['ignore', 'ignore', 'ignore', 'pipe', 'pipe'], detached: process.platform !== 'win32' });
  const cdp = new PipeConnection(child.stdio[3] as Writable, child.stdio[4] as Readable);

  const optionsPageReady = (async (): Promise<OptionsPageState> => {
    await cdp.send('Target.setDiscoverTargets', { discover: true });
    const loaded = await cdp.waitForTarget((t) => t.type === 'service_worker' && t.url.startsWith(`${origin}/`), EXTENSION_LOAD_MS);
    if (!loaded) return cdp.closed ? 'gone' : 'not-loaded';
    const tab = [...cdp.targets.values()].find((t) => t.type === 'page' && t.url.startsWith(optionsUrl));
    if (!tab) {
      await cdp.send('Target.createTarget', { url: optionsUrl });
      return 'ready';
    }
    const { sessionId } = await cdp.send<{ sessionId: string }>('Target.attachToTarget', { targetId: tab.targetId, flatten: true });
    // A tab that loaded before the extension was installed shows Chromium's error page, whose
    // origin is not the extension's.
    const shown = await cdp.send<{ result: { value?: unknown } }>('Runtime.evaluate', { expression: 'location.origin', returnByValue: true }, sessionId);
    if (shown.result.value !== origin) await cdp.send('Page.reload', {}, sessionId);
    await cdp.send('Target.detachFromTarget', { sessionId });
    return 'ready' as const;
  })().catch((): OptionsPageState => (cdp.closed ? 'gone' : 'not-loaded'));

  return { process: child, optionsPageReady };
}

/** A browser started with --remote-debugging-port writes the port it chose into its profile. */
export async function devToolsUrl(profileDir: string, browser: ChildProcess): Promise<string | undefined> {
  const deadline = Date.now() + 30_000;
  while (Date.now() < deadline && browser.exitCode === null) {
    const text = await readFile(path.join(profileDir, 'DevToolsActivePort'), 'utf8').catch(() => '');
    const port = text.split('\n')[0]?.trim();
    if (port && /^\d+$/.test(port)) return `http://127.0.0.1:${port}`;
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
  return undefined;
}

const groupAlive = (pgid: number): boolean => {
  try {
    process.kill(-pgid, 0);
    return true;
  } catch {
    return false;
  }
};

function signal(child: ChildProcess, name: NodeJS.Signals): void {
  try {
    if (process.platform !== 'win32' && child.pid !== undefined) process.kill(-child.pid, name);
    else child.kill(name);
  } catch {
    // already gone
  }
}

/**
 * Closes the browser (SIGTERM: Chromium shuts down cleanly) and waits until it and its helper
 * processes (zygote, renderers, GPU, crash handler) are gone, so its profile can be removed; what
 * is still running after `ms` is killed.
 */
export async function stopBrowser(child: ChildProcess, ms = 10_000): Promise<void> {
  const pgid = process.platform !== 'win32' ? child.pid : undefined;
  const gone = () => (pgid !== undefined ? !groupAlive(pgid) : child.exitCode !== null || child.signalCode !== null);
  if (gone()) return;
  signal(child, 'SIGTERM');
  for (const until = Date.now() + ms; !gone() && Date.now() < until; ) await new Promise((resolve) => setTimeout(resolve, 100));
  if (gone()) return;
  signal(child, 'SIGKILL');
  for (const until = Date.now() + 2_000; !gone() && Date.now() < until; ) await new Promise((resolve) => setTimeout(resolve, 100));
}
