#!/usr/bin/env node
// Firefox smoke run of the real Firefox MV3 build (`.output/firefox-mv3`, or the folder given as
// the first argument) in Debian's firefox-esr, headless.
//
// web-ext starts Firefox on a fresh temporary profile and installs the build as a temporary
// add-on. We hand web-ext our own remote-debugging (RDP) client, so the same connection then
// proves, in Firefox itself, that:
//   1. the add-on is installed with no manifest warnings and its background is RUNNING;
//   2. the background answers messages: it opens the options page, and the page shows
//      "Not signed in" and the sign-in form, which it can only do after the background answered
//      getSession and getSettings;
//   3. the background, stopped the way Firefox stops an idle event page, wakes up again on a
//      message (listeners registered at the top level) and answers again;
//   4. no context of the extension (background, options page) logged an error, an uncaught
//      exception, a rejected promise or a CSP violation.
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
const EXTENSION_PROBLEMS = [];
const EXTENSION_WARNINGS = [];

function collectResources(event) {
  if (event.type !== 'resources-available-array') return;
  for (const [resourceType, resources] of event.array) {
    for (const resource of resources) {
      if (resourceType === 'error-message') {
        const e = resource.pageError ?? resource;
        const line = `${e.category ?? 'error'}: ${e.errorMessage} (${e.sourceName}:${e.lineNumber})`;
        (e.warning && !e.error ? EXTENSION_WARNINGS : EXTENSION_PROBLEMS).push(line);
      } else if (resourceType === 'console-message') {
        const text = (resource.arguments ?? []).map((a) => (typeof a === 'string' ? a : JSON.stringify(a))).join(' ');
        const line = `console.${resource.level}: ${text} (${resource.filename}:${resource.lineNumber})`;
        if (resource.level === 'error') EXTENSION_PROBLEMS.push(line);
        else if (resource.level === 'warn') EXTENSION_WARNINGS.push(line);
      }
    }
  }
}

