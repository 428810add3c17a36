import { vi } from 'vitest';

/**
 * Fixes the wall clock (Date only: timers stay real, so Testing Library's waits still work) for
 * the rest of the test; tests/setup.ts restores it after each test.
 */
export function setNow(iso: string): number {
  vi.useFakeTimers({ toFake: ['Date'] });
  const now = new Date(iso);
  vi.setSystemTime(now);
  return now.getTime();
}

/** The first instant of the current UTC month, as the server prints it: `2026-12-01T00:00:00+00:00`. */
export function currentCycleStart(now: number = Date.now()): string {
  const d = new Date(now);
  return `${d.getUTCFullYear()}-${String(d.getUTCMonth() + 1).padStart(2, '0')}-01T00:00:00+00:00`;
}

/**
 * A stopwatch of this process's CPU time (ms): for the few "pathologically slow?" bounds of the
 * unit tests, which `npm test` runs at low priority beside the browser suite, where wall time
 * says how busy the machine was, not how much work the code did.
 */
export function cpuStopwatch(): () => number {
  const start = process.cpuUsage();
  return () => {
    const { user, system } = process.cpuUsage(start);
    return (user + system) / 1000;
  };
}
