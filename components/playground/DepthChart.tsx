// The order book's depth chart (SVG): cumulative Yes bids from the best price down, and No bids
// shown as Yes asks (100 − price) from the best up, on a 0–100¢ axis. One path per side, so 100
// levels a side is two paths of ~200 points (bench: under 16 ms).
import { memo } from 'react';
import type { Level } from '@/lib/api/data-schemas';

export interface DepthPoint {
  price: number;
  total: number;
}

/** Cumulative depth: Yes bids from the highest price down; No bids as Yes asks (100 − p) from the lowest up. */
export function depthSeries(yes: Level[], no: Level[]): { bids: DepthPoint[]; asks: DepthPoint[] } {
  const bids: DepthPoint[] = [];
  let total = 0;
  for (const l of [...yes].sort((a, b) => b.price - a.price)) bids.push({ price: l.price, total: (total += l.quantity) });
  const asks: DepthPoint[] = [];
  total = 0;
  for (const l of [...no].sort((a, b) => b.price - a.price)) asks.push({ price: 100 - l.price, total: (total += l.quantity) });
  return { bids, asks };
}

const W = 640;
const H = 220;
const PAD = 28;

function stepPath(points: DepthPoint[], x: (p: number) => number, y: (t: number) => number, towardLeft: boolean): string {
  if (!points.length) return '';
  let d = `M${x(points[0]!.price)},${y(0)}`;
  for (const p of points) d += `V${y(p.total)}H${x(towardLeft ? p.price - 1 : p.price + 1)}`;
  return `${d}V${y(0)}Z`;
}

export const DepthChart = memo(function DepthChart({ yes, no }: { yes: Level[]; no: Level[] }) {
  const { bids, asks } = depthSeries(yes, no);
  const max = Math.max(1, bids.at(-1)?.total ?? 0, asks.at(-1)?.total ?? 0);
  // The axis spans the book's prices (5¢ margins, whole 5¢ steps), within 0–100¢.
  const prices = [...bids, ...asks].map((p) => p.price);
  const lo = prices.length ? Math.max(0, Math.floor((Math.min(...prices) - 5) / 5) * 5) : 0;
  const hi = prices.length ? Math.min(100, Math.ceil((Math.max(...prices) + 5) / 5) * 5) : 100;
  const x = (price: number) => PAD + ((Math.min(hi, Math.max(lo, price)) - lo) / Math.max(1, hi - lo)) * (W - 2 * PAD);
  const y = (t: number) => H - PAD - (t / max) * (H - 2 * PAD);
  const ticks = Array.from({ length: 5 }, (_, i) => Math.round(lo + ((hi - lo) * i) / 4));
  const best = bids[0] && asks[0] ? `Best Yes bid ${bids[0].price}¢, best Yes ask ${asks[0].price}¢.` : 'One side is empty.';
  return (
    <figure className="flex flex-col gap-1">
      <svg viewBox={`0 0 ${W} ${H}`} role="img" aria-label={`Depth chart: ${yes.length} Yes levels, ${no.length} No levels. ${best}`} className="h-auto w-full">
        <line x1={PAD} x2={W - PAD} y1={H - PAD} y2={H - PAD} className="stroke-slate-300 dark:stroke-slate-600" />
        {ticks.map((t) => (
          <text key={t} x={x(t)} y={H - 8} textAnchor="middle" className="fill-slate-500 text-[10px]">
            {t}¢
          </text>
        ))}
        <text x={PAD} y={14} className="fill-slate-500 text-[10px]">
          {max.toLocaleString()} contracts
        </text>
        <path d={stepPath(bids, x, y, true)} className="fill-emerald-500/25 stroke-emerald-600" strokeWidth={1.5} />
        <path d={stepPath(asks, x, y, false)} className="fill-rose-500/25 stroke-rose-600" strokeWidth={1.5} />
      </svg>
      <figcaption className="text-xs text-slate-500 dark:text-slate-400">
        Green: Yes bids, cumulative. Red: No bids as Yes asks (100 − price), cumulative. {best}
      </figcaption>
    </figure>
  );
});
