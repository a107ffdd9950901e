/**
 * Drawing the timeline on a canvas: only what is in view, so 100,000 ops cost what
 * the visible ones cost. Ops narrower than a pixel merge into one stroke per row.
 */
import { OUTCOMES } from '../data/report-data.js';
import { OUTCOME_FAIL, OUTCOME_INFO, OUTCOME_OK, OUTCOME_PENDING } from './decode.js';
import { formatTick, tickSteps } from './format.js';
import {
  CONCURRENT_COLOR,
  FAILING_COLOR,
  faultColor,
  LEADER_COLOR,
  LEVEL_COLORS,
  OUTCOME_COLORS,
  SELECTED_COLOR,
  withAlpha,
} from './palette.js';
import { opText, type Report } from './report.js';
import { firstEndingFrom, type Row } from './rows.js';

export const LABEL_WIDTH = 92;
export const AXIS_HEIGHT = 22;
export const FAULT_ROW_HEIGHT = 18;
export const NODE_ROW_HEIGHT = 14;
export const ROW_HEIGHT = 18;
const BAR_HEIGHT = 12;
const FONT = '11px system-ui, -apple-system, "Segoe UI", Roboto, sans-serif';

/** What is in view: a time window, and rows from `firstRow` (fractional when scrolled). */
export interface View {
  readonly t0: number;
  readonly t1: number;
  readonly width: number;
  readonly height: number;
  readonly rows: readonly Row[];
  readonly firstRow: number;
  /** Node rows (with a nemesis row first when there are nemesis marks). */
  readonly nodeRows: readonly string[];
  /** The row that names the faults: 0 tall when the history has none. */
  readonly faultRowHeight: number;
  readonly selected: number;
  readonly highlighted: ReadonlySet<number>;
  readonly cursor: number | null;
}

export function plotWidth(view: Pick<View, 'width'>): number {
  return Math.max(10, view.width - LABEL_WIDTH - 8);
}

export function xOf(view: View, t: number): number {
  return LABEL_WIDTH + ((t - view.t0) / (view.t1 - view.t0)) * plotWidth(view);
}

export function tOf(view: View, x: number): number {
  return view.t0 + ((x - LABEL_WIDTH) / plotWidth(view)) * (view.t1 - view.t0);
}

export function lanesTop(view: Pick<View, 'nodeRows' | 'faultRowHeight'>): number {
  return AXIS_HEIGHT + view.faultRowHeight + view.nodeRows.length * NODE_ROW_HEIGHT + 4;
}

export function rowTop(view: View, index: number): number {
  return lanesTop(view) + (index - view.firstRow) * ROW_HEIGHT;
}

export function drawTimeline(ctx: CanvasRenderingContext2D, r: Report, view: View): void {
  ctx.clearRect(0, 0, view.width, view.height);
  ctx.font = FONT;
  ctx.textBaseline = 'middle';
  drawFaultBands(ctx, r, view, 'shade');
  drawAxis(ctx, r, view);
  drawFaultBands(ctx, r, view, 'label');
  drawNodeRows(ctx, r, view);
  ctx.save();
  ctx.beginPath();
  ctx.rect(0, lanesTop(view), view.width, view.height - lanesTop(view));
  ctx.clip();
  drawRows(ctx, r, view);
  ctx.restore();
  if (view.cursor !== null) {
    const x = xOf(view, view.cursor);
    ctx.strokeStyle = SELECTED_COLOR;
    ctx.setLineDash([4, 3]);
    ctx.beginPath();
    ctx.moveTo(x, AXIS_HEIGHT);
    ctx.lineTo(x, view.height);
    ctx.stroke();
    ctx.setLineDash([]);
  }
}

function bandExtent(r: Report, view: View, start: number, end: number | null): [number, number] {
  const x0 = Math.max(LABEL_WIDTH, xOf(view, start));
  const x1 = Math.min(view.width, xOf(view, end ?? r.data.span));
  return [x0, Math.max(x0 + 2, x1)];
}

