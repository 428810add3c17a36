#!/usr/bin/env node
// `npm test`: every check of the project. The scenario suite (tests/browser, both browsers) is the
// long step; on 2 cores it leaves about a third of the CPU idle (its scenarios wait in stretches:
// 30-s clipboard clears, a polled billing return, an idle background), so the other checks run
// beside it, one stage after another (docs/testing.md, "Where the time goes"):
//   1. the e2e builds of both browsers into .output/e2e-* (one at a time: WXT regenerates .wxt/ on
//      every build), then `wxt prepare` (the types the type checker reads)
//   2. the scenario suite (browserSuiteStep), and beside it, in order:
//      a. typecheck (tsc) and lint (ESLint, the import-cycle check), side by side
//      b. the store builds: the Firefox zip + addons-linter, then the smoke run of that same build
//      c. unit + component + local-API tests, then the TZ pass (their few time bounds are generous
//         ones: 8 s for what takes 2 s)
//      d. `npm start` under a virtual display of its own (scripts/test-npm-start.ts; its own API
//         port, profile and build in .output/chrome-mv3)
//   Nothing in 2a–2d writes what the suite reads (it runs private copies of the e2e builds); the
//   steps that run WXT (2b, 2d) never run beside the type checker.
// KB_TEST_SEQUENTIAL=1 runs every step one after the other (slower; a clearer log).
import { browserSuiteStep, elapsed, runStages } from './run-steps.mjs';

const stages = [
  [{ name: 'e2e builds', command: 'npm run -s build:e2e && npm run -s build:firefox:e2e && npx wxt prepare' }],
  [
    browserSuiteStep(),
    {
      name: 'checks',
      stages: [
        [
          { name: 'typecheck', command: 'npx tsc --noEmit' },
          { name: 'lint', command: 'npm run -s lint' },
        ],
        [{ name: 'store build', command: 'npm run -s lint:firefox && node scripts/firefox-smoke.mjs' }],
        [{ name: 'unit', command: 'npm run -s test:unit && npm run -s test:tz' }],
        [{ name: 'npm start', command: 'npm run -s test:start' }],
      ],
    },
  ],
];

const failed = await runStages(stages, { sequential: process.env.KB_TEST_SEQUENTIAL === '1' });
if (failed) {
  console.error(`npm test FAILED after ${elapsed()} (${failed})`);
  process.exit(1);
}
console.log(`npm test passed in ${elapsed()}`);
