// "Return from Stripe on any dashboard": a Dashboard URL on another host than the build's needs an
// optional host permission for the background to see the checkout tab come back there. It is
// asked for on Save (in the click: browsers prompt only for a user gesture), with the reason shown
// beforehand; without it the extension still notices a new plan by polling the billing status.
import { useCallback, useEffect, useRef, useState } from 'react';
import { Button } from '@/components/ui/button';
import { hostOf } from '@/lib/format';
import { hasHostAccess, needsHostAccess, releaseOtherHostAccess, requestHostAccess } from '@/lib/permissions';

export type AccessStatus = 'not-needed' | 'checking' | 'asking' | 'granted' | 'missing';

export interface DashboardAccess {
  /** For the saved Dashboard URL. */
  status: AccessStatus;
  /** Call synchronously in the Save click; null when the URL needs no permission. */
  requestOnSave(dashboardUrl: string): Promise<boolean> | null;
  /** After the settings were saved: the prompt's answer (if any) becomes the status. */
  afterSave(dashboardUrl: string, answer: Promise<boolean> | null): Promise<void>;
  /** "Allow access to …": asks again (a click of its own). */
  allow(): void;
}

export function useDashboardAccess(savedUrl: string | null): DashboardAccess {
  const [status, setStatus] = useState<AccessStatus>('checking');
  const urlRef = useRef(savedUrl);
  urlRef.current = savedUrl;
  /** The URL a Save asked for: its answer, not a parallel check, decides the status. */
  const askedFor = useRef<string | null>(null);

  useEffect(() => {
    if (!savedUrl || savedUrl === askedFor.current) return;
    if (!needsHostAccess(savedUrl)) {
      setStatus('not-needed');
      return;
    }
    let active = true;
    setStatus('checking');
    void hasHostAccess(savedUrl).then((granted) => {
      if (active && askedFor.current !== savedUrl) setStatus(granted ? 'granted' : 'missing');
    });
    return () => {
      active = false;
    };
  }, [savedUrl]);

  const requestOnSave = useCallback((dashboardUrl: string) => {
    if (!needsHostAccess(dashboardUrl)) return null;
    const answer = requestHostAccess(dashboardUrl);
    askedFor.current = dashboardUrl;
    setStatus('asking');
    return answer;
  }, []);

  const afterSave = useCallback(async (dashboardUrl: string, answer: Promise<boolean> | null) => {
    if (!answer) {
      askedFor.current = null;
      setStatus('not-needed');
      await releaseOtherHostAccess(dashboardUrl);
      return;
    }
    const granted = await answer;
    if (askedFor.current !== dashboardUrl) return; // saved again meanwhile
    setStatus(granted ? 'granted' : 'missing');
    await releaseOtherHostAccess(dashboardUrl);
  }, []);

  const allow = useCallback(() => {
    const url = urlRef.current;
    if (!url) return;
    const answer = requestHostAccess(url);
    setStatus('asking');
    void answer.then((granted) => {
      if (urlRef.current === url) setStatus(granted ? 'granted' : 'missing');
    });
  }, []);

  return { status, requestOnSave, afterSave, allow };
}

/** Under the Dashboard URL field: why access is asked for, and what happens without it. */
export function DashboardAccessNote({ access, savedUrl, formUrl }: { access: DashboardAccess; savedUrl: string; formUrl: string }) {
  const editing = formUrl.trim().replace(/\/+$/, '') !== savedUrl;
  const host = hostOf(editing ? formUrl.trim() : savedUrl);
  if (!host) return null;
  const note = 'rounded-lg border px-3 py-2 text-xs';
  const info = `${note} border-slate-200 bg-slate-50 text-slate-700 dark:border-slate-700 dark:bg-slate-800/60 dark:text-slate-200`;

  if (editing) {
    if (!needsHostAccess(formUrl.trim())) return null;
    return (
      <p className={info} data-testid="dashboard-access">
        On Save, the browser asks you to let KalshiBook see your tabs’ addresses on {host}: that is how it notices when Stripe sends you back there after a checkout.
      </p>
    );
  }
  if (access.status === 'asking') {
    return (
      <p role="status" className={info} data-testid="dashboard-access">
        Waiting for your answer to the browser’s permission prompt for {host}…
      </p>
    );
  }
  if (access.status === 'granted') {
    return (
      <p className={info} data-testid="dashboard-access">
        KalshiBook may see your tabs’ addresses on {host}, to notice when Stripe sends you back there after a checkout.
      </p>
    );
  }
  if (access.status === 'missing') {
    return (
      <div
        role="status"
        data-testid="dashboard-access"
        className={`${note} flex flex-wrap items-center justify-between gap-2 border-amber-200 bg-amber-50 text-amber-900 dark:border-amber-900 dark:bg-amber-950/40 dark:text-amber-100`}
      >
        <p className="min-w-0 flex-1">
          No access to {host}: after a checkout, KalshiBook only polls your billing status for the new plan (a canceled checkout goes unnoticed).
        </p>
        <Button type="button" size="sm" variant="outline" onClick={access.allow}>
          Allow access to {host}
        </Button>
      </div>
    );
  }
  return null;
}