/** Faults shade the whole height; their kinds and details label the row under the axis. */
function drawFaultBands(ctx: CanvasRenderingContext2D, r: Report, view: View, part: 'shade' | 'label'): void {
  if (view.faultRowHeight === 0) return;
  if (part === 'label') {
    ctx.fillStyle = '#fff';
    ctx.fillRect(0, AXIS_HEIGHT + 1, view.width, FAULT_ROW_HEIGHT - 1);
  }
  for (const band of r.data.faults) {
    const [x0, x1] = bandExtent(r, view, band.start, band.end);
    if (x1 < LABEL_WIDTH || x0 > view.width) continue;
    const color = faultColor(band.kind);
    if (part === 'shade') {
      ctx.fillStyle = withAlpha(color, 0.1);
      ctx.fillRect(x0, AXIS_HEIGHT, x1 - x0, view.height - AXIS_HEIGHT);
      continue;
    }
    ctx.fillStyle = withAlpha(color, 0.85);
    ctx.fillRect(x0, AXIS_HEIGHT + 2, x1 - x0, FAULT_ROW_HEIGHT - 4);
    const text = band.label === '' ? band.kind : `${band.kind}: ${band.label}`;
    // Keep the words in view when the band starts left of the window.
    clippedText(ctx, text, Math.max(x0, LABEL_WIDTH) + 3, AXIS_HEIGHT + FAULT_ROW_HEIGHT / 2, x1 - Math.max(x0, LABEL_WIDTH) - 6, '#fff');
  }
  if (part === 'label') {
    ctx.fillStyle = '#fff';
    ctx.fillRect(0, AXIS_HEIGHT + 1, LABEL_WIDTH - 2, FAULT_ROW_HEIGHT - 1);
    ctx.fillStyle = '#475467';
    ctx.fillText('faults', 6, AXIS_HEIGHT + FAULT_ROW_HEIGHT / 2);
  }
}

function drawAxis(ctx: CanvasRenderingContext2D, r: Report, view: View): void {
  ctx.fillStyle = '#f9fafb';
  ctx.fillRect(0, 0, view.width, AXIS_HEIGHT);
  ctx.strokeStyle = '#d0d5dd';
  ctx.beginPath();
  ctx.moveTo(0, AXIS_HEIGHT + 0.5);
  ctx.lineTo(view.width, AXIS_HEIGHT + 0.5);
  ctx.stroke();
  let steps = tickSteps(view.t0, view.t1, plotWidth(view));
  if (r.data.axis.kind === 'position') steps = steps.filter((t) => Number.isInteger(t));
  ctx.fillStyle = '#475467';
  for (const t of steps) {
    const x = Math.round(xOf(view, t)) + 0.5;
    ctx.strokeStyle = '#eaecf0';
    ctx.beginPath();
    ctx.moveTo(x, AXIS_HEIGHT);
    ctx.lineTo(x, view.height);
    ctx.stroke();
    ctx.fillText(formatTick(r.data.axis, t), x + 3, AXIS_HEIGHT / 2);
  }
  ctx.fillStyle = '#f9fafb';
  ctx.fillRect(0, 0, LABEL_WIDTH - 2, AXIS_HEIGHT);
  ctx.fillStyle = '#475467';
  ctx.fillText(r.data.axis.kind === 'time' ? 'time →' : 'event order →', 6, AXIS_HEIGHT / 2);
}

