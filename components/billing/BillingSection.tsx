// Options page: the plan card (tier, credits, forecast, next billing date, Pay-As-You-Go, Stripe
// buttons), the top keys, and the usage charts from the recorded history.
import { lazy, Suspense, useId } from 'react';
import { useAccount } from '@/components/account/AccountProvider';
import { Card } from '@/components/ui/card';
import { Spinner } from '@/components/ui/spinner';
import { usePlanCard } from './use-plan-card';
import { BillingStates, CreditsMeter, NextBillingDate, PaygControl, StripeButtons } from './parts';
import { TierBadge } from './TierBadge';
import { NewCycleNotice, OverageLine } from './cycle-parts';
import { TopKeys } from './TopKeys';
import { SectionHeading } from '@/components/ui/section-heading';
import { ForecastLine } from '@/components/usage/ForecastLine';
import { useForecast } from '@/components/usage/useForecast';
import { useUsageHistory } from '@/components/usage/useUsageHistory';
import type { Forecast } from '@/lib/usage/forecast';

// The charts (and, from them, uPlot) load with Billing's history, not with the options page.
const UsageCharts = lazy(() => import('@/components/usage/UsageCharts').then((m) => ({ default: m.UsageCharts })));

export function BillingSection() {
  const { billing, keys, reloadBilling } = useAccount();
  const titleId = useId();
  const usage = useUsageHistory();
  const history = usage.view?.history ?? null;
  const forecast = useForecast(billing.data, history);
  return (
    <section aria-labelledby={titleId} className="flex flex-col gap-6">
      <SectionHeading id={titleId} title="Billing" description="Manage your subscription and payment methods." />
      <BillingStates data={billing.data} loading={billing.loading} error={billing.error} onRetry={() => void reloadBilling()}>
        {() => <PlanCard forecast={usage.loaded ? forecast : null} />}
      </BillingStates>
      <TopKeys />
      {billing.data && forecast && usage.loaded && (
        <Suspense fallback={null}>
          <UsageCharts billing={billing.data} history={history} dropped={usage.view?.dropped ?? 0} forecast={forecast} keys={keys.data} error={usage.error} />
        </Suspense>
      )}
    </section>
  );
}

function PlanCard({ forecast }: { forecast: Forecast | null }) {
  const plan = usePlanCard();
  if (!plan) return null;
  const { view, refreshing, payg, actions } = plan;
  return (
    <Card className="flex flex-col divide-y divide-slate-200 dark:divide-slate-700">
      <div className="flex flex-col gap-4 p-6 sm:flex-row sm:items-start sm:justify-between">
        <div className="flex flex-col gap-2">
          <h3 className="text-sm font-medium text-slate-500 dark:text-slate-400">Current Plan</h3>
          <div className="flex items-center gap-2">
            <TierBadge view={view} />
            {refreshing && <Spinner label="Refreshing billing" />}
          </div>
        </div>
        <StripeButtons view={view} actions={actions} />
      </div>
      <div className="flex flex-col gap-4 p-6">
        <NewCycleNotice view={view} />
        <CreditsMeter view={view} />
        {forecast && <ForecastLine forecast={forecast} />}
        <OverageLine view={view} />
        <NextBillingDate view={view} />
      </div>
      <div className="p-6">
        <PaygControl payg={payg} />
      </div>
    </Card>
  );
}
