// Sign in or create an account, in the options page (full) or the popup (compact). Says which
// server it talks to; "Stay signed in" is stored in Settings before signing in.
import { useId, useRef, useState, type FormEvent } from 'react';
import { useAccount } from '@/components/account/AccountProvider';
import { saveSettingsPatch, useSettings } from '@/components/settings/use-settings';
import { Button } from '@/components/ui/button';
import { Card } from '@/components/ui/card';
import { cn } from '@/components/ui/cn';
import { Field } from '@/components/ui/input';
import type { ApiErrorData } from '@/lib/api/errors';
import { useClient } from '@/lib/client';
import { hostOf, PASSWORD_MIN, PASSWORD_TOO_SHORT } from '@/lib/format';
import { GoogleButton } from './GoogleButton';
import { useGoogleSignIn } from './use-google-sign-in';

type Mode = 'signIn' | 'createAccount';
type FieldErrors = { email?: string; password?: string };

export interface SignInFormProps {
  /** Popup layout: no card, tighter spacing. */
  compact?: boolean;
  /** When given, a "Server settings" button calls it (the popup opens the options page's settings). */
  onOpenSettings?: () => void;
}

export function SignInForm({ compact = false, onOpenSettings }: SignInFormProps) {
  const client = useClient();
  const account = useAccount();
  const { settings } = useSettings();
  const [mode, setMode] = useState<Mode>('signIn');
  const [email, setEmail] = useState('');
  const [password, setPassword] = useState('');
  // null: follow the stored setting (on by default) until the user touches the checkbox.
  const [stayChoice, setStayChoice] = useState<boolean | null>(null);
  const [passwordBusy, setBusy] = useState(false);
  const [formError, setFormError] = useState<string | null>(null);
  const [fieldErrors, setFieldErrors] = useState<FieldErrors>({});
  const running = useRef(false);
  const emailRef = useRef<HTMLInputElement>(null);
  const passwordRef = useRef<HTMLInputElement>(null);
  const ids = useId();
  const titleId = `${ids}-title`;

  const google = useGoogleSignIn(settings);
  const busy = passwordBusy || google.busy;
  const stay = stayChoice ?? settings?.staySignedIn ?? true;
  const googleAvailable = !settings || Boolean(settings.authUrl && settings.anonKey);
  const googleError = google.outcome?.kind === 'error' ? google.outcome.error.message : null;
  const host = settings ? hostOf(settings.apiBaseUrl) : null;
  const creating = mode === 'createAccount';
  const reason = account.session && !account.session.signedIn ? account.session.reason : null;

  const showError = (error: ApiErrorData) => {
    const fields: FieldErrors = {};
    if (error.fields?.email) fields.email = error.fields.email;
    if (error.fields?.password) fields.password = error.fields.password;
    setFieldErrors(fields);
    const other = Object.entries(error.fields ?? {})
      .filter(([name]) => name !== 'email' && name !== 'password')
      .map(([, message]) => message);
    setFormError(fields.email || fields.password ? null : [error.message, ...other].join(' '));
    if (fields.email) emailRef.current?.focus();
    else if (fields.password) passwordRef.current?.focus();
  };

  const onSubmit = async (e: FormEvent) => {
    e.preventDefault();
    if (running.current) return;
    const errors: FieldErrors = {};
    if (!email.trim()) errors.email = 'Email is required.';
    if (!password) errors.password = 'Password is required.';
    else if (creating && password.length < PASSWORD_MIN) errors.password = PASSWORD_TOO_SHORT;
    if (errors.email || errors.password) {
      setFieldErrors(errors);
      setFormError(null);
      (errors.email ? emailRef : passwordRef).current?.focus();
      return;
    }
    running.current = true;
    setBusy(true);
    setFormError(null);
    setFieldErrors({});
    google.clear();
    try {
      const saved = await saveSettingsPatch(client, { staySignedIn: stay }, settings);
      if (!saved.ok) {
        showError(saved.error);
        return;
      }
      const credentials = { email: email.trim(), password };
      const res = creating ? await client.createAccount(credentials) : await client.signIn(credentials);
      if (res.ok) account.setSession(res.data);
      else showError(res.error);
    } finally {
      running.current = false;
      setBusy(false);
    }
  };

  const switchMode = (next: Mode) => {
    setMode(next);
    setFormError(null);
    setFieldErrors({});
    google.clear();
  };

  const form = (
    <form noValidate onSubmit={(e) => void onSubmit(e)} aria-labelledby={titleId} className={cn('flex flex-col', compact ? 'gap-3' : 'gap-4')}>
      <div className="flex flex-col gap-1">
        <h2 id={titleId} className={cn('font-semibold tracking-tight text-slate-900 dark:text-slate-100', compact ? 'text-base' : 'text-xl')}>
          {creating ? 'Create your KalshiBook account' : 'Sign in to KalshiBook'}
        </h2>
        {host && (
          <p className="text-xs break-all text-slate-500 dark:text-slate-400">
            {creating ? 'Creating an account on' : 'Signing in to'} <span className="font-medium text-slate-700 dark:text-slate-300">{host}</span>
          </p>
        )}
      </div>

      {reason && (
        <p role="status" className="rounded-lg border border-amber-200 bg-amber-50 px-3 py-2 text-sm text-amber-900 dark:border-amber-900 dark:bg-amber-950/50 dark:text-amber-100">
          {reason}
        </p>
      )}

      <GoogleButton
        available={googleAvailable}
        busy={google.busy}
        disabled={busy || !settings}
        onClick={() => {
          setFormError(null);
          setFieldErrors({});
          void google.start(stay);
        }}
        onOpenSettings={onOpenSettings}
      />
      {google.outcome?.kind === 'canceled' && (
        <p role="status" className="-mt-1 text-sm text-slate-600 dark:text-slate-300">
          {google.outcome.message}
        </p>
      )}
      <div className="flex items-center gap-3 text-xs text-slate-500 dark:text-slate-400" aria-hidden="true">
        <span className="h-px flex-1 bg-slate-200 dark:bg-slate-700" />
        or
        <span className="h-px flex-1 bg-slate-200 dark:bg-slate-700" />
      </div>

      <Field
        ref={emailRef}
        id={`${ids}-email`}
        label="Email"
        type="email"
        name="email"
        autoComplete="username"
        inputMode="email"
        spellCheck={false}
        value={email}
        onChange={(e) => {
          setEmail(e.target.value);
          if (fieldErrors.email) setFieldErrors((f) => ({ ...f, email: undefined }));
        }}
        error={fieldErrors.email}
        disabled={busy}
      />
      <Field
        ref={passwordRef}
        id={`${ids}-password`}
        label="Password"
        type="password"
        name="password"
        autoComplete={creating ? 'new-password' : 'current-password'}
        value={password}
        onChange={(e) => {
          setPassword(e.target.value);
          if (fieldErrors.password) setFieldErrors((f) => ({ ...f, password: undefined }));
        }}
        error={fieldErrors.password}
        hint={creating ? `At least ${PASSWORD_MIN} characters.` : undefined}
        disabled={busy}
      />

      <label className="flex items-center gap-2 text-sm text-slate-700 dark:text-slate-300">
        <input
          type="checkbox"
          checked={stay}
          onChange={(e) => setStayChoice(e.target.checked)}
          disabled={busy}
          className="h-4 w-4 rounded border-slate-300 accent-indigo-600 focus-visible:outline-2 focus-visible:outline-indigo-500 dark:border-slate-600"
        />
        Stay signed in
      </label>

      {(formError ?? googleError) && (
        <p role="alert" className="rounded-lg border border-red-200 bg-red-50 px-3 py-2 text-sm text-red-800 dark:border-red-900 dark:bg-red-950/50 dark:text-red-200">
          {formError ?? googleError}
        </p>
      )}

      <Button type="submit" busy={passwordBusy} disabled={google.busy} className="w-full">
        {creating ? 'Create account' : 'Sign in'}
      </Button>

      <div className="flex flex-wrap items-center justify-between gap-2 text-sm">
        <p className="text-slate-500 dark:text-slate-400">
          {creating ? 'Already have an account?' : 'New to KalshiBook?'}{' '}
          <button
            type="button"
            onClick={() => switchMode(creating ? 'signIn' : 'createAccount')}
            disabled={busy}
            className="rounded font-medium text-indigo-600 hover:underline focus-visible:outline-2 focus-visible:outline-indigo-500 disabled:opacity-50 dark:text-indigo-400"
          >
            {creating ? 'Sign in' : 'Create account'}
          </button>
        </p>
        {onOpenSettings && (
          <button
            type="button"
            onClick={onOpenSettings}
            className="rounded text-slate-500 hover:text-slate-800 hover:underline focus-visible:outline-2 focus-visible:outline-indigo-500 dark:text-slate-400 dark:hover:text-slate-200"
          >
            Server settings
          </button>
        )}
      </div>
    </form>
  );

  if (compact) return form;
  return <Card className="w-full max-w-sm p-6">{form}</Card>;
}
