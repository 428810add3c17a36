import { browser } from 'wxt/browser';
import { BackgroundService } from '@/lib/background/service';
import { registerHandlers } from '@/lib/background/register';
import { onInstalled } from '@/lib/background/install';
import { watchTabUrls } from '@/lib/background/tab-watch';
import { runEvent } from '@/lib/background/events';

export default defineBackground({
  type: 'module',
  main() {
    const service = new BackgroundService();
    // Every listener is added synchronously: a worker woken by a message or alarm must find it.
    registerHandlers(service);
    // Work started by an event runs to its end even in Firefox's event page (keep-alive.ts); a
    // failure is logged with its context (events.ts).
    browser.alarms.onAlarm.addListener((alarm) => void runEvent(`alarm ${alarm.name}`, () => service.onAlarm(alarm.name, alarm.scheduledTime)));
    browser.runtime.onInstalled.addListener((details) => void runEvent(`install (${details.reason})`, () => onInstalled(details)));
    // Low-credit alerts: a click on one opens the options page at Billing.
    service.alerts.listen();
    // Only tabs on the dashboard's origin (the build's host permission or a granted custom one) report their URL here.
    watchTabUrls((tabId, url) => void runEvent('a dashboard tab update', () => service.onTabUrl(tabId, url)));
    // After a restart: restore the badge and its alarm, resume watching a pending checkout.
    void runEvent('resuming after a start', () => service.resume());
  },
});
