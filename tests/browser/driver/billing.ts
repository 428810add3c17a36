// Billing as a user reaches it: the popup's Billing tab, and the options page opened afresh at
// Billing (which refreshes the plan from the server).
import type { ElementHandle, Page } from 'puppeteer-core';
import type { Ext } from './extension';
import { click, find, openPopup, showSection, waitForText } from './ui';

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
