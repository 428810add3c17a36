#!/usr/bin/env node
// Firefox smoke run of the real Firefox MV3 build (`.output/firefox-mv3`, or the folder given as
// the first argument) in Debian's firefox-esr, headless.
//
// Only what the browser suite (tests/browser, which runs the e2e build) cannot see: the store
// build as Firefox installs it. web-ext starts Firefox on a fresh temporary profile and installs
// the build as a temporary add-on over our own remote-debugging (RDP) client, which proves that:
//   1. Firefox installs it with no manifest warnings and its background is RUNNING;
//   2. its one host permission is the production dashboard's origin (an https:// pattern, not the
//      e2e build's http://127.0.0.1/*).
// Everything else (pages, messages, the event page stopped and woken, nothing logged) is the
// browser suite's, in both browsers.
// Exits 0 and prints one PASS line, or exits 1 with a FAIL line and the details. Always stops the
// Firefox it started (by process id) and deletes the temporary profile.
//
// Env: FIREFOX_BIN (default /usr/bin/firefox-esr), FIREFOX_SMOKE_TIMEOUT_MS (default 45000).
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import net from 'node:net';
import { EventEmitter } from 'node:events';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import webExt from 'web-ext';
import { consoleStream } from 'web-ext/util/logger';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const sourceDir = path.resolve(process.argv[2] ?? path.join(root, '.output/firefox-mv3'));
const firefoxBin = process.env.FIREFOX_BIN ?? '/usr/bin/firefox-esr';
const timeoutMs = Number(process.env.FIREFOX_SMOKE_TIMEOUT_MS ?? 45_000);
const started = Date.now();
const seconds = () => `${((Date.now() - started) / 1000).toFixed(1)} s`;

class SmokeFailure extends Error {}
const fail = (message) => {
  throw new SmokeFailure(message);
};

// ---- A minimal RDP client ----------------------------------------------------------------------
// Packets are `<byte length>:<JSON>`. A packet with a `type` is an event; anything else is the
// reply to the oldest open request to the actor it comes `from` (one reply per request, in order).
class RdpClient extends EventEmitter {
  #socket = null;
  #buffer = Buffer.alloc(0);
  #waiting = new Map();

