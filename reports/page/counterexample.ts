/**
 * "Why this history is not linearizable": the checker's counterexample in words, as a
 * diagram, and as tables of the order found, the candidates rejected, and the ops
 * concurrent with the failing one. Every op links to the timeline.
 */
import type { Counterexample, OpView } from '../../checkers/linearizable/result.js';
import { opAtInvoke, outcomeName } from './decode.js';
import { counterexampleDiagram } from './counterexample-diagram.js';
import { h, section } from './dom.js';
import { formatCount, formatTick } from './format.js';
import { modelWords, type Report } from './report.js';

const PREFIX_SHOWN = 12;
const DIAGRAM_PREFIX = 10;
const DIAGRAM_OTHERS = 16;
const TABLE_CHUNK = 500;

export interface OpLinks {
  /** Bring an op into view in the timeline. */
  readonly focus: (op: number) => void;
  readonly hover: (op: number | null) => void;
}

export function counterexampleSection(r: Report, c: Counterexample, links: OpLinks): HTMLElement {
  const at = (view: OpView): number => opAtInvoke(r.ops, view.invokeIndex);
  const where = c.partition === null ? 'the history' : `key ${c.partition}`;
  const s = section('counterexample', 'Why this history is not linearizable');
  s.append(
    h(
      'p',
      { class: 'lead' },
      `Linearizable means: the ops can be put in one order in which each takes effect at a single instant between its call and its answer, and every result is what ${modelWords(r.data.check.model)} starting from ${c.initialState} would give. `,
      c.witness === undefined
        ? `No such order exists for the ops of ${where}. The longest order the checker could build holds ${formatCount(c.prefix.length)} op${c.prefix.length === 1 ? '' : 's'} and leaves the state ${c.stateAtFailure}; after it, this op cannot come next, and no other op can come first:`
        : `No such order exists for the ops of ${where}, and a few of them prove it without the rest: ${c.witness}. In the order they must take, they leave the state ${c.stateAtFailure}, and this op cannot come next:`,
    ),
  );
  const failing = r.failing;
  s.append(
    h(
      'div',
      { class: 'callout callout-fail', id: 'failing-op' },
      h('span', { class: 'callout-title' }, '✗ Cannot be linearized: '),
      h('span', { class: 'callout-op' }, h('code', {}, c.op.description), ` — process ${String(c.op.process)}`),
      h('span', { class: 'muted' }, ' · ', failing < 0 ? '' : timing(r, failing), ` · history events ${c.op.invokeIndex}${c.op.completeIndex === null ? '' : `–${c.op.completeIndex}`} · `),
      failing < 0 ? null : h('button', { type: 'button', class: 'link-button', onclick: () => links.focus(failing) }, 'show it in the timeline ↓'),
    ),
  );

  const prefixOps = c.prefix.map((step) => at(step.op));
  const tail = prefixOps.slice(-DIAGRAM_PREFIX);
  const others = [failing, ...c.concurrent.map(at), ...c.rejected.map((x) => at(x.op))]
    .filter((op, i, list) => op >= 0 && list.indexOf(op) === i && !tail.includes(op))
    .sort((a, b) => Math.abs(a - failing) - Math.abs(b - failing))
    .slice(0, DIAGRAM_OTHERS);
  s.append(
    h(
      'div',
      { class: 'cx-scroll' },
      counterexampleDiagram(
        r,
        { prefix: tail, stepNumbers: tail.map((_, i) => prefixOps.length - tail.length + i + 1), states: c.prefix.slice(-tail.length).map((s) => s.stateAfter), others },
        diagramWidth(),
        links.focus,
        links.hover,
      ),
    ),
    h(
      'p',
      { class: 'muted caption' },
      `In the order of the history's events: ${tail.length < prefixOps.length ? `the last ${tail.length} steps of the order` : 'the order'} (green: where each op takes effect, numbered, with the state after it when it changes), the op that cannot be linearized (red) and the ops concurrent with it (dashed). Hover an op for its details; click it to find it in the timeline.`,
    ),
  );

  const prefixTable = opTable(r, ['step', 'process', 'op', 'state after'], links);
  const addPrefixRows = (from: number, to: number): void => {
    for (let i = from; i < to; i++) {
      const step = c.prefix[i]!;
      prefixTable.add(prefixOps[i]!, [String(i + 1), String(step.op.process), step.op.description, step.stateAfter]);
    }
  };
  let shownFrom = Math.max(0, c.prefix.length - PREFIX_SHOWN);
  addPrefixRows(shownFrom, c.prefix.length);
  const more = h('button', { type: 'button', class: 'link-button' });
  const updateMore = (): void => {
    more.textContent = `Show ${formatCount(Math.min(TABLE_CHUNK, shownFrom))} earlier steps (${formatCount(shownFrom)} not shown)`;
    more.hidden = shownFrom === 0;
  };
  more.addEventListener('click', () => {
    const from = Math.max(0, shownFrom - TABLE_CHUNK);
    const rows = opTable(r, [], links, 2);
    for (let i = from; i < shownFrom; i++) rows.add(prefixOps[i]!, [String(i + 1), String(c.prefix[i]!.op.process), c.prefix[i]!.op.description, c.prefix[i]!.stateAfter]);
    prefixTable.body.prepend(...rows.body.children);
    shownFrom = from;
    updateMore();
  });
  updateMore();

  const rejected = opTable(r, ['process', 'op', 'why it cannot come next'], links);
  for (const step of c.rejected) rejected.add(at(step.op), [String(step.op.process), step.op.description, step.reason]);
  const concurrent = opTable(r, ['process', 'op', 'outcome', 'called', 'answered'], links);
  for (const view of c.concurrent) {
    const op = at(view);
    concurrent.add(op, [String(view.process), view.description, op < 0 ? '' : outcomeName(r.ops.outcome[op]!), op < 0 ? '' : formatTick(r.data.axis, r.ops.call[op]!), op < 0 ? '' : answered(r, op)]);
  }
  s.append(
    h(
      'div',
      { class: 'cx-tables' },
      h(
        'div',
        {},
        h('h3', {}, `The longest linearizable order (${formatCount(c.prefix.length)} steps, from ${c.initialState})`),
        c.prefix.length === 0 ? h('p', { class: 'muted' }, 'Empty: not even the first op can take effect.') : h('div', {}, more, prefixTable.table),
      ),
      h(
        'div',
        {},
        h('h3', {}, `Then, in state ${c.stateAtFailure}, no op can come next`),
        c.rejected.length === 0 ? h('p', { class: 'muted' }, 'No op was left to try.') : rejected.table,
        h('h3', {}, `Concurrent with the failing op (${formatCount(c.concurrent.length)})`),
        c.concurrent.length === 0 ? h('p', { class: 'muted' }, 'None: it overlaps no other op, so the order before it is forced.') : concurrent.table,
      ),
    ),
  );
  return s;
}

