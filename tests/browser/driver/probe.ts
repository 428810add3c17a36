// The extension's own APIs read from outside its code: a manifest.json tab of the extension (its
// privileges, none of its scripts; the background not woken), in both browsers.
import type { Ext } from './extension';

/** Whether the extension holds these optional permissions now (asked on a short-lived manifest.json tab). */
export async function hasPermissions(ext: Ext, wanted: { permissions?: string[]; origins?: string[] }): Promise<boolean> {
  const tab = await ext.open('manifest.json');
  try {
    return await tab.evaluate((wanted) => {
      const g = globalThis as unknown as Record<'browser' | 'chrome', { permissions: { contains(p: object): Promise<boolean> } } | undefined>;
      return (g.browser ?? g.chrome)!.permissions.contains(wanted);
    }, wanted);
  } finally {
    await ext.closePage(tab);
  }
}

type Notifications = {
  getAll(): Promise<Record<string, unknown>>;
  clear(id: string): Promise<boolean>;
  onShown?: { addListener(fn: (id: string) => void): void };
  onClosed: { addListener(fn: (id: string) => void): void };
};

/** The extension's notifications, watched from a manifest.json tab kept open: `seen()` answers those on screen (Chromium keeps them) and those shown
 * or closed since the last look (a headless Firefox has no alert service and closes each as it shows it; `onShown` / `onClosed` still report it);
 * `clear()` clears both (not reporting what it closes). Open it once the extension holds the `notifications` permission. */
export async function watchNotifications(ext: Ext): Promise<{ seen(): Promise<string[]>; clear(): Promise<void>; close(): Promise<void> }> {
  const tab = await ext.open('manifest.json');
  await tab.evaluate(() => {
    const g = globalThis as unknown as Record<'browser' | 'chrome', { notifications: Notifications } | undefined> & { __kbShown?: string[]; __kbCleared?: Set<string> };
    const shown: string[] = (g.__kbShown = []);
    const cleared = (g.__kbCleared = new Set<string>());
    const n = (g.browser ?? g.chrome)!.notifications;
    n.onShown?.addListener((id) => shown.push(id));
    n.onClosed.addListener((id) => (cleared.delete(id) ? undefined : shown.push(id))); // not those we clear
  });
  const look = (clear: boolean) =>
    tab.evaluate(async (clear) => {
      const g = globalThis as unknown as Record<'browser' | 'chrome', { notifications: Notifications } | undefined> & { __kbShown: string[]; __kbCleared: Set<string> };
      const n = (g.browser ?? g.chrome)!.notifications;
      const onScreen = Object.keys(await n.getAll());
      const ids = [...new Set([...g.__kbShown.splice(0), ...onScreen])].sort();
      for (const id of clear ? onScreen : []) {
        g.__kbCleared.add(id);
        await n.clear(id);
      }
      return ids;
    }, clear);
  // The forecast alert depends on the day of the month a test runs: usage.test.ts covers it with a
  // cycle start it sets; the watchers here follow only the thresholds.
  const thresholds = (ids: string[]) => ids.filter((id) => id !== 'kb-credits-forecast');
  return { seen: async () => thresholds(await look(false)), clear: async () => void (await look(true)), close: () => ext.closePage(tab) };
}
