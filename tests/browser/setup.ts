// After every test, in both browsers: nothing logged by any extension context (popup, options page, service worker or event page,
// offscreen document), browsers closed during the test included (a restart). After the test file: every browser and local API it started
// and left open is closed (a browser launched with no options may be kept, its extension removed, for the worker's next file).
import { afterAll, afterEach, expect } from 'vitest';
import { runningApis } from './driver/api';
import { problemsOfClosed, running } from './driver/extension';

afterEach(async () => {
  const logged = problemsOfClosed.splice(0);
  for (const ext of running) logged.push(...(await ext.takeProblems()));
  expect(logged, 'errors, console.error or CSP violations logged by the extension').toEqual([]);
});

afterAll(async () => {
  for (const ext of [...running]) await ext.close();
  for (const api of [...runningApis]) await api.close();
});
