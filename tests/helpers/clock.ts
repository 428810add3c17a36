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