  connect(port) {
    return new Promise((resolve, reject) => {
      const socket = net.createConnection({ port, host: '127.0.0.1' });
      socket.once('error', reject);
      socket.on('data', (chunk) => this.#onData(chunk));
      socket.on('close', () => this.#rejectAll(new Error('The Firefox debugging connection closed.')));
      this.#socket = socket;
      this.#waiting.set('root', [{ resolve, reject }]); // Firefox greets first, from "root"
    });
  }

  request(to, type, params = {}) {
    return new Promise((resolve, reject) => {
      if (!this.#socket) return reject(new Error('Not connected to Firefox.'));
      const queue = this.#waiting.get(to) ?? [];
      queue.push({ resolve, reject });
      this.#waiting.set(to, queue);
      const json = JSON.stringify({ to, type, ...params });
      this.#socket.write(`${Buffer.byteLength(json)}:${json}`);
    });
  }

  close() {
    this.#socket?.destroy();
    this.#socket = null;
  }

  #onData(chunk) {
    this.#buffer = Buffer.concat([this.#buffer, chunk]);
    for (;;) {
      const colon = this.#buffer.indexOf(':');
      if (colon < 0) return;
      const length = Number(this.#buffer.subarray(0, colon).toString());
      if (this.#buffer.length < colon + 1 + length) return;
      const packet = JSON.parse(this.#buffer.subarray(colon + 1, colon + 1 + length).toString('utf8'));
      this.#buffer = this.#buffer.subarray(colon + 1 + length);
      this.#onPacket(packet);
    }
  }

  #onPacket(packet) {
    if ('type' in packet) {
      this.emit('event', packet);
      return;
    }
    const pending = this.#waiting.get(packet.from)?.shift();
    if (!pending) return;
    if (packet.error) pending.reject(new Error(`${packet.error}: ${packet.message ?? ''} (from ${packet.from})`));
    else pending.resolve(packet);
  }

  #rejectAll(error) {
    for (const queue of this.#waiting.values()) for (const pending of queue) pending.reject(error);
    this.#waiting.clear();
  }
}

// ---- Processes we started ----------------------------------------------------------------------
/** pid → { ppid, state, cmdline } from Linux /proc. */
function processTable() {
  const table = new Map();
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const stat = readFileSync(`/proc/${entry}/stat`, 'utf8');
      const [state, ppid] = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
      const cmdline = readFileSync(`/proc/${entry}/cmdline`, 'utf8').split('\0');
      table.set(Number(entry), { ppid: Number(ppid), state, cmdline });
    } catch {
      // The process ended while we looked.
    }
  }
  return table;
}

/** The Firefox started on our own temporary profile, and every process it started. */
function firefoxProcesses(profileDir) {
  const table = processTable();
  const ours = new Set();
  for (const [pid, { cmdline }] of table) if (cmdline.some((arg) => arg.startsWith(profileDir))) ours.add(pid);
  let grew = true;
  while (grew) {
    grew = false;
    for (const [pid, { ppid }] of table) {
      if (!ours.has(pid) && ours.has(ppid)) {
        ours.add(pid);
        grew = true;
      }
    }
  }
  return ours;
}

const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * Waits until none of `pids` runs any more. A process we spawned ourselves (Firefox's main
 * process) must also be reaped by us; an exited child of Firefox is left for init to reap.
 */
async function waitUntilGone(pids, ms) {
  const deadline = Date.now() + ms;
  const running = () => {
    const table = processTable();
    return pids.filter((pid) => {
      const p = table.get(pid);
      return p && (p.state !== 'Z' || p.ppid === process.pid);
    });
  };
  let alive = running();
  while (alive.length > 0 && Date.now() < deadline) {
    await sleep(100);
    alive = running();
  }
  return alive;
}

// ---- The run -----------------------------------------------------------------------------------
async function smoke(state) {
  if (!existsSync(firefoxBin)) fail(`${firefoxBin} not found (install Debian's firefox-esr, or set FIREFOX_BIN).`);
  const manifestPath = path.join(sourceDir, 'manifest.json');
  if (!existsSync(manifestPath)) fail(`${manifestPath} not found: build first (npm run build:firefox).`);
  const manifest = JSON.parse(readFileSync(manifestPath, 'utf8'));
  const addonId = manifest.browser_specific_settings?.gecko?.id;
  if (manifest.manifest_version !== 3 || !addonId) fail('The folder is not the Firefox MV3 build (manifest_version 3 with a gecko id).');

  const hosts = manifest.host_permissions ?? [];
  if (hosts.length !== 1 || !/^https:\/\/[^*/]+\/\*$/.test(hosts[0])) fail(`The store build's host permissions should be the production dashboard's origin alone, not ${JSON.stringify(hosts)}.`);

  const rdp = new RdpClient();
  state.rdp = rdp;

  // web-ext: fresh profile with its debugging prefs, Firefox headless, install over our client.
  state.runner = await webExt.cmd.run(
    {
      sourceDir,
      firefox: firefoxBin,
      firefoxProfile: state.profileDir,
      keepProfileChanges: true, // the profile is our own temp folder, deleted below
      args: ['--headless'],
      target: ['firefox-desktop'],
      noReload: true,
      noInput: true,
    },
    {
      shouldExitProgram: false,
      firefoxClient: async ({ port }) => {
        for (let attempt = 0; ; attempt++) {
          try {
            await rdp.connect(port);
            break;
          } catch (error) {
            if (attempt >= 200) throw error;
            await sleep(100);
          }
        }
        return {
          async installTemporaryAddon(addonPath) {
            const { addonsActor } = await rdp.request('root', 'getRoot');
            const installed = await rdp.request(addonsActor, 'installTemporaryAddon', { addonPath });
            state.installed = installed.addon?.id;
            return installed;
          },
          disconnect: () => rdp.close(),
        };
      },
    },
  );
  if (state.installed !== addonId) fail(`Firefox installed "${state.installed}", expected "${addonId}".`);

  const { deviceActor } = await rdp.request('root', 'getRoot');
  const device = await rdp.request(deviceActor, 'getDescription');
  state.firefoxVersion = `${device.value?.name ?? 'Firefox'} ${device.value?.version ?? '?'}`;

  const describeAddon = async () => {
    const { addons } = await rdp.request('root', 'listAddons');
    return addons.find((a) => a.id === addonId) ?? fail(`Firefox does not list ${addonId} after installing it.`);
  };
  const addon = await describeAddon();
  if (addon.warnings?.length) fail(`Firefox reported manifest warnings: ${addon.warnings.join('; ')}`);

  const deadline = Date.now() + 10_000;
  while ((await describeAddon()).backgroundScriptStatus !== 'RUNNING') {
    if (Date.now() > deadline) fail('The background did not start.');
    await sleep(50);
  }
  state.summary = `${manifest.name} ${manifest.version} (${addonId}) in ${state.firefoxVersion}: installed with no manifest warnings, background running, host permission ${hosts[0]}`;
}

async function cleanUp(state) {
  const problems = [];
  const pids = state.profileDir ? [...firefoxProcesses(state.profileDir)] : [];
  state.rdp?.close();
  let stopped = false;
  try {
    if (state.runner) {
      await state.runner.exit(); // SIGTERM to Firefox's main process; it ends its children
      stopped = true;
    }
  } catch {
    // Firefox already gone, or web-ext failed before it knew about it.
  }
  if (!stopped) {
    for (const pid of pids) {
      try {
        process.kill(pid, 'SIGTERM');
      } catch {
        // Already gone.
      }
    }
  }
  let alive = await waitUntilGone(pids, 5000);
  for (const pid of alive) {
    try {
      process.kill(pid, 'SIGKILL');
    } catch {
      // Already gone.
    }
  }
  alive = await waitUntilGone(alive, 2000);
  if (alive.length > 0) problems.push(`Firefox processes still running: ${alive.join(', ')}`);
  if (state.profileDir) {
    try {
      rmSync(state.profileDir, { recursive: true, force: true, maxRetries: 3 });
    } catch (error) {
      problems.push(`could not delete ${state.profileDir}: ${error.message}`);
    }
  }
  return problems;
}

const state = { profileDir: mkdtempSync(path.join(os.tmpdir(), 'kalshibook-firefox-smoke-')) };
// web-ext and the profile finder it uses are chatty; keep their output for a failure report.
consoleStream.startCapturing();
const quietWarn = console.warn;
const captured = [];
console.warn = (...args) => captured.push(args.join(' '));

// Interrupted (Ctrl+C, a CI timeout): no time for a graceful stop, but nothing may be left behind.
// 'exit' handlers must be synchronous: SIGKILL what still runs on our profile, delete the profile.
process.on('exit', () => {
  if (state.cleanedUp) return;
  for (const pid of firefoxProcesses(state.profileDir)) {
    try {
      process.kill(pid, 'SIGKILL');
    } catch {
      // Already gone.
    }
  }
  rmSync(state.profileDir, { recursive: true, force: true, maxRetries: 3 });
});
const onSignal = (signal) => {
  console.error(`FAIL firefox smoke: interrupted by ${signal} (${seconds()})`);
  process.exit(130);
};
process.once('SIGINT', onSignal);
process.once('SIGTERM', onSignal);

let outcome;

try {
  await Promise.race([smoke(state), sleep(timeoutMs).then(() => fail(`did not finish within ${timeoutMs / 1000} s`))]);
  outcome = { ok: true, message: state.summary };
} catch (error) {
  outcome = { ok: false, message: error instanceof SmokeFailure ? error.message : (error?.stack ?? String(error)) };
}
const cleanupProblems = await cleanUp(state);
state.cleanedUp = true;
console.warn = quietWarn;
if (cleanupProblems.length > 0 && outcome.ok) outcome = { ok: false, message: `cleanup failed: ${cleanupProblems.join('; ')}` };

if (outcome.ok) {
  console.log(`PASS firefox smoke: ${outcome.message} (${seconds()})`);
  consoleStream.stopCapturing();
  process.exit(0);
} else {
  const log = [...captured, ...consoleStream.capturedMessages.map((m) => m.trimEnd())];
  consoleStream.stopCapturing();
  if (log.length > 0) console.error(`web-ext output:\n  ${log.join('\n  ')}`);
  if (cleanupProblems.length > 0) console.error(`cleanup: ${cleanupProblems.join('; ')}`);
  console.error(`FAIL firefox smoke: ${outcome.message} (${seconds()})`);
  process.exit(1);
}
