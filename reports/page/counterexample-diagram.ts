/**
 * The counterexample drawn as Porcupine draws a linearization, in event order: each
 * op a bar from its call to its answer in its process's row, and the order the checker
 * found as numbered points where each op takes effect, joined by a line. The op that
 * cannot come next is red; the ops concurrent with it are outlined.
 */
import { svg } from './dom.js';
import { OUTCOME_INFO, outcomeName } from './decode.js';
import { CONCURRENT_COLOR, FAILING_COLOR, LINEARIZATION_COLOR, OUTCOME_COLORS } from './palette.js';
import { linearizationPoints } from './linearization.js';
import { opFacts, opText, processName, type Report } from './report.js';

const LABEL = 96;
/** A row: room for the step labels above its bar, then the bar. */
const ROW = 46;
const BAR = 20;
const MIN_SLOT = 30;
const TOP = 24;
const CHAR_WIDTH = 6.6;

export interface DiagramOps {
  /** The last steps of the order, in order. */
  readonly prefix: readonly number[];
  /** Their step numbers (1-based), for the labels. */
  readonly stepNumbers: readonly number[];
  readonly others: readonly number[];
  /** The state after each shown step. */
  readonly states: readonly string[];
}

export function counterexampleDiagram(r: Report, shown: DiagramOps, width: number, onPick: (op: number) => void, onHover: (op: number | null) => void): SVGSVGElement {
  const { ops } = r;
  const all = [...shown.prefix, ...shown.others];
  // Slots: every call and answer of the shown ops, in history order (what the checker orders by).
  const positions = new Set<number>();
  for (const op of all) {
    positions.add(ops.invoke[op]!);
    if (ops.complete[op]! >= 0 && ops.outcome[op] !== OUTCOME_INFO) positions.add(ops.complete[op]!);
  }
  const sorted = [...positions].sort((a, b) => a - b);
  const slotOf = new Map(sorted.map((p, i) => [p, i + 1]));
  const openSlot = sorted.length + 1.6;
  const callSlot = (op: number): number => slotOf.get(ops.invoke[op]!)!;
  const retSlot = (op: number): number => (ops.complete[op]! >= 0 && ops.outcome[op] !== OUTCOME_INFO ? slotOf.get(ops.complete[op]!)! : openSlot);

  const processes: string[] = [];
  for (const op of [...all].sort((a, b) => a - b)) if (!processes.includes(processName(r, op))) processes.push(processName(r, op));
  const rowOf = (op: number): number => processes.indexOf(processName(r, op));

  // Room on the right for the failing op's words, which go beside its bar.
  const reserved = r.failing >= 0 ? (opText(r, r.failing).length + 26) * CHAR_WIDTH : 16;
  const slotWidth = Math.max(MIN_SLOT, (width - LABEL - reserved) / (sorted.length + 2.2));
  width = LABEL + slotWidth * (sorted.length + 2.2) + reserved;
  const height = TOP + processes.length * ROW + 8;
  const x = (slot: number): number => LABEL + slot * slotWidth;
  const yOf = (row: number): number => TOP + row * ROW + ROW - BAR - 6;

  const root = svg('svg', { width, height, viewBox: `0 0 ${width} ${height}`, class: 'cx-diagram', role: 'img', 'aria-label': 'The counterexample, in event order' });
  root.append(svg('text', { x: 4, y: 14, class: 'cx-axis' }, 'process'), svg('text', { x: LABEL, y: 14, class: 'cx-axis' }, 'history order →'));
  processes.forEach((p, i) => {
    root.append(svg('rect', { x: 0, y: TOP + i * ROW, width, height: ROW, fill: i % 2 === 0 ? '#f9fafb' : '#fff' }));
    root.append(svg('text', { x: 6, y: TOP + i * ROW + ROW / 2 + 4, class: 'cx-label' }, p));
  });

  const points = linearizationPoints(shown.prefix.map(callSlot), shown.prefix.map(retSlot));
  const pointX = new Map(shown.prefix.map((op, i) => [op, x(points[i]!)]));
  /** Where the next op in the same row starts (its words must not run into it). */
  const nextCallX = (op: number): number => {
    let next = Infinity;
    for (const other of all) if (rowOf(other) === rowOf(op) && callSlot(other) > callSlot(op)) next = Math.min(next, x(callSlot(other)));
    return next === Infinity ? width : next;
  };
  for (const op of all) {
    const x0 = x(callSlot(op));
    const x1 = x(retSlot(op));
    const y = yOf(rowOf(op));
    const failing = op === r.failing;
    const open = retSlot(op) === openSlot;
    const fill = failing ? FAILING_COLOR : OUTCOME_COLORS[outcomeName(ops.outcome[op]!)];
    const group = svg('g', { class: 'cx-op', 'data-op': op, tabindex: 0 });
    group.append(svg('title', {}, opFacts(r, op).map(([k, v]) => `${k}: ${v}`).join('\n')));
    group.append(svg('rect', { x: x0, y, width: Math.max(4, x1 - x0), height: BAR, rx: 3, fill, opacity: shown.prefix.includes(op) || failing ? 1 : 0.85 }));
    if (open) group.append(svg('path', { d: `M${x1 - 6},${y} l6,${BAR / 4} l-6,${BAR / 4} l6,${BAR / 4} l-6,${BAR / 4}`, fill: '#fff' }));
    if (r.concurrent.has(op) && !failing) {
      group.append(svg('rect', { x: x0 - 2, y: y - 2, width: Math.max(4, x1 - x0) + 4, height: BAR + 4, rx: 4, fill: 'none', stroke: CONCURRENT_COLOR, 'stroke-dasharray': '4 3', 'stroke-width': 1.5 }));
    }
    const text = `${failing ? '✗ ' : ''}${opText(r, op)}`;
    // Words start after the op's linearization tick, not under it.
    const textX = Math.max(x0 + 5, (pointX.get(op) ?? -Infinity) + 5);
    const room = Math.floor((x1 - textX - 3) / CHAR_WIDTH);
    if (failing && room < text.length) {
      // The one op a reader must read: its words go beside its bar when they do not fit in it.
      group.append(svg('text', { x: x1 + 6, y: y + BAR / 2 + 4, class: 'cx-op-text cx-fail-text' }, `${text} — cannot be linearized`));
    } else if (room >= text.length) {
      group.append(svg('text', { x: textX, y: y + BAR / 2 + 4, class: 'cx-op-text' }, text));
    } else if (nextCallX(op) > x1 + 10 + text.length * CHAR_WIDTH) {
      group.append(svg('text', { x: x1 + 5, y: y + BAR / 2 + 4, class: 'cx-op-text cx-op-outside' }, text));
    } else if (room >= 3) {
      group.append(svg('text', { x: textX, y: y + BAR / 2 + 4, class: 'cx-op-text' }, `${text.slice(0, room - 1)}…`));
    }
    group.addEventListener('click', () => onPick(op));
    group.addEventListener('mouseenter', () => onHover(op));
    group.addEventListener('mouseleave', () => onHover(null));
    root.append(group);
  }

  if (r.failing >= 0 && retSlot(r.failing) !== openSlot) {
    const xr = x(retSlot(r.failing));
    root.append(svg('line', { x1: xr, x2: xr, y1: TOP - 4, y2: height - 4, stroke: FAILING_COLOR, 'stroke-dasharray': '3 3' }));
    const note = 'answered here: it must have taken effect by now';
    const nearEnd = xr + note.length * CHAR_WIDTH > width;
    root.append(svg('text', { x: nearEnd ? xr - 4 : xr + 4, y: TOP - 8, class: 'cx-fail-note', 'text-anchor': nearEnd ? 'end' : 'start' }, note));
  }

  // Each step's point sits above its bar, joined in order; a tick marks the instant on the bar.
  const centres = shown.prefix.map((op, i) => [x(points[i]!), yOf(rowOf(op)) - 11] as const);
  if (centres.length > 1) {
    root.append(svg('polyline', { points: centres.map(([cx, cy]) => `${cx},${cy}`).join(' '), fill: 'none', stroke: LINEARIZATION_COLOR, 'stroke-width': 2, opacity: 0.85 }));
  }
  centres.forEach(([cx, cy], i) => {
    const label = String(shown.stepNumbers[i]);
    const w = 10 + label.length * 6;
    const step = svg('g', { class: 'cx-point' });
    step.append(
      svg('title', {}, `step ${label}: ${opText(r, shown.prefix[i]!)}; state after it: ${shown.states[i]}`),
      svg('line', { x1: cx, x2: cx, y1: cy + 8, y2: cy + 11 + BAR, stroke: LINEARIZATION_COLOR, 'stroke-width': 2 }),
      svg('rect', { x: cx - w / 2, y: cy - 8, width: w, height: 16, rx: 8, fill: LINEARIZATION_COLOR }),
      svg('text', { x: cx, y: cy + 3.5, class: 'cx-step' }, label),
    );
    if (i === 0 || shown.states[i] !== shown.states[i - 1]) {
      // The state's words run up to the next point in the same row, or are left to the tooltip and the table.
      const next = centres.slice(i + 1).find(([nx, ny]) => ny === cy && nx > cx);
      const room = Math.floor(((next === undefined ? width : next[0] - 14) - (cx + w / 2 + 3)) / CHAR_WIDTH) - 2;
      if (room >= 4) step.append(svg('text', { x: cx + w / 2 + 3, y: cy + 4, class: 'cx-state' }, `⇒ ${shorten(shown.states[i]!, Math.min(room, 24))}`));
    }
    root.append(step);
  });
  return root;
}

function shorten(text: string, max: number): string {
  return text.length <= max ? text : `${text.slice(0, max - 1)}…`;
}
