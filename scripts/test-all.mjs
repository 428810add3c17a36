#!/usr/bin/env node
// `npm test`: every check of the project, in stages. A stage starts when the one before passed;
// the steps of a stage run side by side. On 2 cores that pays for the type checker beside ESLint
// (one thread each). Output lines carry the step's name; a step prints FAILED as soon as it ends.
//   1. typecheck (tsc) and lint (ESLint, the import-cycle check), after `wxt prepare` (which
//      rewrites .wxt/, so it never runs beside them)
//   2. the store builds: the Firefox zip + addons-linter, then the smoke run of that same build
//   3. the e2e builds of both browsers, into .output/e2e-* (one at a time: WXT regenerates .wxt/
//      on every build)
//   4. the scenario suite (tests/browser) in Chromium and in Firefox (browserSuiteStep); beside it,
//      `npm start` under a virtual display of its own (scripts/test-npm-start.ts), and the unit +
//      component + local-API tests, then the TZ pass, at the lowest CPU priority (nice 19). The
//      suite leaves about a third of the CPU idle (its scenarios wait for timers, an idle
//      background, a slowed server): the unit tests run in that idle time instead of before the
//      suite, and barely slow it. Their few speed bounds count CPU time, not wall time.
// KB_TEST_SEQUENTIAL=1 runs every step one after the other (slower; a clearer log).
import { browserSuiteStep, elapsed, runTogether } from './run-steps.mjs';

const stages = [
  [{ name: 'prepare', command: 'npx wxt prepare' }],
  [
    { name: 'typecheck', command: 'npx tsc --noEmit' },
    { name: 'lint', command: 'npm run -s lint' },
  ],
  [{ name: 'store build', command: 'npm run -s lint:firefox && node scripts/firefox-smoke.mjs' }],
  [{ name: 'e2e builds', command: 'npm run -s build:e2e && npm run -s build:firefox:e2e' }],
  [
    browserSuiteStep(),
    { name: 'unit', command: "nice -n 19 sh -c 'npm run -s test:unit && npm run -s test:tz'" },
    // Its own display, API port, profile and build (.output/chrome-mv3; the suite runs the e2e
    // builds in .output/e2e-*): it can run beside the suite, and mostly waits.
    { name: 'npm start', command: 'npm run -s test:start' },
  ],
];

const sequential = process.env.KB_TEST_SEQUENTIAL === '1';
for (const steps of stages) {
  if (!(await runTogether(steps, { sequential }))) {
    console.error(`npm test FAILED after ${elapsed()} (${steps.map((s) => s.name).join(', ')})`);
    process.exit(1);
  }
}
console.log(`npm test passed in ${elapsed()}`);
