/**
 * Latency and throughput over time, drawn by uPlot under the same fault bands as the
 * timeline: a point per op, latency quantiles, and ops per second by outcome. The
 * charts share their cursor and their zoom (drag to zoom, double-click to reset).
 */
import uPlot from 'uplot';
import type { FaultBand, Outcome } from '../data/report-data.js';
import { OUTCOME_FAIL, OUTCOME_INFO, OUTCOME_OK } from './decode.js';
import { h } from './dom.js';
import { faultColor, OUTCOME_COLORS, withAlpha } from './palette.js';
import type { Report } from './report.js';

const HEIGHT = 220;
const SYNC_KEY = 'faultline';

/** Shades faults behind the plot, as on the timeline. */
function faultBands(faults: readonly FaultBand[], ticksPerSecond: number, span: number): uPlot.Plugin {
  return {
    hooks: {
      drawClear: [
        (u: uPlot) => {
          const { ctx, bbox } = u;
          ctx.save();
          for (const band of faults) {
            const x0 = Math.max(bbox.left, u.valToPos(band.start / ticksPerSecond, 'x', true));
            const x1 = Math.min(bbox.left + bbox.width, u.valToPos((band.end ?? span) / ticksPerSecond, 'x', true));
            if (x1 <= x0) continue;
            ctx.fillStyle = withAlpha(faultColor(band.kind), 0.12);
            ctx.fillRect(x0, bbox.top, Math.max(2, x1 - x0), bbox.height);
          }
          ctx.restore();
        },
      ],
    },
  };
}

const SHADES = [1, 0.75, 0.55, 0.4];

