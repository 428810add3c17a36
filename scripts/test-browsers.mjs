#!/usr/bin/env node
// The scenario suite (tests/browser) in both browsers: builds the Chrome MV3 and the Firefox MV3
// e2e builds (one at a time: WXT regenerates .wxt/ on every build), then runs vitest projects
// `browser-chromium` and `browser-firefox` in one vitest, KB_BROWSER_WORKERS files at a time (3 by
// default), the two browsers taking turns (vitest.config.ts): each file launches its own browser, and they mostly wait, so
// overlapping them pays on 2 cores. `npm test` runs the same from scripts/test-all.mjs. Extra
// arguments (files) are passed to vitest.
import { spawnSync } from 'node:child_process';
import { elapsed, runStep } from './run-steps.mjs';

for (const build of ['build:e2e', 'build:firefox:e2e']) {
  if (spawnSync('npm', ['run', '-s', build], { stdio: 'inherit' }).status !== 0) {
    console.error(`${build} failed`);
    process.exit(1);
  }
}

const workers = Number(process.env.KB_BROWSER_WORKERS ?? 3);
const env = { PUPPETEER_SKIP_DOWNLOAD: '1', NODE_OPTIONS: `${process.env.NODE_OPTIONS ?? ''} --import ./scripts/node-polyfills.mjs`.trim() };
const command = ['npx vitest run --project browser-chromium --project browser-firefox', `--maxWorkers=${workers}`, ...process.argv.slice(2)].join(' ');
const code = await runStep({ name: 'browsers', command, env });
console.log(`Browser suite: ${code === 0 ? 'passed in both browsers' : 'FAILED'} in ${elapsed()} (${workers} files at a time)`);
process.exit(code);
