import { browser } from 'wxt/browser';
import { BackgroundService } from '@/lib/background/service';
import { registerHandlers } from '@/lib/background/register';
import { onInstalled } from '@/lib/background/install';
import { watchTabUrls } from '@/lib/background/tab-watch';
import { whileWorking } from '@/lib/background/keep-alive';

export default defineBackground({
  type: 'module',
  main() {
    const service = new BackgroundService();
    // Every listener is added synchronously: a worker woken by a message or alarm must find it.
    registerHandlers(service);
    // Work started by an event runs to its end even in Firefox's event page (keep-alive.ts).
    browser.alarms.onAlarm.addListener((alarm) => void whileWorking(() => service.onAlarm(alarm.name)));
    browser.runtime.onInstalled.addListener((details) => void whileWorking(() => onInstalled(details)));
    // Low-credit alerts: a click on one opens the options page at Billing.
    service.alerts.listen();
    // Only tabs on the dashboard's origin (the build's host permission or a granted custom one) report their URL here.
    watchTabUrls((tabId, url) => void whileWorking(() => service.onTabUrl(tabId, url)));
    // After a restart: restore the badge and its alarm, resume watching a pending checkout.
    void whileWorking(() => service.resume());
  },
});
