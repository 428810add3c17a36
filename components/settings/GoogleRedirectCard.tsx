// Settings → "Redirect URL for Google sign-in": the URL the Supabase project behind the Auth URL
// must allow-list (Authentication → URL Configuration → Redirect URLs) for "Continue with Google".
import { useEffect, useId, useState } from 'react';
import { copyText } from '@/components/keys/clipboard';
import { Button } from '@/components/ui/button';
import { Card } from '@/components/ui/card';
import { inputClass } from '@/components/ui/input';
import { toast } from '@/components/ui/toast';
import { useClient } from '@/lib/client';

export const REDIRECT_URL_LABEL = 'Redirect URL for Google sign-in';

export function GoogleRedirectCard() {
  const client = useClient();
  const [url, setUrl] = useState<string | null>(null);
  const [problem, setProblem] = useState<string | null>(null);
  const id = useId();

  useEffect(() => {
    let alive = true;
    void client.googleRedirectUrl().then((res) => {
      if (!alive) return;
      if (res.ok) setUrl(res.data);
      else setProblem(res.error.message);
    });
    return () => {
      alive = false;
    };
  }, [client]);

  const copy = async () => {
    if (url && (await copyText(url))) toast.success('Redirect URL copied to clipboard');
  };

  return (
    <Card className="flex flex-col gap-3 p-6">
      <div className="flex flex-col gap-1">
        <h3 className="text-sm font-medium text-slate-800 dark:text-slate-200">Google sign-in</h3>
        <p id={`${id}-hint`} className="text-xs text-slate-500 dark:text-slate-400">
          The Supabase project at the Auth URL must allow this URL (Authentication → URL Configuration → Redirect URLs). Otherwise
          Google sign-in ends on the project’s Site URL instead of coming back here.
        </p>
      </div>
      <label htmlFor={`${id}-url`} className="text-sm font-medium text-slate-800 dark:text-slate-200">
        {REDIRECT_URL_LABEL}
      </label>
      <div className="flex gap-2">
        <input
          id={`${id}-url`}
          type="text"
          readOnly
          value={url ?? ''}
          placeholder={problem ? '' : 'Loading…'}
          aria-describedby={`${id}-hint`}
          spellCheck={false}
          onFocus={(e) => e.currentTarget.select()}
          className={`${inputClass} font-mono text-xs`}
        />
        <Button variant="outline" disabled={!url} onClick={() => void copy()} aria-label="Copy redirect URL">
          Copy
        </Button>
      </div>
      {problem && (
        <p role="alert" className="text-xs text-red-600 dark:text-red-400">
          {problem}
        </p>
      )}
    </Card>
  );
}
