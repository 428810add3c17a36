import { getPriority } from 'node:os';

/**
 * Whether this process runs at low CPU priority (nice 10 or more, inherited from whoever started
 * it): `npm test` runs the unit tests at nice 19 beside the browser suite, where a test may wait
 * minutes for a CPU. Their hang guards (vitest's timeouts, Testing Library's waits) grow there.
 */
export const runsAtLowPriority = (): boolean => getPriority() >= 10;