async function smoke(state) {
  if (!existsSync(firefoxBin)) fail(`${firefoxBin} not found (install Debian's firefox-esr, or set FIREFOX_BIN).`);
  const manifestPath = path.join(sourceDir, 'manifest.json');
  if (!existsSync(manifestPath)) fail(`${manifestPath} not found: build first (npm run build:firefox).`);
  const manifest = JSON.parse(readFileSync(manifestPath, 'utf8'));
  const addonId = manifest.browser_specific_settings?.gecko?.id;
  if (manifest.manifest_version !== 3 || !addonId) fail('The folder is not the Firefox MV3 build (manifest_version 3 with a gecko id).');

  const rdp = new RdpClient();
  state.rdp = rdp;
  const targets = [];
  // resultID → the result, or a function waiting for it (the result can arrive in the same chunk
  // as the request's reply, before the waiter is registered).
  const evaluations = new Map();
  rdp.on('event', (event) => {
    if (event.type === 'evaluationResult') {
      const waiting = evaluations.get(event.resultID);
      if (typeof waiting === 'function') waiting(event);
      else evaluations.set(event.resultID, event);
    } else if (event.type === 'target-available-form') targets.push(event.target);
    else collectResources(event);
  });

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

  const waitFor = async (what, check, ms = 10_000) => {
    const deadline = Date.now() + ms;
    for (;;) {
      const value = await check();
      if (value) return value;
      if (Date.now() > deadline) fail(`Timed out waiting for ${what}.`);
      await sleep(50);
    }
  };
  // `body` is the body of an async function. The console awaits its promise (mapped.await) but
  // reports a rejection only as a page error, so the outcome travels back as JSON instead.
  const evaluate = async (target, body) => {
    const text = `(async () => {
      try { return JSON.stringify({ ok: true, value: await (async () => {\n${body}\n})() }); }
      catch (e) { return JSON.stringify({ ok: false, error: String(e) }); }
    })()`;
    const ack = await rdp.request(target.consoleActor, 'evaluateJSAsync', { text, mapped: { await: true } });
    const result = await Promise.race([
      new Promise((resolve) => {
        const arrived = evaluations.get(ack.resultID);
        if (arrived) resolve(arrived);
        else evaluations.set(ack.resultID, resolve);
      }),
      sleep(15_000).then(() => fail(`No answer from ${target.url} to an evaluation.`)),
    ]);
    if (result.hasException) fail(`In ${target.url}: ${result.exceptionMessage}`);
    const outcome = typeof result.result === 'string' ? JSON.parse(result.result) : { ok: true, value: undefined };
    if (!outcome.ok) fail(`In ${target.url}: ${outcome.error}`);
    return outcome.value;
  };

  // Every document of the extension (background page, options page), and every message they log,
  // including the ones logged before we started watching.
  const { actor: watcher } = await rdp.request(addon.actor, 'getWatcher', { isServerTargetSwitchingEnabled: true });
  await rdp.request(watcher, 'watchTargets', { targetType: 'frame' });
  await rdp.request(watcher, 'watchResources', { resourceTypes: ['console-message', 'error-message'] });

  const byPage = (page) => () => [...targets].reverse().find((t) => new URL(t.url).pathname === `/${page}` && t.url.startsWith('moz-extension:'));
  await waitFor('the background to run', async () => (await describeAddon()).backgroundScriptStatus === 'RUNNING');
  const background = await waitFor('the background page', byPage('_generated_background_page.html'));
  const version = await evaluate(background, 'return browser.runtime.getManifest().version;');
  if (version !== manifest.version) fail(`The background reports version ${version}, the build is ${manifest.version}.`);

  // The options page renders its header from the background's answer to getSession, and the
  // sign-in form's "Signing in to …" from its answer to getSettings.
  const signedOutPage = `return await new Promise((resolve, reject) => {
    const deadline = Date.now() + 10000;
    const check = () => {
      const text = document.body ? document.body.innerText : '';
      const signIn = [...document.querySelectorAll('button[type=submit]')].some((b) => b.textContent.trim() === 'Sign in');
      const host = /Signing in to\\s+(\\S+)/.exec(text);
      if (text.includes('Not signed in') && signIn && host) resolve(host[1]);
      else if (Date.now() > deadline) reject(new Error('the options page shows: ' + JSON.stringify(text.slice(0, 300))));
      else setTimeout(check, 50);
    };
    check();
  })`;
  await evaluate(background, 'await browser.runtime.openOptionsPage();');
  let options = await waitFor('the options page', byPage('options.html'));
  state.signsInTo = await evaluate(options, signedOutPage);

  // Firefox stops an idle MV3 background (event page); a message must wake it up.
  await rdp.request(addon.actor, 'terminateBackgroundScript');
  await waitFor('the background to stop', async () => (await describeAddon()).backgroundScriptStatus === 'STOPPED');
  const before = options;
  await evaluate(options, 'setTimeout(() => location.reload(), 0);'); // answer first, then reload
  options = await waitFor('the reloaded options page', () => (byPage('options.html')() !== before ? byPage('options.html')() : null));
  await evaluate(options, signedOutPage);
  await waitFor('the background to run again', async () => (await describeAddon()).backgroundScriptStatus === 'RUNNING');

  await sleep(300); // late console messages
  if (EXTENSION_PROBLEMS.length > 0) fail(`The extension logged ${EXTENSION_PROBLEMS.length} error(s):\n  ${EXTENSION_PROBLEMS.join('\n  ')}`);
  state.summary = `${manifest.name} ${manifest.version} (${addonId}) in ${state.firefoxVersion}: installed, background running, options page answered by the background ("Not signed in", signs in to ${state.signsInTo}), background woke again after being stopped, 0 errors, ${EXTENSION_WARNINGS.length} warnings`;
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
  for (const warning of EXTENSION_WARNINGS) console.log(`  warning from the extension: ${warning}`);
  console.log(`PASS firefox smoke: ${outcome.message} (${seconds()})`);
  consoleStream.stopCapturing();
  process.exit(0);
} else {
  const log = [...captured, ...consoleStream.capturedMessages.map((m) => m.trimEnd())];
  consoleStream.stopCapturing();
  if (log.length > 0) console.error(`web-ext output:\n  ${log.join('\n  ')}`);
  if (EXTENSION_PROBLEMS.length > 0 && !outcome.message.includes(EXTENSION_PROBLEMS[0])) {
    console.error(`errors the extension logged:\n  ${EXTENSION_PROBLEMS.join('\n  ')}`);
  }
  if (cleanupProblems.length > 0) console.error(`cleanup: ${cleanupProblems.join('; ')}`);
  console.error(`FAIL firefox smoke: ${outcome.message} (${seconds()})`);
  process.exit(1);
}
