// Options page: server URLs (validated here and again by the background), the account, and
// "Stay signed in". Works signed out too, so a staging or local server can be set before sign-in.
import { useId, useRef, useState, type FormEvent } from 'react';
import { toast } from '@/components/ui/toast';
import { useAccount } from '@/components/account/AccountProvider';
import { Button } from '@/components/ui/button';
import { Card } from '@/components/ui/card';
import { ErrorState } from '@/components/ui/error-state';
import { Field } from '@/components/ui/input';
import { Skeleton } from '@/components/ui/skeleton';
import { useClient } from '@/lib/client';
import { defaultSettings, validateSettings, type Settings, type SettingsErrors } from '@/lib/settings';
import { ClipboardSetting } from './ClipboardSetting';
import { GoogleRedirectCard } from './GoogleRedirectCard';
import { SignOutButton } from './SignOutButton';
import { AlertsCard } from './AlertsCard';
import { UsageHistoryCard } from './UsageHistoryCard';
import { DashboardAccessNote, useDashboardAccess } from './DashboardAccess';
import { saveSettingsPatch, useInstantSetting, useSettings } from './use-settings';
import { SectionHeading } from '@/components/ui/section-heading';

type UrlForm = Pick<Settings, 'apiBaseUrl' | 'authUrl' | 'anonKey' | 'dashboardUrl'>;
type FormKey = keyof UrlForm;

const FIELDS: { key: FormKey; id: string; label: string; hint: string; placeholder?: string }[] = [
  { key: 'apiBaseUrl', id: 'settings-api-base-url', label: 'API base URL', hint: `Default: ${defaultSettings().apiBaseUrl}`, placeholder: 'https://api.kalshibook.io' },
  { key: 'authUrl', id: 'settings-auth-url', label: 'Auth URL', hint: 'Supabase project URL used to refresh your session', placeholder: 'https://your-project.supabase.co' },
  { key: 'anonKey', id: 'settings-anon-key', label: 'Anon key', hint: 'Supabase public anon key, sent when refreshing your session' },
  { key: 'dashboardUrl', id: 'settings-dashboard-url', label: 'Dashboard URL', hint: 'Where Stripe returns you after checkout', placeholder: 'https://kalshibook.io' },
];

export const STAY_SIGNED_IN_HINT = 'Keep you signed in after the browser restarts. Off: you are signed out when the browser closes.';

const pick = (s: Settings): UrlForm => ({ apiBaseUrl: s.apiBaseUrl, authUrl: s.authUrl, anonKey: s.anonKey, dashboardUrl: s.dashboardUrl });

export function SettingsSection() {
  const { settings, error, reload, setSettings } = useSettings();
  const titleId = useId();
  return (
    <section aria-labelledby={titleId} className="flex flex-col gap-6">
      <SectionHeading id={titleId} title="Settings" description="Your account and the KalshiBook server this extension talks to." />
      <AccountCard settings={settings} onSaved={setSettings} />
      {settings && <ClipboardSetting settings={settings} onSaved={setSettings} />}
      {settings ? (
        <ServerForm initial={settings} onSaved={setSettings} />
      ) : error ? (
        <Card className="p-6">
          <ErrorState error={error} onRetry={() => void reload()} />
        </Card>
      ) : (
        <Card className="flex flex-col gap-4 p-6" role="status" aria-label="Loading settings">
          {FIELDS.map((f) => (
            <Skeleton key={f.key} className="h-14 w-full" />
          ))}
        </Card>
      )}
      <AlertsCard />
      <UsageHistoryCard />
      <GoogleRedirectCard />
    </section>
  );
}

/** Signed-in email, "Sign out" and "Stay signed in" (saved at once). Signed out, the sign-in form has the checkbox. */
function AccountCard({ settings, onSaved }: { settings: Settings | null; onSaved: (s: Settings) => void }) {
  const { session } = useAccount();
  const stay = useInstantSetting(settings?.staySignedIn ?? true, (staySignedIn) => ({ staySignedIn }), settings, onSaved);
  const hintId = useId();
  if (!session?.signedIn) return null;

  return (
    <Card className="flex flex-col gap-4 p-6">
      <div className="flex flex-wrap items-center justify-between gap-3">
        <div className="flex min-w-0 flex-col gap-0.5">
          <h3 className="text-sm font-medium text-slate-800 dark:text-slate-200">Account</h3>
          <p className="text-sm break-all text-slate-600 dark:text-slate-300">
            Signed in as <span className="font-medium text-slate-900 dark:text-slate-100">{session.email}</span>
          </p>
        </div>
        <SignOutButton />
      </div>
      <div className="flex items-start gap-3">
        <input
          id={`${hintId}-stay`}
          type="checkbox"
          checked={stay.value}
          disabled={stay.busy || !settings}
          aria-describedby={hintId}
          onChange={(e) => void stay.change(e.target.checked)}
          className="mt-0.5 h-4 w-4 rounded border-slate-300 accent-indigo-600 focus-visible:outline-2 focus-visible:outline-indigo-500 dark:border-slate-600"
        />
        <div className="flex flex-col gap-0.5">
          <label htmlFor={`${hintId}-stay`} className="text-sm font-medium text-slate-800 dark:text-slate-200">
            Stay signed in
          </label>
          <p id={hintId} className="text-xs text-slate-500 dark:text-slate-400">
            {STAY_SIGNED_IN_HINT}
          </p>
        </div>
      </div>
    </Card>
  );
}

