// The popup's instant-open snapshot: what is saved (never a raw key, never a dialog), when, and
// how public/popup-prefetch.js shows it on the next open.
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { fakeBrowser } from 'wxt/testing/fake-browser';
import { saveSnapshot, snapshotHtml } from '@/entrypoints/popup/snapshot';
import { dataCacheItem, popupSnapshotItem, restoreInstantOpen, sessionCacheItem, sessionSnapshotItem, wipeAccountData, writeDataCache } from '@/lib/storage';
import { billing, keyRow, RAW_KEY } from '../helpers/fixtures';

const keys = [keyRow({ id: 'k1', name: 'production' })];

function view(extra = ''): HTMLElement {
  const root = document.createElement('div');
  root.id = 'root';
  root.innerHTML = `<header>KalshiBook <span>Free</span></header><section aria-label="API keys"><ul><li>production kb-AbC1...</li></ul></section>${extra}`;
  document.body.replaceChildren(root);
  return root;
}

afterEach(() => {
  document.body.replaceChildren();
  delete (window as { __kbCache?: unknown }).__kbCache;
});

describe('snapshotHtml', () => {
  it('keeps the view and drops dialogs and toasts', () => {
    const html = snapshotHtml(view('<dialog><p>kept out</p></dialog><section aria-label="Notifications alt+T"><p>toast</p></section>'))!;
    expect(html).toContain('production kb-AbC1...');
    expect(html).not.toContain('kept out');
    expect(html).not.toContain('toast');
  });

  it('refuses markup that contains anything looking like a full API key', () => {
    expect(snapshotHtml(view(`<p>${RAW_KEY}</p>`))).toBeNull();
  });
});

describe('saveSnapshot', () => {
  it('saves only when the view shows exactly the cached data, tagged with the cache time', async () => {
    await dataCacheItem.setValue({ userId: 'u', keys, billing: billing(), updatedAt: 42 });
    await saveSnapshot(view(), { keys, billing: billing({ credits_used: 999 }) });
    expect(await popupSnapshotItem.getValue()).toBeNull();
    await saveSnapshot(view(), { keys, billing: billing() });
    expect(await popupSnapshotItem.getValue()).toMatchObject({ cacheUpdatedAt: 42 });
    // The instant-open copy in storage.session too, the same.
    expect(await sessionSnapshotItem.getValue()).toEqual(await popupSnapshotItem.getValue());
  });

  it('does not save while a dialog is open', async () => {
    await dataCacheItem.setValue({ userId: 'u', keys, billing: billing(), updatedAt: 42 });
    const root = view('<dialog open><p>Your API key has been created.</p></dialog>');
    await saveSnapshot(root, { keys, billing: billing() });
    expect(await popupSnapshotItem.getValue()).toBeNull();
  });

  it('is erased with the account data on sign-out, both copies', async () => {
    await popupSnapshotItem.setValue({ cacheUpdatedAt: 1, html: '<p>x</p>' });
    await sessionSnapshotItem.setValue({ cacheUpdatedAt: 1, html: '<p>x</p>' });
    await writeDataCache({ userId: 'u', keys, billing: billing(), updatedAt: 1 });
    await wipeAccountData();
    expect(await fakeBrowser.storage.local.get(['popupSnapshot', 'cache'])).toEqual({});
    expect(await fakeBrowser.storage.session.get(['popupSnapshot', 'cache'])).toEqual({});
  });
});

describe('the instant-open copy in storage.session', () => {
  it('the cache is written to both areas', async () => {
    const cache = { userId: 'u', keys, billing: billing(), updatedAt: 3 };
    await writeDataCache(cache);
    expect(await dataCacheItem.getValue()).toEqual(cache);
    expect(await sessionCacheItem.getValue()).toEqual(cache);
  });

  it('after a browser restart (session empty) it is restored from storage.local, and never over a newer one', async () => {
    const cache = { userId: 'u', keys, billing: billing(), updatedAt: 5 };
    await dataCacheItem.setValue(cache);
    await popupSnapshotItem.setValue({ cacheUpdatedAt: 5, html: '<p>five</p>' });
    await restoreInstantOpen();
    expect(await sessionCacheItem.getValue()).toEqual(cache);
    expect(await sessionSnapshotItem.getValue()).toEqual({ cacheUpdatedAt: 5, html: '<p>five</p>' });

    await sessionCacheItem.setValue({ ...cache, updatedAt: 6 });
    await restoreInstantOpen();
    expect((await sessionCacheItem.getValue())?.updatedAt).toBe(6);
  });

  it('signed out (no cache): nothing is restored', async () => {
    await popupSnapshotItem.setValue({ cacheUpdatedAt: 5, html: '<p>five</p>' });
    await restoreInstantOpen();
    expect(await fakeBrowser.storage.session.get(['popupSnapshot', 'cache'])).toEqual({});
  });
});