/** A row per node: faults that name the node as bars, its notable log events as ticks. */
function drawNodeRows(ctx: CanvasRenderingContext2D, r: Report, view: View): void {
  const top = AXIS_HEIGHT + view.faultRowHeight;
  const rowOf = new Map(view.nodeRows.map((n, i) => [n, i]));
  view.nodeRows.forEach((node, i) => {
    const y = top + i * NODE_ROW_HEIGHT;
    ctx.fillStyle = i % 2 === 0 ? 'rgba(16,24,40,0.03)' : 'rgba(16,24,40,0)';
    ctx.fillRect(LABEL_WIDTH, y, view.width - LABEL_WIDTH, NODE_ROW_HEIGHT);
    ctx.fillStyle = '#344054';
    ctx.fillText(node === '' ? 'nemesis' : `node ${node}`, 6, y + NODE_ROW_HEIGHT / 2);
  });
  const nodeCount = r.nodeRows.length;
  for (const band of r.data.faults) {
    if (band.nodes.length === 0 || band.nodes.length >= nodeCount) continue;
    const [x0, x1] = bandExtent(r, view, band.start, band.end);
    if (x1 < LABEL_WIDTH || x0 > view.width) continue;
    for (const node of band.nodes) {
      const row = rowOf.get(node);
      if (row === undefined) continue;
      ctx.fillStyle = faultColor(band.kind);
      ctx.fillRect(x0, top + row * NODE_ROW_HEIGHT + 3, x1 - x0, NODE_ROW_HEIGHT - 6);
    }
  }
  for (const leader of r.data.leaders) {
    const row = rowOf.get(leader.node);
    if (row === undefined) continue;
    const [x0, x1] = bandExtent(r, view, leader.start, leader.end);
    if (x1 < LABEL_WIDTH || x0 > view.width) continue;
    const y = top + row * NODE_ROW_HEIGHT + NODE_ROW_HEIGHT - 4;
    ctx.fillStyle = LEADER_COLOR;
    ctx.fillRect(x0, y, x1 - x0, 3);
    if (x1 - x0 > 60) clippedText(ctx, 'leader', x0 + 3, y - 4, x1 - x0 - 6, LEADER_COLOR);
  }
  for (const mark of r.data.marks) {
    const row = rowOf.get(mark.node ?? '');
    if (row === undefined || mark.time < view.t0 || mark.time > view.t1) continue;
    const x = Math.round(xOf(view, mark.time));
    const y = top + row * NODE_ROW_HEIGHT;
    ctx.fillStyle = LEVEL_COLORS[mark.level];
    if (mark.node === null) {
      ctx.beginPath();
      ctx.moveTo(x, y + 2);
      ctx.lineTo(x + 4, y + NODE_ROW_HEIGHT / 2);
      ctx.lineTo(x, y + NODE_ROW_HEIGHT - 2);
      ctx.lineTo(x - 4, y + NODE_ROW_HEIGHT / 2);
      ctx.fill();
    } else {
      ctx.fillRect(x - 1, y + 2, 2, NODE_ROW_HEIGHT - 4);
    }
  }
}

function drawRows(ctx: CanvasRenderingContext2D, r: Report, view: View): void {
  const { ops } = r;
  const first = Math.max(0, Math.floor(view.firstRow));
  const last = Math.min(view.rows.length, Math.ceil(view.firstRow + (view.height - lanesTop(view)) / ROW_HEIGHT) + 1);
  const emphasised: number[] = [];
  for (let i = first; i < last; i++) {
    const row = view.rows[i]!;
    const y = rowTop(view, i);
    if (i % 2 === 1) {
      ctx.fillStyle = 'rgba(16,24,40,0.025)';
      ctx.fillRect(LABEL_WIDTH, y, view.width - LABEL_WIDTH, ROW_HEIGHT);
    }
    const barY = y + (ROW_HEIGHT - BAR_HEIGHT) / 2;
    // Ok ops first, then the rarer outcomes over them, so that a lone info or fail among
    // thousands of oks stays visible when zoomed out.
    for (const pass of [[OUTCOME_OK], [OUTCOME_FAIL, OUTCOME_INFO, OUTCOME_PENDING]]) {
      let mergedX0 = -1;
      let mergedX1 = -1;
      let mergedColor = '';
      const flush = (): void => {
        if (mergedX1 < 0) return;
        ctx.fillStyle = mergedColor;
        ctx.fillRect(mergedX0, barY, Math.max(1, mergedX1 - mergedX0), BAR_HEIGHT);
        mergedX1 = -1;
      };
      for (let p = firstEndingFrom(ops, row.ops, view.t0); p < row.ops.length; p++) {
        const op = row.ops[p]!;
        const call = ops.call[op]!;
        if (call > view.t1) break;
        const outcome = ops.outcome[op]!;
        if (!pass.includes(outcome)) continue;
        if (op === r.failing || op === view.selected || view.highlighted.has(op) || r.concurrent.has(op)) emphasised.push(op);
        const x0 = Math.max(LABEL_WIDTH - 2, xOf(view, call));
        const end = ops.end[op]!;
        const x1 = Math.min(view.width + 2, xOf(view, Number.isFinite(end) ? end : r.data.span));
        const color = OUTCOME_COLORS[OUTCOMES[outcome]!];
        if (x1 - x0 < 3) {
          // Narrow: merge with the previous narrow op of the same colour when they touch.
          if (mergedX1 >= 0 && color === mergedColor && x0 <= mergedX1 + 1) {
            mergedX1 = Math.max(mergedX1, x1);
            continue;
          }
          flush();
          mergedX0 = x0;
          mergedX1 = Math.max(x1, x0 + 1);
          mergedColor = color;
          continue;
        }
        flush();
        drawBar(ctx, r, op, x0, x1, barY, color, !Number.isFinite(end) || outcome === OUTCOME_INFO);
      }
      flush();
    }
  }
  for (const op of emphasised) drawEmphasis(ctx, r, view, op);
  drawRowLabels(ctx, r, view, first, last);
}

