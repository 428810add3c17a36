import { browser } from 'wxt/browser';
import { BackgroundService } from '@/lib/background/service';
import { registerHandlers } from '@/lib/background/register';
import { onInstalled } from '@/lib/background/install';

export default defineBackground({
  type: 'module',
  main() {
    const service = new BackgroundService();
    // Every listener is added synchronously: a worker woken by a message or alarm must find it.
    registerHandlers(service);
    browser.alarms.onAlarm.addListener((alarm) => void service.onAlarm(alarm.name));
    browser.runtime.onInstalled.addListener((details) => void onInstalled(details));
    // Low-credit alerts: a click on one opens the options page at Billing.
    service.alerts.listen();
    // Only tabs on the dashboard's origin (our one host permission) report their URL here.
    browser.tabs.onUpdated.addListener((tabId, change) => {
      if (change.url) void service.onTabUrl(tabId, change.url);
    });
    // After a restart: restore the badge and its alarm, resume watching a pending checkout.
    void service.resume();
  },
});
