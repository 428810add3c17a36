// The "Continue with Google" button, and what it says when the server settings it needs are missing.
import { useId } from 'react';
import { Button } from '@/components/ui/button';
import { GoogleIcon } from '@/components/ui/icons';
import { GOOGLE_NEEDS_AUTH } from '@/lib/auth/google-redirect';

export interface GoogleButtonProps {
  /** false: no Auth URL or Anon key in Settings. */
  available: boolean;
  busy: boolean;
  disabled: boolean;
  onClick(): void;
  /** Popup: opens the options page at Settings. Options page: a link to its Settings section. */
  onOpenSettings?: () => void;
}

export function GoogleButton({ available, busy, disabled, onClick, onOpenSettings }: GoogleButtonProps) {
  const hintId = useId();
  return (
    <div className="flex flex-col gap-1.5">
      <Button
        variant="outline"
        className="w-full"
        busy={busy}
        disabled={disabled || !available}
        aria-describedby={available ? undefined : hintId}
        onClick={onClick}
      >
        {!busy && <GoogleIcon className="h-4 w-4" />}
        Continue with Google
      </Button>
      {!available && (
        <p id={hintId} className="text-xs text-slate-500 dark:text-slate-400">
          {GOOGLE_NEEDS_AUTH}{' '}
          {onOpenSettings ? (
            <button type="button" onClick={onOpenSettings} className="rounded font-medium text-indigo-600 hover:underline focus-visible:outline-2 focus-visible:outline-indigo-500 dark:text-indigo-400">
              Open Settings
            </button>
          ) : (
            <a href="#settings" className="rounded font-medium text-indigo-600 hover:underline focus-visible:outline-2 focus-visible:outline-indigo-500 dark:text-indigo-400">
              Open Settings
            </a>
          )}
        </p>
      )}
    </div>
  );
}
