#!/usr/bin/env node
// The two real-browser suites side by side: the Chromium suite (vitest project `e2e`, the Chrome
// e2e build) and the Firefox suite (project `firefox`, the Firefox e2e build). Each suite runs
// its files one after another in its own browser; the two processes overlap, which on this
// 2-core machine takes ~70 % of running them one after the other (both are mostly waiting for
// their browser). The builds run first, one at a time (WXT regenerates .wxt/ on every build).
// Output is streamed line by line with a [chromium] / [firefox] prefix; the exit code is non-zero
// if either suite failed. Env: KB_BROWSER_SUITES=sequential runs them one after the other.
import { spawn, spawnSync } from 'node:child_process';

const suites = [
  { name: 'chromium', build: 'build:e2e', project: 'e2e' },
  { name: 'firefox', build: 'build:firefox:e2e', project: 'firefox' },
];
const started = Date.now();
const seconds = () => `${Math.round((Date.now() - started) / 1000)} s`;

for (const suite of suites) {
  const build = spawnSync('npm', ['run', '-s', suite.build], { stdio: 'inherit' });
  if (build.status !== 0) {
    console.error(`${suite.build} failed`);
    process.exit(1);
  }
}

const env = { ...process.env, NODE_OPTIONS: `${process.env.NODE_OPTIONS ?? ''} --import ./scripts/node-polyfills.mjs`.trim() };

function run(suite) {
  return new Promise((resolve) => {
    const child = spawn('npx', ['vitest', 'run', '--project', suite.project], { env, stdio: ['ignore', 'pipe', 'pipe'] });
    const prefix = `[${suite.name}] `;
    for (const stream of [child.stdout, child.stderr]) {
      let rest = '';
      stream.on('data', (chunk) => {
        const lines = (rest + chunk.toString('utf8')).split('\n');
        rest = lines.pop() ?? '';
        for (const line of lines) (stream === child.stderr ? process.stderr : process.stdout).write(prefix + line + '\n');
      });
      stream.on('end', () => {
        if (rest) process.stdout.write(prefix + rest + '\n');
      });
    }
    child.on('close', (code) => {
      console.log(`${prefix}${code === 0 ? 'passed' : `FAILED (exit ${code})`} after ${seconds()}`);
      resolve(code === 0);
    });
  });
}

const results =
  process.env.KB_BROWSER_SUITES === 'sequential'
    ? [await run(suites[0]), await run(suites[1])]
    : await Promise.all(suites.map(run));
console.log(`Browser suites: ${results.every(Boolean) ? 'all passed' : 'FAILED'} in ${seconds()} (chromium and firefox ${process.env.KB_BROWSER_SUITES === 'sequential' ? 'one after the other' : 'side by side'})`);
process.exit(results.every(Boolean) ? 0 : 1);
