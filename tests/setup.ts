import { afterEach, beforeAll, beforeEach, vi } from 'vitest';
import { fakeBrowser } from 'wxt/testing/fake-browser';
import { runsAtLowPriority } from './helpers/priority';

// `findBy…` and `waitFor` wait up to 10 s (Testing Library's default: 1 s), 2 minutes at nice 19
// (`npm test` runs these tests so, beside the browser suite), where a lazily loaded dialog took
// longer than a second to appear. What a test waits for must still appear.
beforeAll(async () => {
  (await import('@testing-library/react')).configure({ asyncUtilTimeout: runsAtLowPriority() ? 120_000 : 10_000 });
});

beforeEach(() => {
  fakeBrowser.reset();
});

afterEach(async () => {
  const { cleanup } = await import('@testing-library/react');
  cleanup();
  // sonner keeps toasts between renders; every test starts with none.
  const { toast } = await import('sonner');
  toast.dismiss();
  vi.useRealTimers();
});

// happy-dom has no clipboard permission model; give tests a clipboard they can read back.
if (typeof navigator !== 'undefined' && !navigator.clipboard) {
  let text = '';
  Object.defineProperty(navigator, 'clipboard', {
    configurable: true,
    value: {
      writeText: async (t: string) => {
        text = t;
      },
      readText: async () => text,
    },
  });
}

// happy-dom has no canvas (getContext returns null), so uPlot cannot draw here: every component
// test that shows Billing's charts gets a chart module that draws nothing. The charts are drawn
// for real in the browser suite (tests/browser/usage.test.ts) and in `npm run bench`;
// tests/components/billing/usage-charts.test.tsx replaces this with a recorder.
vi.mock('@/components/usage/uplot-chart', () => ({
  drawChart: () => ({ focus: () => undefined, resize: () => undefined, destroy: () => undefined }),
}));
