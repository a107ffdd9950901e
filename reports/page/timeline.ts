/**
 * The op timeline: every op as a bar from its call to its answer, one row per client
 * lane, faults as shaded bands, node events on node rows. Drag to pan, Ctrl+wheel (or
 * pinch, or the buttons) to zoom, click an op for its details, pick a key to see its
 * ops alone. The strip above shows the whole run and the window in view.
 */
import { h } from './dom.js';
import { formatCount } from './format.js';
import { opFacts, naturalOrder, type Report } from './report.js';
import { buildRows, type Row } from './rows.js';
import { markAt, opAt } from './timeline-hit.js';
import {
  drawOverview,
  drawTimeline,
  FAULT_ROW_HEIGHT,
  LABEL_WIDTH,
  lanesTop,
  plotWidth,
  ROW_HEIGHT,
  rowTop,
  tOf,
  type View,
} from './timeline-draw.js';

const OVERVIEW_HEIGHT = 34;
const MAX_VISIBLE_ROWS = 24;

export class Timeline {
  readonly root: HTMLElement;
  private readonly canvas: HTMLCanvasElement;
  private readonly overview: HTMLCanvasElement;
  private readonly tooltip: HTMLElement;
  private readonly details: HTMLElement;
  private readonly keySelect: HTMLSelectElement | null;
  private readonly countLabel: HTMLElement;
  private readonly nodeRows: string[];
  private readonly faultRowHeight: number;
  private rows: Row[] = [];
  private t0 = 0;
  private t1 = 1;
  private firstRow = 0;
  private width = 800;
  private selected = -1;
  private highlighted = new Set<number>();
  private cursor: number | null = null;
  private key: number | null = null;
  private frame = 0;

  constructor(private readonly r: Report, private readonly onPickKey: (key: number | null) => void = () => {}) {
    const hasNemesisMarks = r.data.marks.some((m) => m.node === null);
    this.nodeRows = [...(hasNemesisMarks ? [''] : []), ...r.nodeRows];
    this.faultRowHeight = r.data.faults.length > 0 ? FAULT_ROW_HEIGHT : 0;
    this.canvas = h('canvas', { class: 'timeline-canvas', tabindex: 0, 'aria-label': 'Operation timeline' });
    this.overview = h('canvas', { class: 'timeline-overview', 'aria-label': 'The whole run: drag to move the window in view' });
    this.tooltip = h('div', { class: 'tooltip', role: 'tooltip' });
    this.details = h('div', { class: 'op-details' }, 'Click an op to see its details here.');
    this.countLabel = h('span', { class: 'muted' });
    this.keySelect = r.data.keys.length > 1 ? this.buildKeySelect() : null;
    const toolbar = h(
      'div',
      { class: 'toolbar' },
      this.keySelect === null ? null : h('label', {}, 'Key ', this.keySelect),
      h('button', { type: 'button', onclick: () => this.zoom(0.5), title: 'Zoom in' }, '+'),
      h('button', { type: 'button', onclick: () => this.zoom(2), title: 'Zoom out' }, '−'),
      h('button', { type: 'button', onclick: () => this.fit(), title: 'Show the whole run' }, 'Whole run'),
      this.countLabel,
      h('span', { class: 'hint' }, 'Drag to pan · Ctrl+wheel, pinch or +/− to zoom · double-click to zoom in · click an op for details'),
    );
    this.root = h('div', { class: 'timeline' }, toolbar, this.overview, h('div', { class: 'timeline-stage' }, this.canvas, this.tooltip), this.details);
    this.setKey(null);
    this.fit();
    this.listen();
  }

  /** Ops drawn (of the key picked, or all). */
  get opCount(): number {
    let n = 0;
    for (const row of this.rows) n += row.ops.length;
    return n;
  }

  get range(): { t0: number; t1: number } {
    return { t0: this.t0, t1: this.t1 };
  }

