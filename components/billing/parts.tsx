// Building blocks of the plan views, each with a full and a compact layout.
import { useId, type ReactNode } from 'react';
import type { ApiErrorData } from '@/lib/api/errors';
import type { BillingStatus } from '@/lib/api/schemas';
import { Badge } from '@/components/ui/badge';
import { Button } from '@/components/ui/button';
import { Card } from '@/components/ui/card';
import { cn } from '@/components/ui/cn';
import { ErrorState } from '@/components/ui/error-state';
import { Progress } from '@/components/ui/progress';
import { Skeleton } from '@/components/ui/skeleton';
import { Spinner } from '@/components/ui/spinner';
import { Switch } from '@/components/ui/switch';
import { MANAGE_HINT, PAYG_DESCRIPTION, UPGRADE_LABEL, type BillingView } from './billing-view';
import type { PaygState, StripeActions } from './use-plan-card';

const muted = 'text-slate-500 dark:text-slate-400';

export function CreditsMeter({ view, compact = false }: { view: BillingView; compact?: boolean }) {
  return (
    <div className="flex flex-col gap-2">
      <div className={cn('flex flex-wrap items-baseline justify-between gap-x-3 gap-y-1', compact ? 'text-xs' : 'text-sm')}>
        <span className="font-medium text-slate-800 dark:text-slate-200">Credits</span>
        <span className="tabular-nums text-slate-700 dark:text-slate-300">{view.usedText}</span>
      </div>
      <Progress value={view.percent} label="Credits used" tone={view.tone} />
      <p
        className={cn(
          'tabular-nums',
          compact ? 'text-xs' : 'text-sm',
          view.tone === 'danger' ? 'text-red-600 dark:text-red-400' : view.tone === 'warning' ? 'text-amber-700 dark:text-amber-400' : muted,
        )}
      >
        {view.remainingText}
      </p>
    </div>
  );
}

export function NextBillingDate({ view, compact = false }: { view: BillingView; compact?: boolean }) {
  return (
    <div className={cn('flex flex-wrap items-baseline justify-between gap-x-3 gap-y-1', compact ? 'text-xs' : 'text-sm')}>
      <span className={compact ? muted : 'font-medium text-slate-800 dark:text-slate-200'}>Next billing date</span>
      <span className="text-slate-700 dark:text-slate-300">{view.nextBilling}</span>
    </div>
  );
}

export function PaygControl({ payg, compact = false }: { payg: PaygState; compact?: boolean }) {
  const descId = useId();
  const status = payg.enabled ? 'Enabled' : 'Disabled';
  const control = (
    <div className="flex items-center gap-2">
      {payg.busy && <Spinner label="Updating Pay-As-You-Go" />}
      <Switch checked={payg.checked} onCheckedChange={(v) => void payg.toggle(v)} label="Pay-As-You-Go" disabled={payg.busy} />
    </div>
  );
  if (compact) {
    return (
      <div className="flex items-center justify-between gap-3">
        <div className="min-w-0">
          <p className="text-xs font-medium text-slate-800 dark:text-slate-200">Pay-As-You-Go: {status}</p>
          <p id={descId} className={cn('text-xs', muted)}>
            $0.008/credit after credits run out
          </p>
        </div>
        {control}
      </div>
    );
  }
  return (
    <div className="flex items-start justify-between gap-4">
      <div className="flex min-w-0 flex-col gap-1">
        <div className="flex items-center gap-2">
          <h3 className="text-sm font-medium text-slate-800 dark:text-slate-200">Pay-As-You-Go</h3>
          <Badge variant={payg.enabled ? 'success' : 'muted'}>{status}</Badge>
        </div>
        <p id={descId} className={cn('text-sm', muted)}>
          {PAYG_DESCRIPTION}
        </p>
      </div>
      {control}
    </div>
  );
}

export function StripeButtons({ view, actions, compact = false }: { view: BillingView; actions: StripeActions; compact?: boolean }) {
  const hintId = useId();
  const anyBusy = actions.busy !== null;
  return (
    <div className={cn('flex flex-col gap-2', compact ? 'w-full' : 'items-stretch sm:items-end')}>
      <div className={cn('flex gap-2', compact ? 'flex-col' : 'flex-wrap sm:justify-end')}>
        {view.canUpgrade && (
          <Button
            size={compact ? 'sm' : 'md'}
            busy={actions.busy === 'checkout'}
            disabled={anyBusy}
            onClick={() => void actions.openCheckout()}
            className={compact ? 'w-full' : undefined}
          >
            {UPGRADE_LABEL}
          </Button>
        )}
        <Button
          variant="outline"
          size={compact ? 'sm' : 'md'}
          busy={actions.busy === 'portal'}
          disabled={anyBusy || !view.canManage}
          aria-describedby={view.canManage ? undefined : hintId}
          onClick={() => void actions.openPortal()}
          className={compact ? 'w-full' : undefined}
        >
          Manage in Stripe
        </Button>
      </div>
      {!view.canManage && (
        <p id={hintId} className={cn('text-xs', muted, compact ? 'text-center text-balance' : 'sm:text-right')}>
          {MANAGE_HINT}
        </p>
      )}
    </div>
  );
}

export function BillingSkeleton({ compact = false }: { compact?: boolean }) {
  return (
    <Card className={cn('flex flex-col', compact ? 'gap-3 p-4' : 'gap-6 p-6')} role="status" aria-busy="true" aria-label="Loading billing">
      <div className="flex items-center justify-between">
        <Skeleton className="h-4 w-24" />
        <Skeleton className="h-5 w-16 rounded-full" />
      </div>
      <Skeleton className="h-2 w-full rounded-full" />
      <Skeleton className="h-4 w-32" />
      <Skeleton className={cn('w-full', compact ? 'h-8' : 'h-10')} />
    </Card>
  );
}

/** Loading, error and empty states shared by both layouts; renders `children(data)` when there is data. */
export function BillingStates({
  data,
  loading,
  error,
  onRetry,
  compact = false,
  children,
}: {
  data: BillingStatus | null;
  loading: boolean;
  error: ApiErrorData | null;
  onRetry: () => void;
  compact?: boolean;
  children: (data: BillingStatus) => ReactNode;
}) {
  if (!data) {
    if (error) {
      return compact ? (
        <ErrorState error={error} onRetry={onRetry} compact />
      ) : (
        <Card className="p-6">
          <ErrorState error={error} onRetry={onRetry} />
        </Card>
      );
    }
    if (loading) return <BillingSkeleton compact={compact} />;
    return <p className={cn('text-sm', muted)}>Sign in to see your plan.</p>;
  }
  return (
    <>
      {error && <ErrorState error={error} onRetry={onRetry} compact />}
      {children(data)}
    </>
  );
}
