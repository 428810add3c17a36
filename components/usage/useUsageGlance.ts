// The popup's forecast line and sparkline (getUsageGlance: the background works them out from the
// history, so the popup never receives every recorded point). Asked again whenever a fresh billing
// status arrives. If the background cannot answer, the forecast is worked out here from the billing
// status alone (no history: the pace since the cycle began), and no sparkline is drawn.
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

export function useUsageGlance(): UsageGlanceState {
  const client = useClient();
  const { billing } = useAccount();
  const [answer, setAnswer] = useState<{ glance: UsageGlance | null } | null>(null);
  useEffect(() => {
    let live = true;
    void client.getUsageGlance().then((res) => {
      if (live) setAnswer({ glance: res.ok ? res.data : null });
    });
    return () => {
      live = false;
    };
  }, [client, billing.data]);
  return useMemo(() => {
    if (!answer) return { loaded: false, forecast: null, spark: NO_SPARK };
    if (answer.glance) return { loaded: true, forecast: reviveForecast(answer.glance.forecast), spark: answer.glance.spark };
    return { loaded: true, forecast: billing.data ? forecastOf(billing.data, null, Date.now()) : null, spark: NO_SPARK };
  }, [answer, billing.data]);
}
