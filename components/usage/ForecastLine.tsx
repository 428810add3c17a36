// The forecast line under the credits bar (options and popup): PRODUCT.md's sentence, and in the
// options page the pace it comes from, named ("Recent pace (last 7 days): …").
import { cn } from '@/components/ui/cn';
import type { Forecast } from '@/lib/usage/forecast';

export function ForecastLine({ forecast, compact = false }: { forecast: Forecast; compact?: boolean }) {
  const tone = forecast.kind === 'runs-out' || forecast.kind === 'ran-out' ? 'text-amber-800 dark:text-amber-300' : 'text-slate-700 dark:text-slate-300';
  return (
    <div className="flex flex-col gap-0.5" data-testid="forecast">
      <p className={cn(compact ? 'text-xs' : 'text-sm', 'tabular-nums', tone)}>{forecast.text}</p>
      {!compact && forecast.pace && <p className="text-xs text-slate-500 dark:text-slate-400">{forecast.pace.text}</p>}
    </div>
  );
}
