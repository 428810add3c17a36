// Storage and the event page of the add-on under test, read from the harness's background tab on
// manifest.json (extension privileges, none of the extension's code): it never wakes the event page.
import { sleep, type FirefoxAddon } from './harness';

type StorageDump = { local: Record<string, unknown>; session: Record<string, unknown> };

interface ExtensionGlobal {
  browser: {
    storage: { local: { get(k: null): Promise<Record<string, unknown>> }; session: { get(k: null): Promise<Record<string, unknown>> } };
    extension: { getViews(): Window[] };
  };
}

/** Everything in both storage areas, read from a page that runs none of our code (never wakes the event page). */
export function dumpStorage(ff: FirefoxAddon): Promise<StorageDump> {
  return ff.probe((page) =>
    page.evaluate(async () => {
      const b = (globalThis as unknown as ExtensionGlobal).browser;
      return { local: await b.storage.local.get(null), session: await b.storage.session.get(null) };
    }),
  );
}

/**
 * The event page as Firefox runs it: 'stopped' when suspended, or the marker set on its window by
 * `markEventPage` ('marked': the same page still runs; 'running': a page started since). Read
 * through `extension.getViews()`, which lists the event page's window only while it runs.
 */
export function eventPageState(ff: FirefoxAddon): Promise<'stopped' | 'running' | 'marked'> {
  return ff.probe((page) =>
    page.evaluate(() => {
      const views = (globalThis as unknown as ExtensionGlobal).browser.extension.getViews();
      const background = views.find((w) => w.location.pathname === '/_generated_background_page.html') as (Window & { __kbMarker?: boolean }) | undefined;
      if (!background) return 'stopped' as const;
      return background.__kbMarker ? ('marked' as const) : ('running' as const);
    }),
  );
}

/** Marks the running event page's window, so a later look tells whether it is still the same one. */
export function markEventPage(ff: FirefoxAddon): Promise<boolean> {
  return ff.probe((page) =>
    page.evaluate(() => {
      const views = (globalThis as unknown as ExtensionGlobal).browser.extension.getViews();
      const background = views.find((w) => w.location.pathname === '/_generated_background_page.html') as (Window & { __kbMarker?: boolean }) | undefined;
      if (background) background.__kbMarker = true;
      return !!background;
    }),
  );
}

/** Waits until Firefox has suspended the idle event page (pref `extensions.background.idle.timeout`). */
export async function waitForSuspendedEventPage(ff: FirefoxAddon, timeout = 20_000): Promise<void> {
  const deadline = Date.now() + timeout;
  for (;;) {
    const state = await eventPageState(ff);
    if (state === 'stopped') return;
    if (Date.now() > deadline) throw new Error(`Firefox did not suspend the event page within ${timeout} ms (state: ${state}).`);
    await sleep(250);
  }
}

