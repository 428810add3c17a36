// Which tab updates reach the background. Only a tab on the dashboard's origin (the one host
// permission) can show the end of a Stripe checkout. Without a filter, every tab update anywhere
// in the browser (each page load, title, favicon…) is an event for the background: Firefox then
// wakes its event page for them and never suspends it while the user browses. Firefox lets the
// listener name the URLs and the property it wants; Chrome has no such filter (an extra argument
// is refused) and only sends the URL of tabs we have host access to.
import { browser } from 'wxt/browser';

export interface TabUrlFilter {
  urls: string[];
  properties: ['url'];
}

/** Firefox's filter for URL changes of tabs on our host permissions, or null when we have none. */
export function tabUrlFilter(hostPermissions: readonly string[] | undefined): TabUrlFilter | null {
  const urls = (hostPermissions ?? []).filter((pattern) => /^(https?|\*):\/\//.test(pattern));
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
  const filter = tabUrlFilter(browser.runtime.getManifest().host_permissions);
  // No host permission: Firefox would never tell us a URL, so there is nothing to listen to.
  if (filter) (browser.tabs.onUpdated as unknown as FilteredOnUpdated).addListener(listener, filter);
}
