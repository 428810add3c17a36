// A table of result rows that stays smooth at thousands of rows: only the rows in view (plus a
// margin) are in the DOM, in a fixed-height scroller (ARIA grid semantics with aria-rowcount /
// aria-rowindex, so assistive technology knows the full size).
import { memo, useState, type ReactNode } from 'react';
import { showLocal } from '@/lib/playground/time';
import type { Row } from './preview-data';

const ROW_HEIGHT = 28;
const VIEW_HEIGHT = 392;
const OVERSCAN = 10;

const TIME_COLUMNS = /(^ts$|_at$|^timestamp$|^bucket$|^snapshot_basis$|_time$)/;

export function cellText(column: string, value: unknown): string {
  if (value === null || value === undefined) return '—';
  if (typeof value === 'string' && TIME_COLUMNS.test(column)) return showLocal(value);
  if (typeof value === 'object') return JSON.stringify(value);
  return String(value);
}

export interface RowsTableProps {
  label: string;
  rows: Row[];
  columns: string[];
  footer?: ReactNode;
}

export const RowsTable = memo(function RowsTable({ label, rows, columns, footer }: RowsTableProps) {
  const [scrollTop, setScrollTop] = useState(0);
  const first = Math.max(0, Math.floor(scrollTop / ROW_HEIGHT) - OVERSCAN);
  const last = Math.min(rows.length, Math.ceil((scrollTop + VIEW_HEIGHT) / ROW_HEIGHT) + OVERSCAN);
  const template = `repeat(${Math.max(1, columns.length)}, minmax(7rem, 1fr))`;
  return (
    <div className="flex flex-col gap-2">
      <div role="table" aria-label={label} aria-rowcount={rows.length + 1} className="overflow-x-auto rounded-lg border border-slate-200 text-xs dark:border-slate-700">
        <div role="rowgroup" className="min-w-max">
          <div role="row" aria-rowindex={1} className="grid bg-slate-50 font-medium text-slate-600 dark:bg-slate-800 dark:text-slate-300" style={{ gridTemplateColumns: template }}>
            {columns.map((c) => (
              <span key={c} role="columnheader" className="truncate px-2 py-1.5 font-mono">
                {c}
              </span>
            ))}
          </div>
        </div>
        <div role="rowgroup" className="min-w-max overflow-y-auto" style={{ height: Math.min(VIEW_HEIGHT, rows.length * ROW_HEIGHT + 2) }} onScroll={(e) => setScrollTop(e.currentTarget.scrollTop)} tabIndex={0} aria-label={`${rows.length} rows, scrollable`}>
          <div style={{ height: rows.length * ROW_HEIGHT, position: 'relative' }}>
            {rows.slice(first, last).map((row, i) => {
              const index = first + i;
              return (
                <div
                  key={index}
                  role="row"
                  aria-rowindex={index + 2}
                  className="absolute left-0 right-0 grid border-t border-slate-100 dark:border-slate-800"
                  style={{ top: index * ROW_HEIGHT, height: ROW_HEIGHT, gridTemplateColumns: template }}
                >
                  {columns.map((c) => (
                    <span key={c} role="cell" className="truncate px-2 py-1.5 tabular-nums">
                      {cellText(c, row[c])}
                    </span>
                  ))}
                </div>
              );
            })}
          </div>
        </div>
      </div>
      <div className="flex flex-wrap items-center gap-3 text-xs text-slate-500 dark:text-slate-400">
        <span>{rows.length.toLocaleString()} rows</span>
        {footer}
      </div>
    </div>
  );
});
