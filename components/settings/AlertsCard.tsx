// Settings → Alerts: "Notify me when credits run low" (off by default) and the Pay-As-You-Go amount.
// Turning alerts on asks for the optional `notifications` permission in that very click (browsers
// prompt only for a user gesture); refused, alerts stay off and the card says so.
import { useCallback, useEffect, useId, useRef, useState, type FormEvent } from 'react';
import { toast } from '@/components/ui/toast';
import { useAccount } from '@/components/account/AccountProvider';
import { Button } from '@/components/ui/button';
import { Card } from '@/components/ui/card';
import { Field } from '@/components/ui/input';
import { Skeleton } from '@/components/ui/skeleton';
import { Switch } from '@/components/ui/switch';
import { useClient } from '@/lib/client';
import { hasNotifications, removeNotifications, requestNotifications } from '@/lib/permissions';
import { parseDollars } from '@/lib/alert-settings';
import type { AlertSettings } from '@/lib/settings';

export const ALERTS_LABEL = 'Notify me when credits run low';
export const ALERTS_DESCRIPTION =
  'A browser notification, once per billing cycle, when 80 % and when 100 % of your credits are used. With Pay-As-You-Go on, instead of the 100 % one: when the estimated overage reaches the amount below.';
export const NOT_ALLOWED = 'Notifications were not allowed, so alerts stay off.';
export const BLOCKED = 'KalshiBook may not show notifications right now. Turn alerts off and on again to allow them.';
export const AMOUNT_LABEL = 'Pay-As-You-Go alert amount (USD)';

const dollars = (cents: number) => (cents / 100).toFixed(2);

export function AlertsCard() {
  const client = useClient();
  const { noticeError } = useAccount();
  const [settings, setSettings] = useState<AlertSettings | null>(null);
  const [loadError, setLoadError] = useState<string | null>(null);
  /** The switch's position while a change is being saved. */
  const [pending, setPending] = useState<boolean | null>(null);
  const [problem, setProblem] = useState<string | null>(null);
  const [permitted, setPermitted] = useState(true);
  const running = useRef(false);
  const titleId = useId();
  const descId = useId();

  useEffect(() => {
    let active = true;
    void client.getAlertSettings().then(async (res) => {
      if (!active) return;
      if (!res.ok) {
        setLoadError(res.error.message);
        return;
      }
      setSettings(res.data);
      if (res.data.enabled) {
        const allowed = await hasNotifications();
        if (active) setPermitted(allowed);
      }
    });
    return () => {
      active = false;
    };
  }, [client]);

  const save = useCallback(
    async (next: AlertSettings, done: string): Promise<boolean> => {
      const res = await client.saveAlertSettings(next);
      if (res.ok) {
        setSettings(res.data);
        toast.success(done);
        return true;
      }
      toast.error(res.error.message);
      noticeError(res.error);
      return false;
    },
    [client, noticeError],
  );

  // Called synchronously by the switch's click: the permission request must start right here.
  const onToggle = (enable: boolean) => {
    if (running.current || !settings) return;
    running.current = true;
    setProblem(null);
    setPending(enable);
    const permission = enable ? requestNotifications() : null;
    void (async () => {
      try {
        if (permission && !(await permission)) {
          setProblem(NOT_ALLOWED);
          return;
        }
        const saved = await save({ ...settings, enabled: enable }, enable ? 'Low-credit alerts on' : 'Low-credit alerts off');
        if (saved) setPermitted(true);
        // Off: the permission is given back; turning alerts on again asks again.
        if (saved && !enable) await removeNotifications();
      } finally {
        running.current = false;
        setPending(null);
      }
    })();
  };

  if (!settings) {
    return (
      <Card className="flex flex-col gap-3 p-6">
        {loadError ? (
          <p role="alert" className="text-sm text-red-700 dark:text-red-300">
            {loadError}
          </p>
        ) : (
          <Skeleton className="h-14 w-full" />
        )}
      </Card>
    );
  }

  const checked = pending ?? settings.enabled;
  return (
    <Card className="p-6">
      <section aria-labelledby={titleId} className="flex flex-col gap-5">
        <div className="flex items-start justify-between gap-4">
          <div className="flex min-w-0 flex-col gap-1">
            <h3 id={titleId} className="text-sm font-medium text-slate-800 dark:text-slate-200">
              {ALERTS_LABEL}
            </h3>
            <p id={descId} className="text-xs text-slate-500 dark:text-slate-400">
              {ALERTS_DESCRIPTION}
            </p>
          </div>
          <Switch checked={checked} onCheckedChange={onToggle} label={ALERTS_LABEL} disabled={pending !== null} />
        </div>
        {problem && (
          <p role="alert" className="rounded-lg border border-amber-200 bg-amber-50 px-3 py-2 text-xs text-amber-900 dark:border-amber-900 dark:bg-amber-950/40 dark:text-amber-100">
            {problem}
          </p>
        )}
        {!problem && settings.enabled && !permitted && (
          <p role="status" className="rounded-lg border border-amber-200 bg-amber-50 px-3 py-2 text-xs text-amber-900 dark:border-amber-900 dark:bg-amber-950/40 dark:text-amber-100">
            {BLOCKED}
          </p>
        )}
        <AmountForm key={settings.paygThresholdCents} cents={settings.paygThresholdCents} onSave={(cents) => save({ ...settings, paygThresholdCents: cents }, 'Alert amount saved')} />
      </section>
    </Card>
  );
}

function AmountForm({ cents, onSave }: { cents: number; onSave: (cents: number) => Promise<boolean> }) {
  const [value, setValue] = useState(() => dollars(cents));
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  const onSubmit = async (e: FormEvent) => {
    e.preventDefault();
    if (busy) return;
    const parsed = parseDollars(value);
    if (!parsed.ok) {
      setError(parsed.error);
      return;
    }
    setError(null);
    setBusy(true);
    try {
      await onSave(parsed.cents);
    } finally {
      setBusy(false);
    }
  };

  return (
    <form noValidate onSubmit={(e) => void onSubmit(e)} aria-label="Pay-As-You-Go alert amount" className="flex flex-wrap items-end gap-3">
      <Field
        id="settings-payg-alert-amount"
        label={AMOUNT_LABEL}
        hint="With Pay-As-You-Go on; default $10."
        inputMode="decimal"
        autoComplete="off"
        value={value}
        error={error}
        className="w-72"
        onChange={(e) => {
          setValue(e.target.value);
          if (error) setError(null);
        }}
      />
      <Button type="submit" variant="outline" busy={busy} className="mb-5">
        Save amount
      </Button>
    </form>
  );
}