/** The width the diagram gets: the page's, less its padding. */
function diagramWidth(): number {
  return Math.max(640, Math.min(window.innerWidth, 1360) - 52);
}

function timing(r: Report, op: number): string {
  return `called ${formatTick(r.data.axis, r.ops.call[op]!)}, answered ${answered(r, op)}`;
}

function answered(r: Report, op: number): string {
  const end = r.ops.end[op]!;
  return Number.isFinite(end) ? formatTick(r.data.axis, end) : 'never';
}

interface OpTable {
  readonly table: HTMLTableElement;
  readonly body: HTMLTableSectionElement;
  add(op: number, cells: readonly string[]): void;
}

/** A table whose rows are ops: hovering one highlights it in the timeline, clicking finds it there. */
export function opTable(r: Report, headings: readonly string[], links: OpLinks, codeColumn = headings.indexOf('op')): OpTable {
  const body = h('tbody');
  const table = h('table', { class: 'ops-table' }, h('thead', {}, h('tr', {}, ...headings.map((t) => h('th', {}, t)))), body);
  return {
    table,
    body,
    add(op, cells) {
      const row = h('tr', { class: op === r.failing ? 'failing' : '' }, ...cells.map((cell, i) => h('td', {}, i === codeColumn ? h('code', {}, cell) : cell)));
      if (op >= 0) {
        row.tabIndex = 0;
        row.dataset.op = String(op);
        row.addEventListener('click', () => links.focus(op));
        row.addEventListener('mouseenter', () => links.hover(op));
        row.addEventListener('mouseleave', () => links.hover(null));
      }
      body.append(row);
    },
  };
}
