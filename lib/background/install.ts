// First install: open the options page, which shows the sign-in form (never on an update).
import { browser } from 'wxt/browser';

export async function onInstalled(details: { reason: string }): Promise<void> {
  if (details.reason !== 'install') return;
  // openOptionsPage, not tabs.create: Chrome reuses a New Tab page (a fresh browser's first tab)
  // and focuses an options tab that is already open instead of adding another.
  await browser.runtime.openOptionsPage().catch(() => undefined);
}
