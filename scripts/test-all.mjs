#!/usr/bin/env node
// `npm test`: every check of the project, in stages. A stage starts when the one before passed;
// the steps of a stage run side by side. On 2 cores that pays for the type checker beside ESLint
// (one thread each) and for the browser scenarios, which wait in stretches (timers, an idle
// background, a slowed server) but are CPU-bound on the whole (docs/testing.md). The unit tests are pure CPU with a few time bounds: they run alone
// (beside four browsers they missed their bounds). Output lines carry the step's name.
//   1. typecheck (tsc) and lint (ESLint, the import-cycle check), after `wxt prepare` (which
//      rewrites .wxt/, so it never runs beside them)
//   2. the store builds: the Firefox zip + addons-linter, then the smoke run of that same build
//   3. the e2e builds of both browsers, into .output/e2e-* (one at a time: WXT regenerates .wxt/
//      on every build)
//   4. unit + component + local-API tests, then the TZ pass
//   5. the scenario suite (tests/browser) in Chromium and in Firefox (browserSuiteStep); beside it,
//      `npm start` under a virtual display of its own (scripts/test-npm-start.ts)
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
  [{ name: 'unit', command: 'npm run -s test:unit && npm run -s test:tz' }],
  [
    browserSuiteStep(),
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
