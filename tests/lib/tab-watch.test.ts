import { describe, expect, it, vi } from 'vitest';
import { fakeBrowser } from 'wxt/testing/fake-browser';
import { tabUrlFilter, watchTabUrls } from '@/lib/background/tab-watch';

function manifestWith(hostPermissions: string[] | undefined, optionalHostPermissions?: string[]) {
  vi.spyOn(fakeBrowser.runtime, 'getManifest').mockReturnValue({
    manifest_version: 3,
    name: 'KalshiBook',
    version: '0.1.0',
    host_permissions: hostPermissions,
    ...(optionalHostPermissions ? { optional_host_permissions: optionalHostPermissions } : {}),
  });
}

// The match-pattern rules Firefox applies to a filter's `urls` (scheme, host with an optional
// leading `*.`, any port, path glob): enough for the patterns of wxt.config.ts.
function matches(pattern: string, rawUrl: string): boolean {
  const m = /^(\*|https?):\/\/(\*|(?:\*\.)?[^/*]+)(\/.*)$/.exec(pattern);
  if (!m) return false;
  const [, scheme, host, path] = m;
  const url = new URL(rawUrl);
  const schemeOk = scheme === '*' ? url.protocol === 'http:' || url.protocol === 'https:' : url.protocol === `${scheme}:`;
  const hostOk = host === '*' || (host!.startsWith('*.') ? url.hostname === host!.slice(2) || url.hostname.endsWith(host!.slice(1)) : url.hostname === host);
  const pathOk = new RegExp(`^${path!.replace(/[.+?^${}()|[\]\\]/g, '\\$&').replace(/\*/g, '.*')}$`).test(url.pathname + url.search);
  return schemeOk && hostOk && pathOk;
}

/** The manifest of wxt.config.ts for a build whose dashboard is the local one. */
const BUILD_HOSTS = ['http://127.0.0.1/*'];
const OPTIONAL_HOSTS = ['https://*/*', 'http://localhost/*', 'http://127.0.0.1/*'];

describe('which tab updates reach the background', () => {
  it('Firefox filter: URL changes of tabs on the host permissions only', () => {
    expect(tabUrlFilter({ host_permissions: ['http://127.0.0.1/*'] })).toEqual({ urls: ['http://127.0.0.1/*'], properties: ['url'] });
    expect(tabUrlFilter({ host_permissions: ['https://kalshibook.io/*', 'https://*.kalshibook.io/*'] })).toEqual({ urls: ['https://kalshibook.io/*', 'https://*.kalshibook.io/*'], properties: ['url'] });
    expect(tabUrlFilter({ host_permissions: [] })).toBeNull();
    expect(tabUrlFilter({})).toBeNull();
  });

  it('Firefox filter: the optional host permissions too (a custom dashboard granted at run time), once each, no non-web patterns', () => {
    expect(tabUrlFilter({ host_permissions: BUILD_HOSTS, optional_host_permissions: OPTIONAL_HOSTS })).toEqual({
      urls: ['http://127.0.0.1/*', 'https://*/*', 'http://localhost/*'],
      properties: ['url'],
    });
    expect(tabUrlFilter({ host_permissions: [], optional_host_permissions: ['http://localhost/*'] })).toEqual({ urls: ['http://localhost/*'], properties: ['url'] });
    expect(tabUrlFilter({ optional_host_permissions: ['<all_urls>', 'file:///*'] })).toBeNull();
  });

  it('Firefox: a return from Stripe to a custom dashboard (optional host permission) passes the registered filter', () => {
    manifestWith(BUILD_HOSTS, OPTIONAL_HOSTS);
    const add = vi.spyOn(fakeBrowser.tabs.onUpdated, 'addListener');
    watchTabUrls(vi.fn(), true);
    expect(add).toHaveBeenCalledTimes(1);
    const { urls } = add.mock.calls[0]![1 as 0] as unknown as { urls: string[] };
    const passes = (url: string) => urls.some((pattern) => matches(pattern, url));
    // The build's dashboard, and the custom dashboards Settings can be granted (any https host, local ones).
    expect(passes('http://127.0.0.1:8000/billing?canceled=true')).toBe(true);
    expect(passes('http://localhost:5173/billing?canceled=true')).toBe(true);
    expect(passes('https://dash.example.com/billing?success=true')).toBe(true);
    // Firefox applies the URLs only to tabs we hold host access to: no other origin can be granted.
    expect(passes('http://example.com/billing?canceled=true')).toBe(false);
    expect(passes('moz-extension://abc/options.html')).toBe(false);
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
