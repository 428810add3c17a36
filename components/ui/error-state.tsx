import type { ApiErrorData } from '@/lib/api/errors';
import { Button } from './button';

/** The error line/card with "Retry" where retrying makes sense. */
export function ErrorState({ error, onRetry, compact = false }: { error: ApiErrorData; onRetry?: () => void; compact?: boolean }) {
  const retryable = error.kind !== 'validation' && error.kind !== 'session_expired' && error.kind !== 'signed_out';
  return (
    <div
      role="alert"
      className={
        compact
          ? 'flex items-center justify-between gap-2 rounded-lg border border-red-200 bg-red-50 px-3 py-2 text-xs text-red-800 dark:border-red-900 dark:bg-red-950/50 dark:text-red-200'
          : 'flex flex-col items-start gap-3 rounded-xl border border-red-200 bg-red-50 p-4 text-sm text-red-800 dark:border-red-900 dark:bg-red-950/50 dark:text-red-200'
      }
    >
      <p>{error.message}</p>
      {retryable && onRetry && (
        <Button variant="outline" size="sm" onClick={onRetry}>
          Retry
        </Button>
      )}
    </div>
  );
}
