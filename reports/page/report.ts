/** Everything the page's parts share: the data, its ops, and where the counterexample's ops are. */
import type { OpView } from '../../checkers/linearizable/result.js';
import { NONE, type ReportData } from '../data/report-data.js';
import { decodeOps, opAtInvoke, outcomeName, type Ops } from './decode.js';
import { formatSpan, formatTick } from './format.js';

export interface Report {
  readonly data: ReportData;
  readonly ops: Ops;
  /** The op that cannot be linearized; -1 when the history is not invalid. */
  readonly failing: number;
  readonly concurrent: ReadonlySet<number>;
  /** Op → its step (0-based) in the longest linearizable prefix. */
  readonly prefixStep: ReadonlyMap<number, number>;
  /** Op → why it could not come next after the prefix. */
  readonly rejected: ReadonlyMap<number, string>;
  /** Nodes named by logs, faults or marks: the timeline's node rows. */
  readonly nodeRows: readonly string[];
}

export function buildReport(data: ReportData): Report {
  const ops = decodeOps(data);
  const at = (view: OpView): number => opAtInvoke(ops, view.invokeIndex);
  const c = data.check.counterexample;
  const named = new Set<string>(data.nodes);
  for (const f of data.faults) for (const n of f.nodes) named.add(n);
  for (const m of data.marks) if (m.node !== null) named.add(m.node);
  return {
    data,
    ops,
    failing: c === undefined ? -1 : at(c.op),
    concurrent: new Set(c?.concurrent.map(at) ?? []),
    prefixStep: new Map(c?.prefix.map((step, i) => [at(step.op), i]) ?? []),
    rejected: new Map(c?.rejected.map((r) => [at(r.op), r.reason]) ?? []),
    nodeRows: [...named].sort(naturalOrder),
  };
}

export function naturalOrder(a: string, b: string): number {
  return a.localeCompare(b, 'en', { numeric: true });
}

export function opText(r: Report, op: number): string {
  return r.data.strings[r.ops.text[op]!]!;
}

export function keyName(r: Report, op: number): string | null {
  const k = r.ops.key[op]!;
  return k === NONE ? null : r.data.keys[k]!;
}

export function processName(r: Report, op: number): string {
  return r.data.processes[r.ops.process[op]!]!;
}

/** An op's facts, one per line, as a reader wants them when pointing at it. */
export function opFacts(r: Report, op: number): Array<[string, string]> {
  const { ops, data } = r;
  const axis = data.axis;
  const outcome = outcomeName(ops.outcome[op]!);
  const end = ops.end[op]!;
  const facts: Array<[string, string]> = [
    ['op', opText(r, op)],
    ['process', processName(r, op)],
    ['outcome', outcome === 'ok' ? 'ok' : outcome === 'fail' ? 'failed (did not happen)' : outcome === 'info' ? 'unknown (info: may have happened)' : 'never answered (unknown)'],
    ['called', formatTick(axis, ops.call[op]!)],
    ['answered', Number.isFinite(end) ? formatTick(axis, end) : '—'],
  ];
  if (axis.kind === 'time' && Number.isFinite(end)) facts.push(['latency', formatSpan(axis, end - ops.call[op]!)]);
  const complete = ops.complete[op]!;
  facts.push(['history events', complete === NONE ? `${ops.invoke[op]} (no completion)` : `${ops.invoke[op]} → ${complete}`]);
  const node = ops.node[op]!;
  if (node !== NONE) facts.push(['node', data.strings[node]!]);
  const error = ops.error[op]!;
  if (error !== NONE) facts.push(['error', data.strings[error]!]);
  const role = counterexampleRole(r, op);
  if (role !== null) facts.push(['checker', role]);
  return facts;
}

/** What the counterexample says of an op, in words; null when it says nothing. */
export function counterexampleRole(r: Report, op: number): string | null {
  if (op === r.failing) return 'this op cannot be linearized';
  const step = r.prefixStep.get(op);
  const c = r.data.check.counterexample;
  if (step !== undefined && c !== undefined) return `step ${step + 1} of the longest linearizable order; state after it: ${c.prefix[step]!.stateAfter}`;
  const reason = r.rejected.get(op);
  if (reason !== undefined) return `tried after the prefix: ${reason}`;
  if (r.concurrent.has(op)) return 'concurrent with the op that cannot be linearized';
  return null;
}

const MODEL_WORDS: Record<string, string> = {
  register: 'register (read, write)',
  'cas-register': 'compare-and-set register (read, write, cas)',
  'multi-register': 'set of registers',
  mutex: 'lock',
  set: 'set',
  kv: 'key-value store, each key a register',
};

/** The checker's model as a reader says it, with "a". */
export function modelWords(model: string): string {
  return `a ${MODEL_WORDS[model] ?? model}`;
}
