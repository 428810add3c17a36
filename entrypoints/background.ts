import { browser } from 'wxt/browser';
import { BackgroundService } from '@/lib/background/service';
import { registerHandlers } from '@/lib/background/register';
import { watchTabUrls } from '@/lib/background/tab-watch';

export default defineBackground({
  type: 'module',
  main() {
    const service = new BackgroundService();
    // Every listener is added synchronously: a worker woken by a message or alarm must find it.
    registerHandlers(service);
    browser.alarms.onAlarm.addListener((alarm) => void service.onAlarm(alarm.name));
    // Only tabs on the dashboard's origin (our one host permission) report their URL here.
    watchTabUrls((tabId, url) => void service.onTabUrl(tabId, url));
    // After a restart: restore the badge and its alarm, resume watching a pending checkout.
    void service.resume();
  },
});
