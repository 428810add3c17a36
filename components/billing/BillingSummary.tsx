// Popup: the plan in a compact card (fits 360 px), same behaviour as the options page.
import { useAccount } from '@/components/account/AccountProvider';
import { Card } from '@/components/ui/card';
import { Spinner } from '@/components/ui/spinner';
import { usePlanCard } from './use-plan-card';
import { BillingStates, CreditsMeter, NextBillingDate, PaygControl, StripeButtons } from './parts';
import { TierBadge } from './TierBadge';
import { NewCycleNotice, OverageLine } from './cycle-parts';
import { ForecastLine } from '@/components/usage/ForecastLine';
import { Sparkline } from '@/components/usage/Sparkline';
import { useUsageGlance } from '@/components/usage/useUsageGlance';
import type { Forecast } from '@/lib/usage/forecast';
import type { UsageGlance } from '@/lib/usage/glance';

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
  const usage = useUsageGlance();
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
      {usage.loaded && usage.forecast && <PopupForecast forecast={usage.forecast} spark={usage.spark} />}
      <OverageLine view={view} compact />
      <NextBillingDate view={view} compact />
      <div className="border-t border-slate-200 pt-3 dark:border-slate-700">
        <PaygControl payg={payg} compact />
      </div>
      <StripeButtons view={view} actions={actions} compact />
    </Card>
  );
}

/** The forecast line and, with two points or more this cycle, the sparkline next to it. */
function PopupForecast({ forecast, spark }: { forecast: Forecast; spark: UsageGlance['spark'] }) {
  const start = forecast.cycleStart?.getTime();
  const end = forecast.cycleEnd?.getTime();
  return (
    <div className="flex items-center justify-between gap-3">
      <ForecastLine forecast={forecast} compact />
      {start !== undefined && end !== undefined && (
        <Sparkline times={spark.t} used={spark.u} start={start} end={end} allowance={forecast.total} />
      )}
    </div>
  );
}
