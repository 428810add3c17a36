// Candles as an SVG price chart: one candle per bucket (open/close body, high/low wick), Yes price
// in cents; buckets are UTC without offset (§15.5) and labelled in the user's time zone.
import { memo } from 'react';
import type { CandleRecord } from '@/lib/api/data-schemas';
import { showLocal } from '@/lib/playground/time';

const W = 640;
const H = 240;
const PAD = 32;

export const CandlesChart = memo(function CandlesChart({ candles }: { candles: CandleRecord[] }) {
  if (!candles.length) return <p className="text-sm text-slate-600 dark:text-slate-300">No trades in this range, so no candles.</p>;
  const lo = Math.min(...candles.map((c) => c.low));
  const hi = Math.max(...candles.map((c) => c.high));
  const span = Math.max(1, hi - lo);
  const step = (W - 2 * PAD) / candles.length;
  const y = (p: number) => PAD + ((hi - p) / span) * (H - 2 * PAD);
  const body = Math.max(1, Math.min(14, step * 0.6));
  const first = candles[0]!;
  const last = candles.at(-1)!;
  return (
    <figure className="flex flex-col gap-1">
      <svg
        viewBox={`0 0 ${W} ${H}`}
        role="img"
        aria-label={`Price chart: ${candles.length} candles from ${showLocal(first.bucket)} to ${showLocal(last.bucket)}, low ${lo}¢, high ${hi}¢, last close ${last.close}¢.`}
        className="h-auto w-full"
      >
        <text x={4} y={y(hi) + 4} className="fill-slate-500 text-[10px]">
          {hi}¢
        </text>
        <text x={4} y={y(lo) + 4} className="fill-slate-500 text-[10px]">
          {lo}¢
        </text>
        {candles.map((c, i) => {
          const cx = PAD + step * i + step / 2;
          const up = c.close >= c.open;
          const top = y(Math.max(c.open, c.close));
          return (
            <g key={c.bucket} className={up ? 'fill-emerald-500 stroke-emerald-600' : 'fill-rose-500 stroke-rose-600'}>
              <line x1={cx} x2={cx} y1={y(c.high)} y2={y(c.low)} strokeWidth={1} />
              <rect x={cx - body / 2} y={top} width={body} height={Math.max(1, y(Math.min(c.open, c.close)) - top)} />
            </g>
          );
        })}
      </svg>
      <figcaption className="text-xs text-slate-500 dark:text-slate-400">
        {showLocal(first.bucket)} – {showLocal(last.bucket)} · Yes price in cents · {candles.reduce((s, c) => s + c.volume, 0).toLocaleString()} contracts traded
      </figcaption>
    </figure>
  );
});