  /** Whether an op is inside the window and its row is scrolled into view. */
  isOpInView(op: number): boolean {
    const { call, end } = this.r.ops;
    const e = Number.isFinite(end[op]!) ? end[op]! : this.r.data.span;
    if (e < this.t0 || call[op]! > this.t1) return false;
    const index = this.rows.findIndex((row) => row.lane === this.r.ops.lane[op]);
    if (index < 0) return false;
    const y = rowTop(this.view(), index);
    return y >= lanesTop(this.view()) && y + ROW_HEIGHT <= this.canvasHeight();
  }

  mount(): void {
    this.resize();
    new ResizeObserver(() => this.resize()).observe(this.root);
  }

  setKey(key: number | null): void {
    this.key = key;
    this.rows = buildRows(this.r.ops, this.r.data.lanes.length, key);
    this.firstRow = 0;
    if (this.keySelect !== null) this.keySelect.value = key === null ? '' : String(key);
    this.countLabel.textContent = `${formatCount(this.opCount)} ops in ${formatCount(this.rows.length)} rows`;
    this.root.dataset.opCount = String(this.opCount);
    this.resize();
  }

  fit(): void {
    const span = Math.max(this.r.data.span, 1);
    this.setRange(-span * 0.005, span * 1.01);
  }

  setRange(t0: number, t1: number): void {
    const span = Math.max(this.r.data.span, 1);
    const minWidth = this.r.data.axis.kind === 'position' ? 4 : 20;
    const width = Math.min(Math.max(t1 - t0, minWidth), span * 1.2);
    const start = Math.max(-span * 0.1, Math.min((t0 + t1) / 2 - width / 2, span * 1.1 - width));
    this.t0 = start;
    this.t1 = start + width;
    this.scheduleDraw();
  }

  /** Brings an op into view, in the middle, zoomed so that it and its neighbours read. */
  focusOp(op: number, scrollPage = true): void {
    const { call, end, key } = this.r.ops;
    if (this.key !== null && key[op] !== this.key) this.setKey(null);
    const e = Number.isFinite(end[op]!) ? end[op]! : call[op]! + this.r.data.span * 0.02;
    const width = Math.max((e - call[op]!) * 8, this.r.data.span / 200, this.r.data.axis.kind === 'position' ? 12 : 20);
    const middle = (call[op]! + e) / 2;
    this.setRange(middle - width / 2, middle + width / 2);
    const index = this.rows.findIndex((row) => row.lane === this.r.ops.lane[op]);
    const visible = this.visibleRowCount();
    this.firstRow = Math.max(0, Math.min(index - Math.floor(visible / 2), this.rows.length - visible));
    this.select(op);
    if (scrollPage) this.root.scrollIntoView({ block: 'center' });
  }

  /** A vertical line at a time (a log line's), brought into view. */
  showTime(t: number): void {
    this.cursor = t;
    if (t < this.t0 || t > this.t1) {
      const width = this.t1 - this.t0;
      this.setRange(t - width / 2, t + width / 2);
    }
    this.scheduleDraw();
  }

  highlight(ops: Iterable<number>): void {
    this.highlighted = new Set(ops);
    this.scheduleDraw();
  }

  select(op: number): void {
    this.selected = op;
    this.details.replaceChildren(...(op < 0 ? ['Click an op to see its details here.'] : [factList(opFacts(this.r, op))]));
    this.scheduleDraw();
  }

  private buildKeySelect(): HTMLSelectElement {
    const counts = new Int32Array(this.r.data.keys.length);
    for (let i = 0; i < this.r.ops.count; i++) if (this.r.ops.key[i]! >= 0) counts[this.r.ops.key[i]!]!++;
    const order = this.r.data.keys.map((k, i) => [k, i] as const).sort((a, b) => naturalOrder(a[0], b[0]));
    const select = h(
      'select',
      { 'aria-label': 'Show the ops of one key' },
      h('option', { value: '' }, `all ${formatCount(this.r.data.keys.length)} keys`),
      ...order.map(([k, i]) => h('option', { value: String(i) }, `${k} (${formatCount(counts[i]!)} ops)`)),
    );
    select.addEventListener('change', () => {
      const key = select.value === '' ? null : Number(select.value);
      this.setKey(key);
      this.onPickKey(key);
    });
    return select;
  }

