#!/usr/bin/env node
// `npm test`: every check of the project. Output lines carry the step's name; a step prints FAILED
// as soon as it ends, and `npm test` fails at the end if any step failed.
//   1. `wxt prepare` (it writes .wxt/), then the e2e builds of both browsers into .output/e2e-*,
//      side by side. The builds write the same .wxt/ files (WXT rewrites a file only when its text
//      changes, and both give the same text), so nothing read later changes under a reader.
//   2. Side by side:
//      - the scenario suite (tests/browser) in Chromium and in Firefox (browserSuiteStep);
//      - `npm start` under a virtual display of its own (scripts/test-npm-start.ts);
//      - the other checks, at the lowest CPU priority (nice 19), one stage after the other:
//        typecheck (tsc) beside lint (ESLint, the import-cycle check); the Firefox store zip +
//        addons-linter; the smoke run of that build (at normal priority: it bounds how long Firefox
//        may take to start the add-on); the unit + component + local-API tests, then the TZ pass
//        (their hang guards grow at low priority: tests/helpers/priority.ts).
//      The suite leaves about a third of the machine's CPU idle (its scenarios wait for timers, an
//      idle background, a slowed server): the other checks run in that idle time instead of before
//      the suite, and barely slow it. The unit tests' few speed bounds count CPU time, not wall time.
// KB_TEST_SEQUENTIAL=1 runs every step one after the other (slower; a clearer log).
import { browserSuiteStep, elapsed, runStep, runTogether } from './run-steps.mjs';

const sequential = process.env.KB_TEST_SEQUENTIAL === '1';
/**
 * A step at the lowest CPU priority, children included: nice 19 and, where util-linux's chrt is
 * found, the SCHED_IDLE policy (a waking task of the suite takes the CPU from it at once; nice 19
 * alone lets it finish its time slice first).
 */
const niced = (name, command) => ({ name, command: `nice -n 19 $(command -v chrt >/dev/null && echo chrt --idle 0) sh -c '${command}'` });

/** Stages, one after the other (a stage's steps side by side); false after the first that failed. */
async function stages(list) {
  for (const steps of list) {
    if (!(await runTogether(steps, { sequential }))) {
      console.error(`npm test: FAILED in ${steps.map((s) => s.name).join(', ')} (${elapsed()} since the start)`);
      return false;
    }
  }
  return true;
}

const builds = [
  [{ name: 'prepare', command: 'npx wxt prepare' }],
  [
    { name: 'e2e build chrome', command: 'npm run -s build:e2e' },
    { name: 'e2e build firefox', command: 'npm run -s build:firefox:e2e' },
  ],
];

const checks = [
  [niced('typecheck', 'npx tsc --noEmit'), niced('lint', 'npm run -s lint')],
  [niced('store build', 'npm run -s lint:firefox')],
  [{ name: 'smoke run', command: 'node scripts/firefox-smoke.mjs' }],
  [niced('unit', 'npm run -s test:unit && npm run -s test:tz')],
];

let passed = await stages(builds);
if (passed) {
  const suite = browserSuiteStep();
  // Its own display, API port, profile and build (.output/chrome-mv3; the suite runs the e2e builds in .output/e2e-*).
  const start = { name: 'npm start', command: 'npm run -s test:start' };
  const results = sequential
    ? [await stages(checks), (await runStep(suite)) === 0, (await runStep(start)) === 0]
    : await Promise.all([stages(checks), runStep(suite).then((code) => code === 0), runStep(start).then((code) => code === 0)]);
  passed = results.every(Boolean);
}
console.log(passed ? `npm test passed in ${elapsed()}` : `npm test FAILED after ${elapsed()}`);
process.exit(passed ? 0 : 1);
