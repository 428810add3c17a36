#!/usr/bin/env node
// The scenario suite (tests/browser) in both browsers: builds the Chrome MV3 and the Firefox MV3
// e2e builds (one at a time: WXT regenerates .wxt/ on every build), then runs vitest project
// `browser-chromium` and `browser-firefox` side by side (each runs its files one after another in
// its own browser; both mostly wait for their browser, so overlapping them saves time on 2 cores).
// Output is streamed with a [chromium] / [firefox] prefix; the exit code is non-zero if either
// failed. KB_BROWSER_SUITES=sequential runs them one after the other; extra arguments (files)
// are passed to vitest.
import { spawn, spawnSync } from 'node:child_process';

const browsers = [
  { name: 'chromium', build: 'build:e2e' },
  { name: 'firefox', build: 'build:firefox:e2e' },
];
const files = process.argv.slice(2);
const started = Date.now();
const seconds = () => `${Math.round((Date.now() - started) / 1000)} s`;

for (const { build } of browsers) {
  if (spawnSync('npm', ['run', '-s', build], { stdio: 'inherit' }).status !== 0) {
    console.error(`${build} failed`);
    process.exit(1);
  }
}

const env = { ...process.env, PUPPETEER_SKIP_DOWNLOAD: '1', NODE_OPTIONS: `${process.env.NODE_OPTIONS ?? ''} --import ./scripts/node-polyfills.mjs`.trim() };

function run({ name }) {
  return new Promise((resolve) => {
    const child = spawn('npx', ['vitest', 'run', '--project', `browser-${name}`, ...files], { env, stdio: ['ignore', 'pipe', 'pipe'] });
    const prefix = `[${name}] `;
    for (const stream of [child.stdout, child.stderr]) {
      let rest = '';
      const out = stream === child.stderr ? process.stderr : process.stdout;
      stream.on('data', (chunk) => {
        const lines = (rest + chunk.toString('utf8')).split('\n');
        rest = lines.pop() ?? '';
        for (const line of lines) out.write(prefix + line + '\n');
      });
      stream.on('end', () => rest && out.write(prefix + rest + '\n'));
    }
    child.on('close', (code) => {
      console.log(`${prefix}${code === 0 ? 'passed' : `FAILED (exit ${code})`} after ${seconds()}`);
      resolve(code === 0);
    });
  });
}

const sequential = process.env.KB_BROWSER_SUITES === 'sequential';
const results = sequential ? [await run(browsers[0]), await run(browsers[1])] : await Promise.all(browsers.map(run));
console.log(`Browser suite: ${results.every(Boolean) ? 'passed in both browsers' : 'FAILED'} in ${seconds()} (${sequential ? 'one after the other' : 'side by side'})`);
process.exit(results.every(Boolean) ? 0 : 1);
