// The Preview tab: the order book as Yes and No ladders with a depth chart; trades and deltas as a
// table with "Load more" through the cursor; candles as a price chart; markets, events and
// settlements as a table; one market, event or settlement as a list of its fields.
import type { Level, OrderbookData } from '@/lib/api/data-schemas';
import { showLocal } from '@/lib/playground/time';
import { Button } from '@/components/ui/button';
import { CandlesChart } from './CandlesChart';
import { DepthChart } from './DepthChart';
import { cellText, RowsTable } from './RowsTable';
import type { PreviewModel } from './preview-data';

function Ladder({ side, levels }: { side: 'Yes' | 'No'; levels: Level[] }) {
  let total = 0;
  return (
    <table className="w-full text-xs tabular-nums" aria-label={`${side} ladder`}>
      <caption className="pb-1 text-left text-sm font-medium">
        {side} bids ({levels.length} levels)
      </caption>
      <thead className="text-slate-500">
        <tr>
          <th scope="col" className="text-left font-medium">
            Price
          </th>
          <th scope="col" className="text-right font-medium">
            Quantity
          </th>
          <th scope="col" className="text-right font-medium">
            Total
          </th>
        </tr>
      </thead>
      <tbody>
        {levels.slice(0, 100).map((l) => (
          <tr key={l.price} className={side === 'Yes' ? 'text-emerald-700 dark:text-emerald-400' : 'text-rose-700 dark:text-rose-400'}>
            <td>{l.price}¢</td>
            <td className="text-right">{l.quantity.toLocaleString()}</td>
            <td className="text-right">{(total += l.quantity).toLocaleString()}</td>
          </tr>
        ))}
        {levels.length === 0 && (
          <tr>
            <td colSpan={3} className="text-slate-500">
              No bids.
            </td>
          </tr>
        )}
      </tbody>
    </table>
  );
}

function OrderbookPreview({ book }: { book: OrderbookData }) {
  return (
    <div className="flex flex-col gap-4">
      <p className="text-sm text-slate-600 dark:text-slate-300">
        {book.market_ticker} at {showLocal(book.timestamp)} — snapshot of {showLocal(book.snapshot_basis)} plus {book.deltas_applied} deltas.
      </p>
      <DepthChart yes={book.yes} no={book.no} />
      <div className="grid gap-6 sm:grid-cols-2">
        <Ladder side="Yes" levels={book.yes} />
        <Ladder side="No" levels={book.no} />
      </div>
    </div>
  );
}

export interface PreviewProps {
  model: PreviewModel;
  label: string;
  canLoadMore: boolean;
  loadingMore: boolean;
  cost: number;
  onLoadMore: () => void;
}

export function Preview({ model, label, canLoadMore, loadingMore, cost, onLoadMore }: PreviewProps) {
  switch (model.kind) {
    case 'orderbook':
      return <OrderbookPreview book={model.book} />;
    case 'candles':
      return <CandlesChart candles={model.candles} />;
    case 'rows':
      if (!model.rows.length) return <p className="text-sm text-slate-600 dark:text-slate-300">No rows: nothing matched.</p>;
      return (
        <RowsTable
          label={label}
          rows={model.rows}
          columns={model.columns}
          footer={
            model.paged && canLoadMore ? (
              <span className="flex items-center gap-2">
                <Button size="sm" variant="outline" onClick={onLoadMore} busy={loadingMore} aria-describedby="pg-load-more-cost">
                  Load more
                </Button>
                <span id="pg-load-more-cost">next page · {cost} credits</span>
              </span>
            ) : model.paged ? (
              <span>All pages loaded.</span>
            ) : null
          }
        />
      );
    case 'record':
      return (
        <div className="flex flex-col gap-4">
          <dl className="grid grid-cols-[max-content_1fr] gap-x-4 gap-y-1 text-sm">
            {Object.entries(model.record).map(([k, v]) => (
              <div key={k} className="contents">
                <dt className="font-mono text-xs text-slate-500">{k}</dt>
                <dd className="break-words">{cellText(k, v)}</dd>
              </div>
            ))}
          </dl>
          {model.nested && (model.nested.length ? <RowsTable label="Markets of this event" rows={model.nested} columns={Object.keys(model.nested[0]!)} /> : <p className="text-sm text-slate-600">No markets listed for this event.</p>)}
        </div>
      );
  }
}
