import { browser } from 'wxt/browser';

/** Only the extension's own pages (popup, options) may talk to the background. */
export function isOwnPage(sender: { id?: string; url?: string } | undefined): boolean {
  if (!sender || sender.id !== browser.runtime.id || typeof sender.url !== 'string') return false;
  return sender.url.startsWith(browser.runtime.getURL('/'));
}
