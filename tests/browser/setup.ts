// After every test, in both browsers: nothing logged by any extension context (popup, options
// page, service worker or event page, offscreen document) — no uncaught error or rejection, no
// console.error, no CSP violation. Browsers closed during the test (a restart) count too.
import { afterEach, expect } from 'vitest';
import { problemsOfClosed, running } from './driver/extension';

afterEach(async () => {
  const logged = problemsOfClosed.splice(0);
  for (const ext of running) logged.push(...(await ext.problems()));
  expect(logged, 'errors, console.error or CSP violations logged by the extension').toEqual([]);
});