  private visibleRowCount(): number {
    return Math.min(this.rows.length, MAX_VISIBLE_ROWS);
  }

  private canvasHeight(): number {
    return lanesTop({ nodeRows: this.nodeRows, faultRowHeight: this.faultRowHeight }) + Math.max(1, this.visibleRowCount()) * ROW_HEIGHT + 4;
  }

  private view(): View {
    return {
      t0: this.t0,
      t1: this.t1,
      width: this.width,
      height: this.canvasHeight(),
      rows: this.rows,
      firstRow: this.firstRow,
      nodeRows: this.nodeRows,
      faultRowHeight: this.faultRowHeight,
      selected: this.selected,
      highlighted: this.highlighted,
      cursor: this.cursor,
    };
  }

  private resize(): void {
    this.width = Math.max(320, this.root.clientWidth);
    const ratio = window.devicePixelRatio || 1;
    for (const [canvas, height] of [
      [this.canvas, this.canvasHeight()],
      [this.overview, OVERVIEW_HEIGHT],
    ] as const) {
      canvas.width = Math.round(this.width * ratio);
      canvas.height = Math.round(height * ratio);
      canvas.style.width = `${this.width}px`;
      canvas.style.height = `${height}px`;
    }
    this.draw();
  }

  private scheduleDraw(): void {
    if (this.frame !== 0) return;
    this.frame = requestAnimationFrame(() => {
      this.frame = 0;
      this.draw();
    });
  }

  /** Draws now (the first frame is drawn synchronously, so the page is complete when it says so). */
  draw(): void {
    const ratio = window.devicePixelRatio || 1;
    const ctx = this.canvas.getContext('2d');
    const octx = this.overview.getContext('2d');
    if (ctx === null || octx === null) return;
    ctx.setTransform(ratio, 0, 0, ratio, 0, 0);
    drawTimeline(ctx, this.r, this.view());
    octx.setTransform(ratio, 0, 0, ratio, 0, 0);
    drawOverview(octx, this.r, this.width, OVERVIEW_HEIGHT, this.t0, this.t1);
    this.root.dataset.t0 = String(this.t0);
    this.root.dataset.t1 = String(this.t1);
  }

  private zoom(factor: number, atX?: number): void {
    const view = this.view();
    const anchor = atX === undefined ? (this.t0 + this.t1) / 2 : tOf(view, atX);
    const ratio = atX === undefined ? 0.5 : (atX - LABEL_WIDTH) / plotWidth(view);
    const width = (this.t1 - this.t0) * factor;
    this.setRange(anchor - width * ratio, anchor - width * ratio + width);
  }

  private scrollRows(delta: number): boolean {
    const max = Math.max(0, this.rows.length - this.visibleRowCount());
    const next = Math.max(0, Math.min(max, this.firstRow + delta));
    if (next === this.firstRow) return false;
    this.firstRow = next;
    this.scheduleDraw();
    return true;
  }

  private showTooltip(x: number, y: number, lines: Array<[string, string]> | string | null): void {
    if (lines === null) {
      this.tooltip.style.display = 'none';
      return;
    }
    this.tooltip.replaceChildren(typeof lines === 'string' ? h('div', { class: 'pre' }, lines) : factList(lines));
    this.tooltip.style.display = 'block';
    const left = Math.min(x + 14, this.width - this.tooltip.offsetWidth - 4);
    this.tooltip.style.left = `${Math.max(0, left)}px`;
    this.tooltip.style.top = `${y + 16}px`;
  }

