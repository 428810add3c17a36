// Billing as a user reaches it: the popup's Billing tab, the options page opened afresh at Billing (which refreshes the plan), the Stripe stand-in's tabs.
import type { ElementHandle, Page } from 'puppeteer-core';
import type { LocalApi } from '../../../local-api/server';
import { newAccount } from './account';
import { UI_TIMEOUT, type Ext } from './extension';
import { click, dismissToasts, find, openPopup, press, showSection, waitForText } from './ui';

export const UPGRADE = 'Upgrade to Project Plan — $30/mo';

/** The popup on its Billing tab: the popup (close it with ext.closePage) and the tab panel. */
export async function popupBilling(ext: Ext): Promise<{ popup: Page; panel: ElementHandle<Element> }> {
  const popup = await openPopup(ext);
  await click(popup, 'tab', 'Billing');
  return { popup, panel: await find(popup, 'tabpanel', 'Billing') };
}

/** `page` loaded afresh at Billing, once its main area shows `usedText` (when given): the new page and that area. */
export async function reloadedBilling(ext: Ext, page: Page, usedText?: string): Promise<{ page: Page; main: ElementHandle<Element> }> {
  const fresh = await ext.reload(page);
  await showSection(fresh, 'Billing');
  const main = await find(fresh, 'main');
  if (usedText) await waitForText(fresh, usedText, main);
  return { page: fresh, main };
}

/** Clicks `button` and returns the tab the background opens at a URL starting with `prefix`, loaded. */
export async function opensTab(ext: Ext, button: ElementHandle<Element>, prefix: string): Promise<Page> {
  const opened = ext.browser.waitForTarget((t) => t.type() === 'page' && t.url().startsWith(prefix), { timeout: UI_TIMEOUT });
  await press(button);
  const tab = (await (await opened).page())!;
  tab.setDefaultTimeout(UI_TIMEOUT);
  await tab.waitForFunction(() => document.readyState === 'complete', { polling: 50 });
  return tab;
}

/** Waits until a tab shows a URL (the Stripe stand-in redirects back to the dashboard). */
export async function waitForUrl(tab: Page, url: string): Promise<void> {
  await tab.waitForFunction((url: string) => location.href === url && document.readyState !== 'loading', { polling: 50, timeout: UI_TIMEOUT }, url);
}

/** A new account on `api` made on `page` (set up for it), its Free plan shown, "Upgrade" clicked: its email and the checkout tab. */
export async function upgradeNewAccount(ext: Ext, api: LocalApi, label: string, page: Page): Promise<{ email: string; checkout: Page }> {
  await showSection(page, 'API Keys');
  const { email } = await newAccount(ext, api, { label, page });
  await showSection(page, 'Billing');
  const card = await find(page, 'main');
  await waitForText(page, 'Free', card);
  await dismissToasts(page);
  return { email, checkout: await opensTab(ext, await find(card, 'button', UPGRADE), `${api.url}/stripe/checkout/`) };
}
