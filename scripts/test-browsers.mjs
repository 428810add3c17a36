#!/usr/bin/env node
// The scenario suite in both browsers (browserSuiteStep in run-steps.mjs, as in `npm test`), after
// the Chrome MV3 and the Firefox MV3 e2e builds (one at a time: WXT regenerates .wxt/ on every
// build). Extra arguments (files) are passed to vitest.
import { spawnSync } from 'node:child_process';
import { browserSuiteStep, elapsed, runStep } from './run-steps.mjs';

for (const build of ['build:e2e', 'build:firefox:e2e']) {
  if (spawnSync('npm', ['run', '-s', build], { stdio: 'inherit' }).status !== 0) {
    console.error(`${build} failed`);
    process.exit(1);
  }
}

const step = browserSuiteStep(process.argv.slice(2));
const code = await runStep(step);
console.log(`Browser suite: ${code === 0 ? 'passed in both browsers' : 'FAILED'} in ${elapsed()} (${step.workers} files at a time)`);
process.exit(code);
