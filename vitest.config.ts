import { defineConfig } from 'vitest/config';
import { WxtVitest } from 'wxt/testing/vitest-plugin';
import { runsAtLowPriority } from './tests/helpers/priority';

/** Files that replace a module with `vi.mock` which other unit files import for real: they need a module cache of their own. */
const ISOLATED = ['tests/components/billing/usage-charts.test.tsx'];

/** Bounds on a hang, not on speed (vitest's 5-s default was outgrown under load); 5 minutes at nice 19, as in `npm test`. */
const HANG_GUARD_MS = runsAtLowPriority() ? 300_000 : 30_000;

/** What the unit projects share: WXT's aliases and fake browser, happy-dom, tests/setup.ts. */
const unitProject = (name: string, test: { include: string[]; exclude?: string[]; isolate?: boolean }) => ({
  plugins: [WxtVitest()],
  test: { name, environment: 'happy-dom' as const, setupFiles: ['tests/setup.ts'], testTimeout: HANG_GUARD_MS, hookTimeout: HANG_GUARD_MS, ...test },
});

export default defineConfig({
  test: {
    projects: [
      // Unit and component tests share their worker's module cache and DOM (`isolate: false`): a
      // fresh happy-dom and a fresh import of React, the components and lib/ for each of 70 files
      // cost more than the tests themselves (107 s against 26 s here). tests/setup.ts resets what
      // a test leaves behind (the fake browser, the rendered tree, toasts, timers). A file that
      // mocks a module its neighbours import for real runs isolated, in `unit-isolated`.
      unitProject('unit', { include: ['tests/**/*.test.{ts,tsx}'], exclude: ['tests/browser/**', 'tests/local-api/**', ...ISOLATED], isolate: false }),
      unitProject('unit-isolated', { include: ISOLATED }),
      // Each file starts its own in-memory servers (port 0, a database copied from the schema
      // template, which is written atomically), so files run side by side; sharing the worker's
      // modules keeps PGlite's WebAssembly compiled once per worker instead of once per file.
      {
        test: {
          name: 'local-api',
          environment: 'node',
          include: ['tests/local-api/**/*.test.ts'],
          isolate: false,
          testTimeout: HANG_GUARD_MS,
          hookTimeout: Math.max(HANG_GUARD_MS, 60_000),
        },
      },
      // The scenario suite (tests/browser), once per browser: the same files, the browser chosen
      // by KB_BROWSER (tests/browser/driver/extension.ts). Each file launches its own browser on its
      // own profile against its own local API, so files can run side by side: `--maxWorkers` on the
      // command line (scripts/run-steps.mjs's browserSuiteStep runs both projects in one vitest with
      // 2: Chromium's files are queued first, and the browsers overlap at the hand-over). On 2 cores the
      // suite is CPU-bound on the whole, with stretches of waiting (a timer, an idle background).
      ...(['chromium', 'firefox'] as const).map((browser) => ({
        test: {
          name: `browser-${browser}`,
          environment: 'node',
          include: ['tests/browser/**/*.test.ts'],
          setupFiles: ['tests/browser/setup.ts'],
          globalSetup: ['tests/browser/global-setup.ts'],
          env: { KB_BROWSER: browser, PUPPETEER_SKIP_DOWNLOAD: '1' },
          // puppeteer-core and the local API (PGlite's WebAssembly) loaded once per worker, not per file.
          isolate: false,
          testTimeout: 90_000,
          hookTimeout: 120_000,
        },
      })),
    ],
  },
});
