import { defineConfig } from 'vitest/config';
import { WxtVitest } from 'wxt/testing/vitest-plugin';

export default defineConfig({
  test: {
    projects: [
      {
        plugins: [WxtVitest()],
        test: {
          name: 'unit',
          environment: 'happy-dom',
          include: ['tests/**/*.test.{ts,tsx}'],
          exclude: ['tests/browser/**', 'tests/local-api/**'],
          setupFiles: ['tests/setup.ts'],
        },
      },
      {
        test: {
          name: 'local-api',
          environment: 'node',
          include: ['tests/local-api/**/*.test.ts'],
          fileParallelism: false,
          testTimeout: 30_000,
          hookTimeout: 60_000,
        },
      },
      // The scenario suite (tests/browser), once per browser: the same files, the browser chosen
      // by KB_BROWSER (tests/browser/driver/extension.ts). Each file launches its own browser on its
      // own profile against its own local API, so files can run side by side: `--maxWorkers` on the
      // command line (scripts/test-browsers.mjs and npm test run both projects in one vitest with 2,
      // so whichever browser finishes first leaves its places to the other). Most of a scenario's
      // time is waiting (for a timer, an idle background, a server's latency).
      ...(['chromium', 'firefox'] as const).map((browser) => ({
        test: {
          name: `browser-${browser}`,
          environment: 'node',
          include: ['tests/browser/**/*.test.ts'],
          setupFiles: ['tests/browser/setup.ts'],
          env: { KB_BROWSER: browser, PUPPETEER_SKIP_DOWNLOAD: '1' },
          testTimeout: 90_000,
          hookTimeout: 120_000,
        },
      })),
    ],
  },
});
