import { BaseSequencer, type TestSpecification } from 'vitest/node';
import { defineConfig } from 'vitest/config';
import { WxtVitest } from 'wxt/testing/vitest-plugin';

/** Files that replace a module with `vi.mock` which other unit files import for real: they need a module cache of their own. */
const ISOLATED = ['tests/components/billing/usage-charts.test.tsx'];

/**
 * Vitest's order, except that projects take turns instead of running one after the other: the
 * scenario suite's Chromium and Firefox files are interleaved (each project's own order kept:
 * those that failed last time, then the longest last time, then the largest), so the two
 * browsers share the machine all along instead of Firefox's heavier files all running at the end.
 */
class ProjectsTakeTurns extends BaseSequencer {
  override async sort(files: TestSpecification[]): Promise<TestSpecification[]> {
    const queues = new Map<string, TestSpecification[]>();
    for (const file of await super.sort(files)) queues.set(file.project.name, [...(queues.get(file.project.name) ?? []), file]);
    // Firefox's queue first: its files take longest.
    const order = [...queues.keys()].sort((a, b) => Number(b.includes('firefox')) - Number(a.includes('firefox'))).map((name) => queues.get(name)!);
    const longest = Math.max(...order.map((queue) => queue.length));
    return Array.from({ length: longest }, (_, i) => order.flatMap((queue) => queue[i] ?? [])).flat();
  }
}

/** What the unit projects share: WXT's aliases and fake browser, happy-dom, tests/setup.ts. */
const unitProject = (name: string, test: { include: string[]; exclude?: string[]; isolate?: boolean }) => ({
  plugins: [WxtVitest()],
  test: { name, environment: 'happy-dom' as const, setupFiles: ['tests/setup.ts'], ...test },
});

export default defineConfig({
  test: {
    sequence: { sequencer: ProjectsTakeTurns },
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
          testTimeout: 30_000,
          hookTimeout: 60_000,
        },
      },
      // The scenario suite (tests/browser), once per browser: the same files, the browser chosen
      // by KB_BROWSER (tests/browser/driver/extension.ts). Each file launches its own browser on its
      // own profile against its own local API, so files can run side by side: `--maxWorkers` on the
      // command line (scripts/run-steps.mjs's browserSuiteStep runs both projects in one vitest with
      // 2, the two browsers taking turns). Most of a scenario's
      // time is waiting (for a timer, an idle background, a server's latency).
      ...(['chromium', 'firefox'] as const).map((browser) => ({
        test: {
          name: `browser-${browser}`,
          environment: 'node',
          include: ['tests/browser/**/*.test.ts'],
          setupFiles: ['tests/browser/setup.ts'],
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
