import { describe, expect, it, vi } from 'vitest';
import { fakeBrowser } from 'wxt/testing/fake-browser';
import { KEEP_ALIVE_INTERVAL_MS, whileWorking } from '@/lib/background/keep-alive';

function deferred<T>() {
  let resolve!: (value: T) => void;
  const promise = new Promise<T>((r) => (resolve = r));
  return { promise, resolve };
}

describe('keeping Firefox’s event page alive while the background works', () => {
  it('Firefox: an API call to the browser every second while work runs (resets the idle timer), none after', async () => {
    vi.useFakeTimers();
    const ping = vi.spyOn(fakeBrowser.runtime, 'getPlatformInfo').mockResolvedValue({ os: 'linux', arch: 'x86-64' } as never);
    const slow = deferred<string>();
    const result = whileWorking(() => slow.promise, true);
    await vi.advanceTimersByTimeAsync(KEEP_ALIVE_INTERVAL_MS * 5 + 100);
    expect(ping).toHaveBeenCalledTimes(5);
    slow.resolve('created');
    await expect(result).resolves.toBe('created');
    await vi.advanceTimersByTimeAsync(KEEP_ALIVE_INTERVAL_MS * 5);
    expect(ping).toHaveBeenCalledTimes(5);
  });

  it('Firefox: work running side by side shares one timer, which stops when the last one settles, failures included', async () => {
    vi.useFakeTimers();
    const ping = vi.spyOn(fakeBrowser.runtime, 'getPlatformInfo').mockResolvedValue({ os: 'linux', arch: 'x86-64' } as never);
    const a = deferred<number>();
    const b = deferred<number>();
    const first = whileWorking(() => a.promise, true);
    const second = whileWorking(() => b.promise.then(() => Promise.reject(new Error('server down'))), true);
    await vi.advanceTimersByTimeAsync(KEEP_ALIVE_INTERVAL_MS * 2 + 100);
    expect(ping).toHaveBeenCalledTimes(2);
    a.resolve(1);
    await first;
    await vi.advanceTimersByTimeAsync(KEEP_ALIVE_INTERVAL_MS);
    expect(ping).toHaveBeenCalledTimes(3); // the second is still running
    b.resolve(2);
    await expect(second).rejects.toThrow('server down');
    await vi.advanceTimersByTimeAsync(KEEP_ALIVE_INTERVAL_MS * 3);
    expect(ping).toHaveBeenCalledTimes(3);
  });

  it('Chrome: nothing to do (the service worker lives while it handles an event)', async () => {
    vi.useFakeTimers();
    const ping = vi.spyOn(fakeBrowser.runtime, 'getPlatformInfo').mockResolvedValue({ os: 'linux', arch: 'x86-64' } as never);
    const slow = deferred<string>();
    const result = whileWorking(() => slow.promise, false);
    await vi.advanceTimersByTimeAsync(KEEP_ALIVE_INTERVAL_MS * 5);
    slow.resolve('done');
    await expect(result).resolves.toBe('done');
    expect(ping).not.toHaveBeenCalled();
  });
});
