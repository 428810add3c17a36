// Popup header: plan badge and a thin credits bar.
import { useAccount } from '@/components/account/AccountProvider';
import { Progress } from '@/components/ui/progress';
import { Skeleton } from '@/components/ui/skeleton';
import { billingView } from './billing-view';
import { TierBadge } from './TierBadge';

export function PlanBadgeBar() {
  const { billing } = useAccount();
  if (!billing.data) return billing.loading ? <Skeleton className="h-5 w-24 rounded-full" /> : null;
  const view = billingView(billing.data);
  return (
    <div className="flex min-w-0 items-center gap-2" title={`${view.usedText} · ${view.remainingText}`}>
      <TierBadge view={view} />
      <div className="w-16 shrink-0">
        <Progress value={view.percent} label="Credits used" tone={view.tone} className="h-1.5!" />
      </div>
    </div>
  );
}