export function chartsSection(r: Report, onZoom: (t0: number, t1: number) => void): HTMLElement {
  const { data, ops } = r;
  const root = h('div', { class: 'charts' });
  if (data.series === null || data.axis.kind !== 'time') {
    root.append(h('p', { class: 'muted' }, 'This history has no times (the format records only the order of events), so there is no latency or throughput to plot.'));
    return root;
  }
  const tps = data.axis.ticksPerSecond;
  const bands = faultBands(data.faults, tps, data.span);
  const charts: uPlot[] = [];
  let syncing = false;
  const xScale: uPlot.Scale = { time: false };
  const common = (title: string, yLabel: string, log: boolean): uPlot.Options => ({
    title,
    width: 800,
    height: HEIGHT,
    plugins: [bands],
    cursor: { sync: { key: SYNC_KEY, setSeries: false }, drag: { x: true, y: false } },
    scales: { x: xScale, y: log ? { distr: 3 } : { auto: true, range: (_u, _min, max) => [0, Math.max(1, max) * 1.05] } },
    axes: [{ label: 'seconds since the start', labelSize: 20 }, { label: yLabel, labelSize: 20, size: 56 }],
    series: [{ label: 'time (s)', value: (_u, v) => (v === null ? '—' : `${v.toFixed(3)} s`) }],
    hooks: {
      setScale: [
        (u: uPlot, key: string) => {
          if (key !== 'x' || syncing) return;
          const { min, max } = u.scales.x!;
          if (min === undefined || max === undefined || min === null || max === null) return;
          syncing = true;
          for (const other of charts) if (other !== u) other.setScale('x', { min, max });
          syncing = false;
          onZoom(min * tps, max * tps);
        },
      ],
    },
  });

  // A point per op at its call, by function and outcome.
  const xs = new Float64Array(ops.count);
  for (let i = 0; i < ops.count; i++) xs[i] = ops.call[i]! / tps;
  const fNames = [...new Set(Array.from(ops.f))];
  const scatterSeries: uPlot.Series[] = [];
  const scatterData: (number | null)[][] = [];
  const outcomes: Array<[number, Outcome]> = [
    [OUTCOME_OK, 'ok'],
    [OUTCOME_INFO, 'info'],
    [OUTCOME_FAIL, 'fail'],
  ];
  for (const [code, outcome] of outcomes) {
    fNames.forEach((f, fi) => {
      const ys = new Array<number | null>(ops.count).fill(null);
      let any = false;
      for (let i = 0; i < ops.count; i++) {
        if (ops.f[i] !== f || ops.outcome[i] !== code || !Number.isFinite(ops.end[i]!)) continue;
        ys[i] = Math.max(0.001, ((ops.end[i]! - ops.call[i]!) / tps) * 1000);
        any = true;
      }
      if (!any) return;
      const color = withAlpha(OUTCOME_COLORS[outcome], SHADES[fi % SHADES.length]!);
      scatterSeries.push({
        label: `${data.strings[f]} ${outcome}`,
        stroke: color,
        fill: color,
        paths: () => null,
        points: { show: true, size: 3, width: 0, fill: color, stroke: color },
        value: (_u, v) => (v === null ? '—' : `${v.toFixed(2)} ms`),
      });
      scatterData.push(ys);
    });
  }
  const latency = box('Latency of each op', 'Each point is one op: when it was called (x) and how long until its answer (y, log scale). Amber: unknown (timed out); grey: failed.');
  root.append(latency.el);
  charts.push(new uPlot({ ...common('', 'latency (ms)', true), series: [common('', '', false).series[0]!, ...scatterSeries] }, [Array.from(xs), ...scatterData] as uPlot.AlignedData, latency.plot));

  const s = data.series;
  const mid = s.t.map((t) => t + s.bucketSeconds / 2);
  const quantiles = box('Latency quantiles', `Of the ok ops answered in each ${formatBucket(s.bucketSeconds)} (log scale).`);
  root.append(quantiles.el);
  const qColors = ['#1849a9', '#2e90fa', '#84caff', '#98a2b3'];
  charts.push(
    new uPlot(
      {
        ...common('', 'latency (ms)', true),
        series: [
          common('', '', false).series[0]!,
          ...(['p50', 'p95', 'p99', 'max'] as const).map((q, i) => ({ label: q, stroke: qColors[i]!, width: 1.5, spanGaps: false, points: { show: false }, value: (_u: uPlot, v: number | null) => (v === null ? '—' : `${v} ms`) })),
        ],
      },
      [mid, s.p50, s.p95, s.p99, s.max] as uPlot.AlignedData,
      quantiles.plot,
    ),
  );

  const throughput = box('Throughput', `Ops answered per second, in buckets of ${formatBucket(s.bucketSeconds)}, by outcome.`);
  root.append(throughput.el);
  const stepped = uPlot.paths.stepped!({ align: 1 });
  charts.push(
    new uPlot(
      {
        ...common('', 'ops / s', false),
        series: [
          common('', '', false).series[0]!,
          { label: 'ok', stroke: OUTCOME_COLORS.ok, fill: withAlpha(OUTCOME_COLORS.ok, 0.12), paths: stepped, width: 1.5, points: { show: false } },
          { label: 'unknown (info)', stroke: OUTCOME_COLORS.info, paths: stepped, width: 1.5, points: { show: false } },
          { label: 'failed', stroke: '#667085', paths: stepped, width: 1.5, points: { show: false } },
        ],
      },
      [s.t, s.ok, s.info, s.fail] as uPlot.AlignedData,
      throughput.plot,
    ),
  );

  const fitWidth = (): void => {
    const width = Math.max(320, root.clientWidth - 2);
    for (const chart of charts) chart.setSize({ width, height: HEIGHT });
  };
  new ResizeObserver(fitWidth).observe(root);
  requestAnimationFrame(fitWidth);
  return root;
}

function box(title: string, note: string): { el: HTMLElement; plot: HTMLElement } {
  const plot = h('div', { class: 'chart-plot' });
  return { el: h('figure', { class: 'chart' }, h('figcaption', {}, h('strong', {}, title), ' — ', note), plot), plot };
}

function formatBucket(seconds: number): string {
  return seconds >= 1 ? `${seconds} s` : `${Math.round(seconds * 1000 * 1000) / 1000} ms`;
}
