// Popup: the plan in a compact card (fits 360 px), same behaviour as the options page.
import { useAccount } from '@/components/account/AccountProvider';
import { Card } from '@/components/ui/card';
import { Spinner } from '@/components/ui/spinner';
import { usePlanCard } from './use-plan-card';
import { BillingStates, CreditsMeter, NextBillingDate, PaygControl, StripeButtons } from './parts';
import { TierBadge } from './TierBadge';
import { NewCycleNotice, OverageLine } from './cycle-parts';

export function BillingSummary() {
  const { billing, reloadBilling } = useAccount();
  return (
    <div className="flex min-w-0 flex-col gap-3">
      <BillingStates data={billing.data} loading={billing.loading} error={billing.error} onRetry={() => void reloadBilling()} compact>
        {() => <SummaryCard />}
      </BillingStates>
    </div>
  );
}

function SummaryCard() {
  const plan = usePlanCard();
  if (!plan) return null;
  const { view, refreshing, payg, actions } = plan;
  return (
    <Card className="flex min-w-0 flex-col gap-4 p-4">
      <div className="flex items-center justify-between gap-2">
        <span className="text-xs font-medium text-slate-500 dark:text-slate-400">Current Plan</span>
        <div className="flex items-center gap-2">
          {refreshing && <Spinner label="Refreshing billing" />}
          <TierBadge view={view} />
        </div>
      </div>
      <NewCycleNotice view={view} compact />
      <CreditsMeter view={view} compact />
      <OverageLine view={view} compact />
      <NextBillingDate view={view} compact />
      <div className="border-t border-slate-200 pt-3 dark:border-slate-700">
        <PaygControl payg={payg} compact />
      </div>
      <StripeButtons view={view} actions={actions} compact />
    </Card>
  );
}