function drawBar(ctx: CanvasRenderingContext2D, r: Report, op: number, x0: number, x1: number, y: number, color: string, open: boolean): void {
  ctx.fillStyle = color;
  ctx.fillRect(x0, y, x1 - x0, BAR_HEIGHT);
  if (open) {
    // An unknown outcome: a ragged right end, "it may take effect later".
    ctx.fillStyle = '#fff';
    for (let yy = 0; yy < BAR_HEIGHT; yy += 4) ctx.fillRect(x1 - 3, y + yy, 3, 2);
  }
  if (x1 - x0 > 28) clippedText(ctx, opText(r, op), x0 + 3, y + BAR_HEIGHT / 2 + 0.5, x1 - x0 - 6, '#fff');
}

function drawEmphasis(ctx: CanvasRenderingContext2D, r: Report, view: View, op: number): void {
  const index = view.rows.findIndex((row) => row.lane === r.ops.lane[op]);
  if (index < 0) return;
  const y = rowTop(view, index) + (ROW_HEIGHT - BAR_HEIGHT) / 2;
  const end = r.ops.end[op]!;
  const x0 = Math.max(LABEL_WIDTH - 2, xOf(view, r.ops.call[op]!));
  const x1 = Math.max(x0 + 4, Math.min(view.width + 2, xOf(view, Number.isFinite(end) ? end : r.data.span)));
  if (op === r.failing) {
    ctx.fillStyle = FAILING_COLOR;
    ctx.fillRect(x0, y, x1 - x0, BAR_HEIGHT);
    if (x1 - x0 > 28) clippedText(ctx, `✗ ${opText(r, op)}`, x0 + 3, y + BAR_HEIGHT / 2 + 0.5, x1 - x0 - 6, '#fff');
    // A marker that stays visible at any zoom.
    ctx.beginPath();
    const cx = (x0 + x1) / 2;
    ctx.moveTo(cx - 6, y - 7);
    ctx.lineTo(cx + 6, y - 7);
    ctx.lineTo(cx, y - 1);
    ctx.fill();
  }
  const selected = op === view.selected || view.highlighted.has(op);
  if (!selected && !r.concurrent.has(op) && op !== r.failing) return;
  ctx.lineWidth = selected ? 2 : 1.5;
  ctx.strokeStyle = selected ? SELECTED_COLOR : op === r.failing ? FAILING_COLOR : CONCURRENT_COLOR;
  if (!selected && op !== r.failing) ctx.setLineDash([3, 2]);
  ctx.strokeRect(x0 - 1, y - 1, x1 - x0 + 2, BAR_HEIGHT + 2);
  ctx.setLineDash([]);
  ctx.lineWidth = 1;
}

function drawRowLabels(ctx: CanvasRenderingContext2D, r: Report, view: View, first: number, last: number): void {
  ctx.fillStyle = '#fff';
  ctx.fillRect(0, lanesTop(view), LABEL_WIDTH - 2, view.height - lanesTop(view));
  ctx.strokeStyle = '#d0d5dd';
  ctx.beginPath();
  ctx.moveTo(LABEL_WIDTH - 1.5, AXIS_HEIGHT);
  ctx.lineTo(LABEL_WIDTH - 1.5, view.height);
  ctx.stroke();
  ctx.fillStyle = '#344054';
  for (let i = first; i < last; i++) {
    const processes = r.data.lanes[view.rows[i]!.lane]!;
    const label = processes.length === 1 ? `process ${processes[0]}` : `p ${processes.join(', ')}`;
    clippedText(ctx, label, 6, rowTop(view, i) + ROW_HEIGHT / 2, LABEL_WIDTH - 10, '#344054');
  }
}

