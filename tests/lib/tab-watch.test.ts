import { describe, expect, it, vi } from 'vitest';
import { fakeBrowser } from 'wxt/testing/fake-browser';
import { tabUrlFilter, watchTabUrls } from '@/lib/background/tab-watch';

function manifestWith(hostPermissions: string[] | undefined) {
  vi.spyOn(fakeBrowser.runtime, 'getManifest').mockReturnValue({ manifest_version: 3, name: 'KalshiBook', version: '0.1.0', host_permissions: hostPermissions });
}

describe('which tab updates reach the background', () => {
  it('Firefox filter: URL changes of tabs on the host permissions only', () => {
    expect(tabUrlFilter(['http://127.0.0.1/*'])).toEqual({ urls: ['http://127.0.0.1/*'], properties: ['url'] });
    expect(tabUrlFilter(['https://kalshibook.io/*', 'https://*.kalshibook.io/*'])).toEqual({ urls: ['https://kalshibook.io/*', 'https://*.kalshibook.io/*'], properties: ['url'] });
    expect(tabUrlFilter([])).toBeNull();
    expect(tabUrlFilter(undefined)).toBeNull();
  });

  it('Firefox: the listener is registered with the filter, so other tabs neither wake nor keep the event page', () => {
    manifestWith(['http://127.0.0.1/*']);
    const add = vi.spyOn(fakeBrowser.tabs.onUpdated, 'addListener');
    const onUrl = vi.fn();
    watchTabUrls(onUrl, true);
    expect(add).toHaveBeenCalledTimes(1);
    expect(add.mock.calls[0]![1 as 0]).toEqual({ urls: ['http://127.0.0.1/*'], properties: ['url'] });

    const listener = add.mock.calls[0]![0] as (tabId: number, change: { url?: string }) => void;
    listener(7, { url: 'http://127.0.0.1:8000/billing?success=true' });
    listener(7, {});
    expect(onUrl).toHaveBeenCalledTimes(1);
    expect(onUrl).toHaveBeenCalledWith(7, 'http://127.0.0.1:8000/billing?success=true');
  });

  it('Firefox without any host permission: no listener at all (no URL would ever arrive)', () => {
    manifestWith(undefined);
    const add = vi.spyOn(fakeBrowser.tabs.onUpdated, 'addListener');
    watchTabUrls(vi.fn(), true);
    expect(add).not.toHaveBeenCalled();
  });

  it('Chrome: no filter argument (Chrome refuses one); updates without a URL are ignored', async () => {
    manifestWith(['http://127.0.0.1/*']);
    const add = vi.spyOn(fakeBrowser.tabs.onUpdated, 'addListener');
    const onUrl = vi.fn();
    watchTabUrls(onUrl, false);
    expect(add).toHaveBeenCalledTimes(1);
    expect(add.mock.calls[0]).toHaveLength(1);
    await fakeBrowser.tabs.onUpdated.trigger(3, { status: 'loading' }, { id: 3 } as never);
    await fakeBrowser.tabs.onUpdated.trigger(3, { url: 'http://127.0.0.1:8000/billing?canceled=true' }, { id: 3 } as never);
    expect(onUrl).toHaveBeenCalledTimes(1);
    expect(onUrl).toHaveBeenCalledWith(3, 'http://127.0.0.1:8000/billing?canceled=true');
  });
});
