// Which tab updates reach the background. Only a tab on the dashboard's origin can show the end of
// a Stripe checkout: the build's dashboard (the manifest's host permission) or a custom dashboard
// from Settings (its origin granted at run time as an optional host permission). Without a filter,
// every tab update anywhere in the browser (each page load, title, favicon…) is an event for the
// background: Firefox then wakes its event page for them and never suspends it while the user
// browses. Firefox lets the listener name the URLs and the property it wants; Chrome has no such
// filter (an extra argument is refused) and only sends the URL of tabs we have host access to.
//
// The filter names every origin we may ever hold: the required host permissions AND the optional
// ones. Firefox checks a filter's URLs only for tabs it currently lets us see (its matchFilters:
// `tab.hasTabPermission && filter.urls.matches(tab.uri)`, evaluated per event; we ask for no `tabs`
// nor `activeTab` permission), so the broad optional patterns match just the origins actually
// granted — the one custom dashboard kept by Settings (permissions.ts releases earlier ones). The
// listener stays synchronous and top level, so it is persistent: a return from Stripe on a granted
// custom dashboard wakes a suspended event page like one on the build's dashboard.
import { browser } from 'wxt/browser';

export interface TabUrlFilter {
  urls: string[];
  properties: ['url'];
}

interface HostPermissions {
  host_permissions?: readonly string[];
  optional_host_permissions?: readonly string[];
}

/** Firefox's filter for URL changes of tabs on our (required or granted optional) host permissions, or null when we can have none. */
export function tabUrlFilter(manifest: HostPermissions): TabUrlFilter | null {
  const patterns = [...(manifest.host_permissions ?? []), ...(manifest.optional_host_permissions ?? [])];
  const urls = [...new Set(patterns.filter((pattern) => /^(https?|\*):\/\//.test(pattern)))];
  return urls.length > 0 ? { urls, properties: ['url'] } : null;
}

type FilteredOnUpdated = {
  addListener(callback: (tabId: number, change: { url?: string }) => void, filter: TabUrlFilter): void;
};

/** Calls `onUrl` when a tab we may see moves to a new URL. Registered synchronously in main(). */
export function watchTabUrls(onUrl: (tabId: number, url: string) => void, firefox: boolean = import.meta.env.FIREFOX): void {
  const listener = (tabId: number, change: { url?: string }) => {
    if (change.url) onUrl(tabId, change.url);
  };
  if (!firefox) {
    browser.tabs.onUpdated.addListener(listener);
    return;
  }
  const filter = tabUrlFilter(browser.runtime.getManifest() as HostPermissions);
  // No host permission, required or optional: Firefox would never tell us a URL, nothing to listen to.
  if (filter) (browser.tabs.onUpdated as unknown as FilteredOnUpdated).addListener(listener, filter);
}
