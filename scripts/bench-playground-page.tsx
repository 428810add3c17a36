// The Playground's two heavy views, alone on a page, for `npm run bench` (scripts/bench-playground.ts):
// the depth chart with 100 levels a side and the rows table with 5,000 trades. The same components
// the options page lazy-loads, in React's production build, with the extension's CSS.
import { flushSync } from 'react-dom';
import { createRoot } from 'react-dom/client';
import { DepthChart } from '../components/playground/DepthChart';
import { RowsTable } from '../components/playground/RowsTable';
import { columnsOf } from '../components/playground/preview-data';

const levels = (n: number, seed: number) => Array.from({ length: n }, (_, i) => ({ price: 99 - i, quantity: 100 + ((i * 37 + seed) % 900) }));

const trades = Array.from({ length: 5000 }, (_, i) => ({
  trade_id: `t-${i}`,
  market_ticker: 'KXBTCD-26FEB1617-T97499.99',
  yes_price: 30 + (i % 40),
  no_price: 70 - (i % 40),
  count: 1 + (i % 50),
  taker_side: i % 2 ? 'yes' : 'no',
  ts: new Date(Date.UTC(2026, 1, 16, 14) + i * 1000).toISOString().replace('Z', '+00:00'),
}));

/** Render into a fresh container, synchronously, then force style and layout: the time to a drawable frame. */
function timeRender(node: React.ReactNode, probe: string): number {
  const el = document.createElement('div');
  el.style.width = '960px';
  document.body.append(el);
  const root = createRoot(el);
  const t0 = performance.now();
  flushSync(() => root.render(node));
  el.querySelector(probe)?.getBoundingClientRect();
  const ms = performance.now() - t0;
  root.unmount();
  el.remove();
  return ms;
}

const bench = {
  depth(runs: number): number[] {
    const yes = levels(100, 1);
    const no = levels(100, 7).map((l) => ({ ...l, price: l.price }));
    return Array.from({ length: runs }, () => timeRender(<DepthChart yes={yes} no={no} />, 'path'));
  },
  table(runs: number): number[] {
    const columns = columnsOf(trades);
    return Array.from({ length: runs }, () => timeRender(<RowsTable label="Trades" rows={trades} columns={columns} />, '[role=row]:last-child'));
  },
  /** One scroll step through the 5,000 rows: the re-render of the rows in view. */
  async scroll(steps: number): Promise<number[]> {
    const el = document.createElement('div');
    el.style.width = '960px';
    document.body.append(el);
    const root = createRoot(el);
    flushSync(() => root.render(<RowsTable label="Trades" rows={trades} columns={columnsOf(trades)} />));
    const scroller = el.querySelectorAll<HTMLElement>('[role=rowgroup]')[1]!;
    const times: number[] = [];
    for (let i = 1; i <= steps; i++) {
      const t0 = performance.now();
      scroller.scrollTop = i * 1400;
      scroller.dispatchEvent(new Event('scroll'));
      // Until the rows in view have moved (React schedules the scroll's re-render), then layout.
      const target = (i * 1400) / 28 - 20;
      let first = scroller.querySelector('[role=row]');
      for (let spins = 0; Number(first?.getAttribute('aria-rowindex')) < target; spins++) {
        if (spins > 1000) throw new Error('the table did not follow the scroll');
        await new Promise((r) => setTimeout(r, 0));
        first = scroller.querySelector('[role=row]');
      }
      first?.getBoundingClientRect();
      times.push(performance.now() - t0);
      await new Promise((r) => requestAnimationFrame(r));
    }
    const rendered = scroller.querySelectorAll('[role=row]').length;
    root.unmount();
    el.remove();
    return [...times, rendered];
  },
};

(globalThis as unknown as { kbBench: typeof bench }).kbBench = bench;
