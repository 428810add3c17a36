// The forecast for the billing status on screen and the recorded history (options and popup).
import { useMemo } from 'react';
import type { BillingStatus } from '@/lib/api/schemas';
import { forecast, type Forecast } from '@/lib/usage/forecast';
import type { AccountHistory } from '@/lib/usage/history';

export function useForecast(billing: BillingStatus | null, history: AccountHistory | null): Forecast | null {
  return useMemo(() => (billing ? forecast(billing, history, Date.now()) : null), [billing, history]);
}
