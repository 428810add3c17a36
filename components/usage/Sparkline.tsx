// The popup's small chart of this cycle: credits used over the cycle as a few lines of inline SVG
// (no chart library in the popup), the allowance as a faint line. Decorative next to the text.
import { useMemo } from 'react';

export interface SparklineProps {
  /** Unix ms and credits used, in time order. */
  times: number[];
  used: number[];
  start: number;
  end: number;
  allowance: number;
  width?: number;
  height?: number;
}

export function sparkPath({ times, used, start, end, allowance, width = 120, height = 28 }: SparklineProps): { line: string; allowanceY: number | null } {
  const span = Math.max(1, end - start);
  const top = Math.max(allowance, ...used, 1);
  const x = (t: number) => ((Math.min(Math.max(t, start), end) - start) / span) * width;
  const y = (v: number) => height - 1 - (Math.max(0, v) / top) * (height - 2);
  const line = times.map((t, i) => `${i === 0 ? 'M' : 'L'}${x(t).toFixed(1)} ${y(used[i]!).toFixed(1)}`).join(' ');
  return { line, allowanceY: allowance > 0 ? y(allowance) : null };
}

export function Sparkline(props: SparklineProps) {
  const { width = 120, height = 28 } = props;
  const { line, allowanceY } = useMemo(() => sparkPath(props), [props]);
  if (props.times.length < 2) return null;
  return (
    <svg width={width} height={height} viewBox={`0 0 ${width} ${height}`} aria-hidden="true" data-testid="sparkline" className="shrink-0 overflow-visible">
      {allowanceY !== null && <line x1={0} x2={width} y1={allowanceY} y2={allowanceY} className="stroke-slate-300 dark:stroke-slate-600" strokeDasharray="2 2" strokeWidth={1} />}
      <path d={line} fill="none" className="stroke-indigo-600 dark:stroke-indigo-400" strokeWidth={1.5} strokeLinejoin="round" />
    </svg>
  );
}