describe('popup-prefetch.js', () => {
  const source = readFileSync(path.resolve('public/popup-prefetch.js'), 'utf8');
  const run = () => new Function('chrome', 'browser', source)(fakeBrowser, fakeBrowser);

  async function prefetch(): Promise<unknown> {
    document.body.innerHTML = '<div id="root"></div>';
    run();
    return (window as { __kbCache?: Promise<unknown> }).__kbCache;
  }

  it('shows the snapshot of exactly this cache at once, inert, and hands the cache to the app', async () => {
    const cache = { userId: 'u', keys, billing: billing(), updatedAt: 7 };
    // Written through the app's own storage items: the script must read the same keys.
    await dataCacheItem.setValue(cache);
    await popupSnapshotItem.setValue({ cacheUpdatedAt: 7, html: '<section aria-label="API keys"><ul><li>production</li></ul></section>' });
    expect(await prefetch()).toEqual(cache);
    const root = document.getElementById('root')!;
    expect(root.querySelector('li')?.textContent).toBe('production');
    expect(root.inert).toBe(true);
  });

  it('reads the session copy first: its snapshot and its cache, not the durable ones', async () => {
    const cache = { userId: 'u', keys, billing: billing(), updatedAt: 11 };
    await dataCacheItem.setValue({ ...cache, updatedAt: 10 });
    await popupSnapshotItem.setValue({ cacheUpdatedAt: 10, html: '<p>durable</p>' });
    await sessionCacheItem.setValue(cache);
    await sessionSnapshotItem.setValue({ cacheUpdatedAt: 11, html: '<p>session</p>' });
    expect(await prefetch()).toEqual(cache);
    expect(document.getElementById('root')!.textContent).toBe('session');
  });

  it('a session copy whose snapshot is of other data shows nothing (the app renders), even when the durable pair matches', async () => {
    const cache = { userId: 'u', keys, billing: billing(), updatedAt: 12 };
    await dataCacheItem.setValue(cache);
    await popupSnapshotItem.setValue({ cacheUpdatedAt: 12, html: '<p>durable</p>' });
    await sessionCacheItem.setValue(cache);
    await sessionSnapshotItem.setValue({ cacheUpdatedAt: 11, html: '<p>old</p>' });
    expect(await prefetch()).toEqual(cache);
    expect(document.getElementById('root')!.childNodes).toHaveLength(0);
  });

  it('an answer that comes before the parser reached the root: the snapshot goes in once the root exists', async () => {
    const cache = { userId: 'u', keys, billing: billing(), updatedAt: 13 };
    await sessionCacheItem.setValue(cache);
    await sessionSnapshotItem.setValue({ cacheUpdatedAt: 13, html: '<p>early</p>' });
    document.body.replaceChildren();
    Object.defineProperty(document, 'readyState', { value: 'loading', configurable: true });
    try {
      run();
      const settled = vi.fn();
      void (window as { __kbCache?: Promise<unknown> }).__kbCache!.then(settled);
      await new Promise((r) => setTimeout(r, 20));
      expect(settled).not.toHaveBeenCalled(); // the app waits: the snapshot is not in yet
      const root = document.createElement('div');
      root.id = 'root';
      document.body.append(root);
      await vi.waitFor(() => expect(settled).toHaveBeenCalledWith(cache));
      expect(root.textContent).toBe('early');
      expect(root.inert).toBe(true);
    } finally {
      delete (document as { readyState?: string }).readyState;
    }
  });

  it('ignores a snapshot made from other data', async () => {
    await dataCacheItem.setValue({ userId: 'u', keys, billing: billing(), updatedAt: 8 });
    await popupSnapshotItem.setValue({ cacheUpdatedAt: 7, html: '<p>old</p>' });
    await prefetch();
    expect(document.getElementById('root')!.childNodes).toHaveLength(0);
  });

  it('never runs what the snapshot contains', async () => {
    (window as { pwned?: boolean }).pwned = false;
    await dataCacheItem.setValue({ userId: 'u', keys, billing: billing(), updatedAt: 9 });
    await popupSnapshotItem.setValue({ cacheUpdatedAt: 9, html: '<img src="x" onerror="window.pwned = true"><script>window.pwned = true</script>' });
    await prefetch();
    await new Promise((r) => setTimeout(r, 20));
    expect((window as { pwned?: boolean }).pwned).toBe(false);
  });
});
