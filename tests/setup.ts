import { afterEach, beforeEach } from 'vitest';
import { fakeBrowser } from 'wxt/testing/fake-browser';

beforeEach(() => {
  fakeBrowser.reset();
});

afterEach(async () => {
  const { cleanup } = await import('@testing-library/react');
  cleanup();
});
