// After every test, in both browsers: nothing logged by any extension context (popup, options
// page, service worker or event page, offscreen document) — no uncaught error or rejection, no
// console.error, no CSP violation. Browsers closed during the test (a restart) count too.
// After the test file: every browser and local API it started and left open is closed.
import { afterAll, afterEach, expect } from 'vitest';
import { runningApis } from './driver/api';
import { problemsOfClosed, running } from './driver/extension';

afterEach(async () => {
  const logged = problemsOfClosed.splice(0);
  for (const ext of running) logged.push(...(await ext.problems()));
  expect(logged, 'errors, console.error or CSP violations logged by the extension').toEqual([]);
});

afterAll(async () => {
  for (const ext of [...running]) await ext.close();
  for (const api of [...runningApis]) await api.close();
});
