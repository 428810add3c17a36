// The one module that imports uPlot: loaded with a dynamic import only when Billing's usage charts
// are shown (never in any page's startup JavaScript). Draws a chart into a container and reports
// the point under the cursor; the React side (UsageChart.tsx) owns texts, keyboard and tables.
import uPlot from 'uplot';
import 'uplot/dist/uPlot.min.css';

export interface ChartLine {
  label: string;
  values: (number | null)[];
  color: string;
  dash?: number[];
  /** Join points across nulls (the projection: two points far apart). */
  spanGaps?: boolean;
  bars?: boolean;
  /** Step-after: a cumulative figure that holds until the next point. */
  stepped?: boolean;
}

export interface ChartSpec {
  /** Unix ms for a time axis, else indices with `xLabels`. */
  x: number[];
  xLabels?: string[];
  lines: ChartLine[];
  /** A vertical marker (today), in the x scale's unit (ms). */
  marker?: { x: number; label: string };
  dark: boolean;
  height: number;
  onCursor(index: number | null): void;
}

export interface ChartHandle {
  /** Moves the cursor to a point (keyboard focus) and reports it. */
  focus(index: number | null): void;
  resize(width: number): void;
  destroy(): void;
}

const utc = (ts: number) => uPlot.tzDate(new Date(ts * 1e3), 'Etc/UTC');

export function drawChart(el: HTMLElement, spec: ChartSpec): ChartHandle {
  const time = !spec.xLabels;
  const axisColor = spec.dark ? '#cbd5e1' : '#334155';
  const gridColor = spec.dark ? 'rgba(148,163,184,0.18)' : 'rgba(100,116,139,0.18)';
  const font = '12px system-ui, sans-serif';
  const xs = time ? spec.x.map((t) => t / 1000) : spec.x;
  const bars = uPlot.paths.bars?.({ size: [0.6, 64] });
  const stepped = uPlot.paths.stepped?.({ align: 1 });
  const opts: uPlot.Options = {
    width: Math.max(240, el.clientWidth || 600),
    height: spec.height,
    tzDate: utc,
    legend: { show: false },
    cursor: { drag: { x: false, y: false }, points: { size: 8 } },
    scales: { x: { time, range: time ? undefined : (_u, min, max) => [min - 0.5, max + 0.5] }, y: { range: (_u, _min, max) => [0, Math.max(10, max * 1.08)] } },
    axes: [
      {
        stroke: axisColor,
        font,
        grid: { stroke: gridColor },
        ticks: { stroke: gridColor },
        ...(spec.xLabels ? { values: (_u: uPlot, splits: number[]) => splits.map((i) => spec.xLabels?.[Math.round(i)] ?? '') } : {}),
        ...(spec.xLabels ? { splits: () => spec.x } : {}),
      },
      { stroke: axisColor, font, grid: { stroke: gridColor }, ticks: { stroke: gridColor }, size: 56 },
    ],
    series: [
      {},
      ...spec.lines.map<uPlot.Series>((line) => ({
        label: line.label,
        stroke: line.color,
        width: 2,
        dash: line.dash,
        spanGaps: line.spanGaps ?? false,
        fill: line.bars ? line.color : undefined,
        paths: line.bars ? bars : line.stepped ? stepped : undefined,
        // A dot per point only where the dots do not crowd (uPlot's own rule when `show` is not
        // given): with 2,000 recorded points a dot on every one was a smear of overlapping circles
        // and most of the charts' drawing time (canvas arc calls). Hover and keyboard focus still
        // mark the point (cursor.points).
        points: line.bars || line.dash ? { show: false } : { size: 4 },
      })),
    ],
    hooks: {
      setCursor: [(u) => spec.onCursor(u.cursor.idx ?? null)],
      draw: [
        (u) => {
          if (!spec.marker) return;
          const x = u.valToPos(spec.marker.x / 1000, 'x', true);
          if (x < u.bbox.left || x > u.bbox.left + u.bbox.width) return;
          const ctx = u.ctx;
          ctx.save();
          ctx.strokeStyle = spec.dark ? '#fbbf24' : '#b45309';
          ctx.fillStyle = ctx.strokeStyle;
          ctx.lineWidth = Math.max(1, devicePixelRatio);
          ctx.beginPath();
          ctx.moveTo(x, u.bbox.top);
          ctx.lineTo(x, u.bbox.top + u.bbox.height);
          ctx.stroke();
          ctx.font = `${12 * devicePixelRatio}px system-ui, sans-serif`;
          ctx.fillText(spec.marker.label, x + 4 * devicePixelRatio, u.bbox.top + 12 * devicePixelRatio);
          ctx.restore();
        },
      ],
    },
  };
  const data = [xs, ...spec.lines.map((l) => l.values)] as uPlot.AlignedData;
  const plot = new uPlot(opts, data, el);
  return {
    focus(index) {
      if (index === null) {
        plot.setCursor({ left: -10, top: -10 });
        return;
      }
      const x = xs[index]!;
      const firstValue = spec.lines.map((l) => l.values[index]).find((v) => v !== null && v !== undefined) ?? 0;
      plot.setCursor({ left: plot.valToPos(x, 'x'), top: plot.valToPos(firstValue, 'y') });
    },
    resize(width) {
      plot.setSize({ width: Math.max(240, width), height: spec.height });
    },
    destroy() {
      plot.destroy();
    },
  };
}
