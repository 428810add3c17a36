// The "Continue with Google" button, and what it says when the server settings it needs are missing.
import { useId } from 'react';
import { Button } from '@/components/ui/button';
import { GOOGLE_NEEDS_AUTH } from '@/lib/auth/google-redirect';

function GoogleLogo() {
  return (
    <svg viewBox="0 0 24 24" className="h-4 w-4" aria-hidden="true">
      <path fill="#4285F4" d="M23.5 12.3c0-.8-.1-1.6-.2-2.3H12v4.4h6.5a5.6 5.6 0 0 1-2.4 3.6v3h3.9c2.2-2.1 3.5-5.1 3.5-8.7Z" />
      <path fill="#34A853" d="M12 24c3.2 0 6-1.1 7.9-2.9l-3.9-3a7.2 7.2 0 0 1-10.8-3.8H1.2v3.1A12 12 0 0 0 12 24Z" />
      <path fill="#FBBC05" d="M5.2 14.3a7.2 7.2 0 0 1 0-4.6V6.6h-4a12 12 0 0 0 0 10.8l4-3.1Z" />
      <path fill="#EA4335" d="M12 4.8c1.8 0 3.3.6 4.6 1.8l3.4-3.4A12 12 0 0 0 1.2 6.6l4 3.1A7.2 7.2 0 0 1 12 4.8Z" />
    </svg>
  );
}

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
        {!busy && <GoogleLogo />}
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
