// The options page's first-run welcome (PRODUCT.md "First run"): where the extension lives (pin
// it, while the browser says it is not pinned or cannot tell), the keyboard shortcut the browser
// really has for the popup, and the demo account when the server is the local API. "Got it"
// dismisses it for good. Everything shown comes from the background (lib/background/welcome.ts),
// read again when the page comes back into view (the user may have pinned it meanwhile).
import { useCallback, useEffect, useState } from 'react';
import type { WelcomeView } from '@/lib/messaging';
import { Button } from '@/components/ui/button';
import { Card } from '@/components/ui/card';
import { toast } from '@/components/ui/toast';
import { useClient } from '@/lib/client';

export const WELCOME_TITLE = 'Welcome to KalshiBook';
export const PIN_TITLE = 'Pin KalshiBook to the toolbar';

const PIN_HINT: Record<WelcomeView['browser'], string> = {
  chrome: 'Click the Extensions button (the puzzle piece) in the toolbar, then the pin next to KalshiBook.',
  firefox: 'Click the Extensions button (the puzzle piece) in the toolbar, then the gear next to KalshiBook, and choose "Pin to Toolbar".',
};

const SET_SHORTCUT: Record<WelcomeView['browser'], string> = {
  chrome: 'Set one at chrome://extensions/shortcuts.',
  firefox: 'Set one in the Add-ons Manager: the gear menu, then "Manage Extension Shortcuts".',
};

function useWelcome(): [WelcomeView | null, () => void] {
  const client = useClient();
  const [view, setView] = useState<WelcomeView | null>(null);

  const load = useCallback(async () => {
    const res = await client.getWelcome();
    // Nothing to greet with when the background cannot say: the page works without it.
    setView(res.ok ? res.data : null);
  }, [client]);

  useEffect(() => {
    void load();
    const onVisible = () => {
      if (document.visibilityState === 'visible') void load();
    };
    window.addEventListener('focus', onVisible);
    document.addEventListener('visibilitychange', onVisible);
    return () => {
      window.removeEventListener('focus', onVisible);
      document.removeEventListener('visibilitychange', onVisible);
    };
  }, [load]);

  const hide = useCallback(() => setView((v) => (v ? { ...v, show: false } : v)), []);
  return [view, hide];
}

export function Welcome() {
  const client = useClient();
  const [view, hide] = useWelcome();
  const [busy, setBusy] = useState(false);
  if (!view?.show) return null;

  const dismiss = async () => {
    setBusy(true);
    const res = await client.dismissWelcome();
    setBusy(false);
    if (res.ok) hide();
    else toast.error(res.error.message);
  };

  return (
    <Card role="region" aria-labelledby="welcome-title" className="flex flex-col gap-4 p-5 sm:flex-row sm:items-start sm:justify-between">
      <div className="flex min-w-0 flex-col gap-3">
        <h2 id="welcome-title" className="text-base font-semibold tracking-tight text-slate-900 dark:text-slate-100">
          {WELCOME_TITLE}
        </h2>
        <ul className="flex flex-col gap-3 text-sm text-slate-700 dark:text-slate-300">
          {view.pinned !== true && (
            <li>
              <p className="font-medium text-slate-900 dark:text-slate-100">{PIN_TITLE}</p>
              <p>{PIN_HINT[view.browser]}</p>
            </li>
          )}
          <li>
            <p className="font-medium text-slate-900 dark:text-slate-100">Keyboard shortcut</p>
            {view.shortcut ? (
              <p>
                <kbd className="rounded border border-slate-300 bg-slate-50 px-1.5 py-0.5 font-mono text-xs dark:border-slate-600 dark:bg-slate-800">
                  {view.shortcut}
                </kbd>{' '}
                opens KalshiBook from any tab.
              </p>
            ) : (
              <p>Not set. {SET_SHORTCUT[view.browser]}</p>
            )}
          </li>
          {view.demoEmail && (
            <li>
              <p className="font-medium text-slate-900 dark:text-slate-100">Demo account</p>
              <p>
                This local server has a demo account: <span className="font-medium break-all">{view.demoEmail}</span>. Its password is
                printed where you ran <code className="font-mono text-xs">npm start</code> or <code className="font-mono text-xs">npm run api</code>.
              </p>
            </li>
          )}
        </ul>
      </div>
      <Button variant="primary" busy={busy} onClick={() => void dismiss()} className="shrink-0 self-start">
        Got it
      </Button>
    </Card>
  );
}