  private listen(): void {
    const c = this.canvas;
    let drag: { x: number; y: number; t0: number; t1: number; firstRow: number; moved: boolean } | null = null;
    const local = (e: MouseEvent): [number, number] => {
      const rect = c.getBoundingClientRect();
      return [e.clientX - rect.left, e.clientY - rect.top];
    };
    c.addEventListener('mousedown', (e) => {
      const [x, y] = local(e);
      drag = { x, y, t0: this.t0, t1: this.t1, firstRow: this.firstRow, moved: false };
    });
    window.addEventListener('mousemove', (e) => {
      if (drag === null) return;
      const [x, y] = local(e);
      if (Math.abs(x - drag.x) + Math.abs(y - drag.y) > 3) drag.moved = true;
      if (!drag.moved) return;
      const dt = ((x - drag.x) / plotWidth(this.view())) * (drag.t1 - drag.t0);
      this.setRange(drag.t0 - dt, drag.t1 - dt);
      const max = Math.max(0, this.rows.length - this.visibleRowCount());
      this.firstRow = Math.max(0, Math.min(max, drag.firstRow - (y - drag.y) / ROW_HEIGHT));
    });
    window.addEventListener('mouseup', (e) => {
      if (drag === null) return;
      const wasClick = !drag.moved;
      drag = null;
      if (!wasClick || e.target !== c) return;
      const [x, y] = local(e);
      const op = opAt(this.r, this.view(), x, y);
      if (op >= 0) this.select(op);
    });
    c.addEventListener('mousemove', (e) => {
      if (drag?.moved === true) return;
      const [x, y] = local(e);
      const op = opAt(this.r, this.view(), x, y);
      c.style.cursor = op >= 0 ? 'pointer' : 'grab';
      this.showTooltip(x, y, op >= 0 ? opFacts(this.r, op) : markAt(this.r, this.view(), x, y));
    });
    c.addEventListener('mouseleave', () => this.showTooltip(0, 0, null));
    c.addEventListener('dblclick', (e) => this.zoom(0.5, local(e)[0]));
    c.addEventListener(
      'wheel',
      (e) => {
        const [x] = local(e);
        if (e.ctrlKey || e.metaKey) {
          e.preventDefault();
          this.zoom(Math.exp(e.deltaY * 0.01), x);
        } else if (Math.abs(e.deltaX) > Math.abs(e.deltaY)) {
          e.preventDefault();
          const dt = (e.deltaX / plotWidth(this.view())) * (this.t1 - this.t0);
          this.setRange(this.t0 + dt, this.t1 + dt);
        } else if (this.scrollRows(e.deltaY / ROW_HEIGHT / 2)) {
          e.preventDefault();
        }
      },
      { passive: false },
    );
    c.addEventListener('keydown', (e) => {
      const width = this.t1 - this.t0;
      const moves: Record<string, () => void> = {
        ArrowLeft: () => this.setRange(this.t0 - width / 5, this.t1 - width / 5),
        ArrowRight: () => this.setRange(this.t0 + width / 5, this.t1 + width / 5),
        ArrowUp: () => this.scrollRows(-1),
        ArrowDown: () => this.scrollRows(1),
        '+': () => this.zoom(0.5),
        '=': () => this.zoom(0.5),
        '-': () => this.zoom(2),
        '0': () => this.fit(),
      };
      const move = moves[e.key];
      if (move === undefined) return;
      e.preventDefault();
      move();
    });
    let overviewDrag = false;
    const moveWindowTo = (e: MouseEvent): void => {
      const rect = this.overview.getBoundingClientRect();
      const plot = this.width - LABEL_WIDTH - 8;
      const t = ((e.clientX - rect.left - LABEL_WIDTH) / plot) * Math.max(this.r.data.span, 1);
      const width = this.t1 - this.t0;
      this.setRange(t - width / 2, t + width / 2);
    };
    this.overview.addEventListener('mousedown', (e) => {
      overviewDrag = true;
      moveWindowTo(e);
    });
    window.addEventListener('mousemove', (e) => {
      if (overviewDrag) moveWindowTo(e);
    });
    window.addEventListener('mouseup', () => {
      overviewDrag = false;
    });
  }
}

export function factList(facts: Array<[string, string]>): HTMLElement {
  return h('dl', { class: 'facts' }, ...facts.flatMap(([k, v]) => [h('dt', {}, k), h('dd', {}, v)]));
}
