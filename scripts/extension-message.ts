// One protocol message to the extension's background from one of its pages (a Chromium page
// driven by playwright-core), as @webext-core/messaging sends it; the Result's data, or an error.
// Used by the bench scripts and the usage screenshot script.
import type { Page } from 'playwright-core';

export async function send<T>(page: Page, type: string, data?: unknown): Promise<T> {
  const res = await page.evaluate(
    ([type, data]) =>
      new Promise((resolve) =>
        (globalThis as unknown as { chrome: { runtime: { sendMessage(m: unknown, cb: (r: unknown) => void): void } } }).chrome.runtime.sendMessage(
          { id: Math.floor(Math.random() * 1e9), type, data, timestamp: Date.now() },
          resolve,
        ),
      ),
    [type, data] as const,
  );
  const result = (res as { res?: { ok: boolean; data?: T; error?: { message: string } } }).res;
  if (!result?.ok) throw new Error(`${type} failed: ${result?.error?.message ?? JSON.stringify(res)}`);
  return result.data as T;
}