export function clippedText(ctx: CanvasRenderingContext2D, text: string, x: number, y: number, maxWidth: number, color: string): void {
  if (maxWidth < 8) return;
  ctx.fillStyle = color;
  if (ctx.measureText(text).width <= maxWidth) {
    ctx.fillText(text, x, y);
    return;
  }
  let lo = 0;
  let hi = text.length;
  while (lo < hi) {
    const mid = (lo + hi + 1) >> 1;
    if (ctx.measureText(`${text.slice(0, mid)}…`).width <= maxWidth) lo = mid;
    else hi = mid - 1;
  }
  if (lo > 0) ctx.fillText(`${text.slice(0, lo)}…`, x, y);
}

/** The strip above the timeline: where the ops are over the whole run, the faults, the failing op, and the window in view. */
export function drawOverview(ctx: CanvasRenderingContext2D, r: Report, width: number, height: number, t0: number, t1: number): void {
  ctx.clearRect(0, 0, width, height);
  const span = Math.max(r.data.span, 1);
  const x = (t: number): number => LABEL_WIDTH + (t / span) * (width - LABEL_WIDTH - 8);
  const plot = width - LABEL_WIDTH - 8;
  ctx.fillStyle = '#f2f4f7';
  ctx.fillRect(LABEL_WIDTH, 0, plot, height);
  for (const band of r.data.faults) {
    ctx.fillStyle = withAlpha(faultColor(band.kind), 0.35);
    const x0 = x(band.start);
    ctx.fillRect(x0, 0, Math.max(2, x(band.end ?? span) - x0), height);
  }
  const columns = new Float64Array(Math.max(1, Math.ceil(plot)));
  const problems = new Uint8Array(columns.length);
  const { ops } = r;
  for (let i = 0; i < ops.count; i++) {
    const c = Math.min(columns.length - 1, Math.floor(((ops.call[i]! / span) * plot)));
    columns[c]!++;
    if (ops.outcome[i] !== OUTCOME_OK) problems[c] = 1;
  }
  let most = 1;
  for (const v of columns) most = Math.max(most, v);
  ctx.fillStyle = withAlpha(OUTCOME_COLORS.ok, 0.7);
  columns.forEach((v, c) => {
    if (v === 0) return;
    const h = Math.max(1, (Math.sqrt(v) / Math.sqrt(most)) * (height - 4));
    ctx.fillRect(LABEL_WIDTH + c, height - h, 1, h);
  });
  ctx.fillStyle = OUTCOME_COLORS.info;
  problems.forEach((p, c) => {
    if (p === 1) ctx.fillRect(LABEL_WIDTH + c, 0, 1, 3);
  });
  if (r.failing >= 0) {
    const fx = x(ops.call[r.failing]!);
    ctx.fillStyle = FAILING_COLOR;
    ctx.fillRect(fx - 1, 0, 3, height);
  }
  const w0 = Math.max(LABEL_WIDTH, x(t0));
  const w1 = Math.min(LABEL_WIDTH + plot, x(t1));
  ctx.fillStyle = 'rgba(16,24,40,0.08)';
  ctx.fillRect(LABEL_WIDTH, 0, Math.max(0, w0 - LABEL_WIDTH), height);
  ctx.fillRect(w1, 0, Math.max(0, LABEL_WIDTH + plot - w1), height);
  ctx.strokeStyle = SELECTED_COLOR;
  ctx.lineWidth = 1.5;
  ctx.strokeRect(w0, 0.75, Math.max(2, w1 - w0), height - 1.5);
  ctx.lineWidth = 1;
  ctx.font = FONT;
  ctx.textBaseline = 'middle';
  ctx.fillStyle = '#475467';
  ctx.fillText('whole run', 6, height / 2);
}
