// One usage chart: heading, one-sentence summary, the chart (uPlot, loaded on first show), a
// readout of the point under the mouse or the keyboard cursor (← → Home End), and "Show as table"
// with the same numbers. The chart is decoration for the text: summary and table carry everything.
import { useEffect, useId, useMemo, useRef, useState, type KeyboardEvent, type ReactNode } from 'react';
import { Button } from '@/components/ui/button';
import { Card } from '@/components/ui/card';
import type { ChartHandle, ChartSpec } from './uplot-chart';

export type ChartInput = Omit<ChartSpec, 'onCursor' | 'dark' | 'height'>;

export interface TableData {
  head: string[];
  rows: (string | number)[][];
}

export const SHOW_TABLE = 'Show as table';
export const HIDE_TABLE = 'Hide table';

type ChartModule = typeof import('./uplot-chart');
let chartModule: ChartModule | null = null;
/** Requested only when a chart is shown: the uPlot chunk stays out of every startup bundle. */
export const loadChartModule = (): Promise<ChartModule> =>
  import('./uplot-chart').then((m) => {
    chartModule = m;
    return m;
  });

function usePrefersDark(): boolean {
  const query = typeof matchMedia === 'function' ? matchMedia('(prefers-color-scheme: dark)') : null;
  const [dark, setDark] = useState(query?.matches ?? false);
  useEffect(() => {
    if (!query) return;
    const on = () => setDark(query.matches);
    query.addEventListener?.('change', on);
    return () => query.removeEventListener?.('change', on);
  }, [query]);
  return dark;
}

export interface UsageChartProps {
  title: string;
  summary: string;
  /** null: nothing to draw (the summary says why). */
  chart: ChartInput | null;
  /** What the point at an index says ("Dec 5, 14:00 UTC: 420 credits"). */
  describe(index: number): string;
  /** The table's rows, worked out when "Show as table" is first pressed (2,000 formatted dates cost). */
  table: () => TableData;
  height?: number;
  footer?: ReactNode;
}

export function UsageChart({ title, summary, chart, describe, table, height = 220, footer }: UsageChartProps) {
  const titleId = useId();
  const summaryId = useId();
  const tableId = useId();
  const [showTable, setShowTable] = useState(false);
  const [cursor, setCursor] = useState<number | null>(null);
  const [failed, setFailed] = useState(false);
  const box = useRef<HTMLDivElement>(null);
  const handle = useRef<ChartHandle | null>(null);
  const dark = usePrefersDark();
  const count = chart?.x.length ?? 0;
  const rows = useMemo(() => (showTable ? table() : null), [showTable, table]);

  useEffect(() => {
    const el = box.current;
    if (!el || !chart) return;
    let live = true;
    let observer: ResizeObserver | null = null;
    const draw = ({ drawChart }: ChartModule) => {
      if (!live) return;
      el.replaceChildren();
      handle.current = drawChart(el, { ...chart, dark, height, onCursor: (i) => live && setCursor(i) });
      if (typeof ResizeObserver === 'function') {
        observer = new ResizeObserver(() => handle.current?.resize(el.clientWidth));
        observer.observe(el);
      }
    };
    // Once loaded, every chart is drawn in the same task as its render: awaiting the module again
    // would let the browser lay out and paint the page between one chart and the next.
    if (chartModule) {
      try {
        draw(chartModule);
      } catch {
        setFailed(true);
      }
    } else loadChartModule().then(draw).catch(() => live && setFailed(true));
    return () => {
      live = false;
      observer?.disconnect();
      handle.current?.destroy();
      handle.current = null;
    };
  }, [chart, dark, height]);

  const move = (index: number | null) => {
    setCursor(index);
    handle.current?.focus(index);
  };
  const onKeyDown = (e: KeyboardEvent) => {
    if (count === 0) return;
    const at = cursor ?? -1;
    const next = e.key === 'ArrowRight' ? Math.min(count - 1, at + 1) : e.key === 'ArrowLeft' ? Math.max(0, at < 0 ? count - 1 : at - 1) : e.key === 'Home' ? 0 : e.key === 'End' ? count - 1 : null;
    if (next === null) return;
    e.preventDefault();
    move(next);
  };

  return (
    <Card className="flex flex-col gap-3 p-6">
      <section aria-labelledby={titleId} className="flex min-w-0 flex-col gap-3">
        <div className="flex flex-wrap items-start justify-between gap-2">
          <div className="flex min-w-0 flex-col gap-1">
            <h3 id={titleId} className="text-sm font-medium text-slate-800 dark:text-slate-200">
              {title}
            </h3>
            <p id={summaryId} className="text-xs text-slate-600 dark:text-slate-300">
              {summary}
            </p>
          </div>
          <Button variant="outline" size="sm" aria-expanded={showTable} aria-controls={tableId} onClick={() => setShowTable((s) => !s)}>
            {showTable ? HIDE_TABLE : SHOW_TABLE}
          </Button>
        </div>
        {chart && !failed && (
          <>
            <div
              ref={box}
              role="img"
              tabIndex={0}
              aria-label={`${title} chart`}
              aria-describedby={summaryId}
              onKeyDown={onKeyDown}
              onFocus={() => cursor === null && count > 0 && move(count - 1)}
              onBlur={() => move(null)}
              className="kb-chart min-h-[120px] w-full min-w-0 rounded-md focus-visible:outline-2 focus-visible:outline-offset-2 focus-visible:outline-indigo-600"
              style={{ minHeight: height }}
            />
            <p aria-live="polite" className="min-h-4 text-xs tabular-nums text-slate-700 dark:text-slate-300">
              {cursor !== null && cursor < count ? describe(cursor) : count > 0 ? 'Hover or focus the chart and use the arrow keys to read each point.' : ''}
            </p>
          </>
        )}
        {failed && <p className="text-xs text-slate-500 dark:text-slate-400">The chart could not be drawn; the table has the same numbers.</p>}
        <div id={tableId} hidden={!showTable} className="max-h-80 overflow-auto">
          {rows && (
            <table className="w-full text-left text-xs tabular-nums">
              <caption className="sr-only">{title}</caption>
              <thead>
                <tr>
                  {rows.head.map((h) => (
                    <th key={h} scope="col" className="border-b border-slate-200 px-2 py-1 font-medium text-slate-600 dark:border-slate-700 dark:text-slate-300">
                      {h}
                    </th>
                  ))}
                </tr>
              </thead>
              <tbody>
                {rows.rows.map((row, i) => (
                  <tr key={i} className="border-b border-slate-100 dark:border-slate-800">
                    {row.map((cell, j) =>
                      j === 0 ? (
                        <th key={j} scope="row" className="px-2 py-1 font-normal text-slate-800 dark:text-slate-200">
                          {cell}
                        </th>
                      ) : (
                        <td key={j} className="px-2 py-1 text-slate-800 dark:text-slate-200">
                          {cell}
                        </td>
                      ),
                    )}
                  </tr>
                ))}
              </tbody>
            </table>
          )}
        </div>
        {footer}
      </section>
    </Card>
  );
}
