// The popup's forecast line and sparkline (getUsageGlance: the background works them out from the
// history, so the popup never receives every recorded point). Asked again whenever a fresh billing
// status arrives. If the background cannot answer, the forecast is worked out here from the billing
// status alone (no history: the pace since the cycle began), and no sparkline is drawn. The last
// answer is kept for the page's life, per account: the Billing tab shown again has its line and
// sparkline at once while they are asked afresh.
import { useEffect, useMemo, useState } from 'react';
import { useAccount } from '@/components/account/AccountProvider';
import { useClient } from '@/lib/client';
import { forecast as forecastOf, type Forecast } from '@/lib/usage/forecast';
import { reviveForecast, type UsageGlance } from '@/lib/usage/glance';

export interface UsageGlanceState {
  loaded: boolean;
  forecast: Forecast | null;
  spark: UsageGlance['spark'];
}

const NO_SPARK: UsageGlance['spark'] = { t: [], u: [] };
type Answer = { glance: UsageGlance | null };
let last: { userId: string; answer: Answer } | null = null;

export function useUsageGlance(): UsageGlanceState {
  const client = useClient();
  const { billing, session } = useAccount();
  const userId = session?.signedIn ? session.userId : null;
  const [answer, setAnswer] = useState<Answer | null>(() => (last && last.userId === userId ? last.answer : null));
  useEffect(() => {
    let live = true;
    void client.getUsageGlance().then((res) => {
      if (!live) return;
      const next = { glance: res.ok ? res.data : null };
      if (userId && res.ok) last = { userId, answer: next };
      setAnswer(next);
    });
    return () => {
      live = false;
    };
  }, [client, billing.data, userId]);
  return useMemo(() => {
    if (!answer) return { loaded: false, forecast: null, spark: NO_SPARK };
    if (answer.glance) return { loaded: true, forecast: reviveForecast(answer.glance.forecast), spark: answer.glance.spark };
    return { loaded: true, forecast: billing.data ? forecastOf(billing.data, null, Date.now()) : null, spark: NO_SPARK };
  }, [answer, billing.data]);
}