function ServerForm({ initial, onSaved }: { initial: Settings; onSaved: (s: Settings) => void }) {
  const client = useClient();
  const { session, noticeError, reloadKeys, reloadBilling } = useAccount();
  const [form, setForm] = useState<UrlForm>(() => pick(initial));
  const [errors, setErrors] = useState<SettingsErrors>({});
  const [formError, setFormError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const running = useRef(false);
  const refs = useRef<Partial<Record<FormKey, HTMLInputElement | null>>>({});
  const dashboardAccess = useDashboardAccess(initial.dashboardUrl);

  const focusFirst = (errs: SettingsErrors) => {
    const first = FIELDS.find((f) => errs[f.key]);
    if (first) refs.current[first.key]?.focus();
  };

  const onSubmit = async (e: FormEvent) => {
    e.preventDefault();
    if (running.current) return;
    setFormError(null);
    const checked = validateSettings({ ...initial, ...form });
    if (!checked.ok) {
      setErrors(checked.errors);
      focusFirst(checked.errors);
      return;
    }
    setErrors({});
    // Asked here, in the click itself: browsers prompt only for a user gesture (Firefox: before any await).
    const access = dashboardAccess.requestOnSave(checked.value.dashboardUrl);
    running.current = true;
    setBusy(true);
    try {
      // Only the server fields: the other settings are saved on their own, maybe from another page.
      const res = await saveSettingsPatch(client, pick(checked.value), initial, { skipUnchanged: false });
      if (res.ok) {
        setForm(pick(res.data));
        onSaved(res.data);
        toast.success('Settings saved');
        void dashboardAccess.afterSave(res.data.dashboardUrl, access);
        // The background dropped the cached data of the old server: show the new server's.
        if (session?.signedIn && res.before?.apiBaseUrl !== res.data.apiBaseUrl) {
          void reloadKeys();
          void reloadBilling();
        }
      } else {
        const fields = (res.error.fields ?? {}) as SettingsErrors;
        const known = FIELDS.some((f) => fields[f.key]);
        setErrors(fields);
        setFormError(known ? null : res.error.message);
        focusFirst(fields);
        noticeError(res.error);
      }
    } finally {
      running.current = false;
      setBusy(false);
    }
  };

  return (
    <Card className="p-6">
      <form noValidate onSubmit={(e) => void onSubmit(e)} className="flex flex-col gap-5" aria-label="Server settings">
        <div className="flex flex-col gap-1">
          <h3 className="text-sm font-medium text-slate-800 dark:text-slate-200">Server</h3>
          <p className="text-xs text-slate-500 dark:text-slate-400">
            Use https:// (plain http:// only for localhost and 127.0.0.1). Changing the API base URL clears cached data.
          </p>
        </div>
        {FIELDS.map((f) => (
          <Field
            key={f.key}
            ref={(el) => {
              refs.current[f.key] = el;
            }}
            id={f.id}
            label={f.label}
            hint={f.hint}
            placeholder={f.placeholder}
            type="text"
            inputMode={f.key === 'anonKey' ? 'text' : 'url'}
            autoComplete="off"
            spellCheck={false}
            value={form[f.key]}
            error={errors[f.key]}
            onChange={(e) => {
              const value = e.target.value;
              setForm((s) => ({ ...s, [f.key]: value }));
              if (errors[f.key]) setErrors((s) => ({ ...s, [f.key]: undefined }));
            }}
          />
        ))}
        <DashboardAccessNote access={dashboardAccess} savedUrl={initial.dashboardUrl} formUrl={form.dashboardUrl} />
        {formError && (
          <p role="alert" className="rounded-lg border border-red-200 bg-red-50 px-3 py-2 text-sm text-red-800 dark:border-red-900 dark:bg-red-950/50 dark:text-red-200">
            {formError}
          </p>
        )}
        <div className="flex justify-end">
          <Button type="submit" busy={busy}>
            Save
          </Button>
        </div>
      </form>
    </Card>
  );
}
