// The listener harness of the secrets tests (secrets.test.ts, secrets-access.test.ts): a signed-out
// background on a fake server (holding one key created before reveal existed) behind the real
// message listener (registerHandlers → runtime.onMessage), every storage write, console call and
// Result a page receives recorded. `server`, `bg`, `clock`, … are live bindings set before each test.
import { afterEach, beforeEach, vi } from 'vitest';
import { fakeBrowser } from 'wxt/testing/fake-browser';
import { registerHandlers } from '@/lib/background/register';
import type { BackgroundService } from '@/lib/background/service';
import { messenger, type ProtocolMap, type Result } from '@/lib/messaging';
import { createFakeServer, type FakeServer } from '../helpers/fake-server';
import { configure, service } from './harness';

const CONSOLE = ['log', 'info', 'warn', 'error', 'debug', 'trace'] as const;

export let server: FakeServer;
export let bg: BackgroundService;
export let clock: number;
export let writes: { area: string; key: string; value: string }[];
export let consoleCalls: string[];
export let results: { type: string; text: string }[];
let messageId = 1;

const popup = () => ({ id: fakeBrowser.runtime.id, url: fakeBrowser.runtime.getURL('/popup.html'), tab: undefined });

/** Sends a message the way runtime.sendMessage delivers it to the background's listener. */
export function send<K extends keyof ProtocolMap>(type: K, data?: Parameters<ProtocolMap[K]>[0], sender: object = popup()): Promise<ReturnType<ProtocolMap[K]>> {
  return new Promise((resolve, reject) => {
    const message = { id: messageId++, type, data, timestamp: Date.now() };
    void fakeBrowser.runtime.onMessage.trigger(message, sender, (response: { res?: unknown; err?: unknown }) => {
      if (response.err) reject(new Error(`listener threw: ${JSON.stringify(response.err)}`));
      const result = JSON.parse(JSON.stringify(response.res)) as ReturnType<ProtocolMap[K]>;
      results.push({ type, text: JSON.stringify(result) });
      resolve(result);
    });
  });
}

export async function ok<T>(pending: Promise<Result<T>>): Promise<T> {
  const result = await pending;
  if (!result.ok) throw new Error(`expected ok, got ${JSON.stringify(result.error)}`);
  return result.data;
}

/** Moves the fake clock (the server's and the background's `now`) forward. */
export function advanceClock(ms: number): void {
  clock += ms;
}

/** Registers the hooks: a fresh server, background and listener before each test; sign-out after. */
export function withSecretsHarness(): void {
  beforeEach(async () => {
    clock = Date.UTC(2026, 1, 20, 9, 0, 0);
    writes = [];
    consoleCalls = [];
    results = [];
    await configure();
    server = createFakeServer({ now: () => clock });
    server.addKey('legacy', 'dev', { revealable: false });
    bg = service(server, { now: () => clock });
    registerHandlers(bg);
    fakeBrowser.storage.onChanged.addListener((changes: Record<string, { newValue?: unknown }>, area: string) => {
      for (const [key, change] of Object.entries(changes)) writes.push({ area, key, value: JSON.stringify(change.newValue ?? null) });
    });
    for (const method of CONSOLE) {
      vi.spyOn(console, method).mockImplementation((...args: unknown[]) => {
        consoleCalls.push(args.map((a) => (a instanceof Error ? `${a.message} ${a.stack}` : typeof a === 'string' ? a : JSON.stringify(a))).join(' '));
      });
    }
  });

  afterEach(async () => {
    messenger.removeAllListeners();
    await bg.signOut().catch(() => undefined);
    vi.restoreAllMocks();
  });
}
