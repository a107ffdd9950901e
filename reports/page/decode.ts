/** The embedded report data, with its op columns unpacked into typed arrays for drawing and lookup. */
import { NONE, OUTCOMES, type Outcome, type ReportData } from '../data/report-data.js';

export interface Ops {
  readonly count: number;
  /** Call and end in ticks; end is Infinity for an op never completed. */
  readonly call: Float64Array;
  readonly end: Float64Array;
  readonly outcome: Uint8Array;
  readonly process: Int32Array;
  readonly lane: Int32Array;
  readonly key: Int32Array;
  readonly f: Int32Array;
  readonly text: Int32Array;
  readonly invoke: Int32Array;
  /** Position of the completion event; NONE when never completed. */
  readonly complete: Int32Array;
  readonly node: Int32Array;
  readonly error: Int32Array;
}

export const OUTCOME_OK = OUTCOMES.indexOf('ok');
export const OUTCOME_FAIL = OUTCOMES.indexOf('fail');
export const OUTCOME_INFO = OUTCOMES.indexOf('info');
export const OUTCOME_PENDING = OUTCOMES.indexOf('pending');

export function outcomeName(code: number): Outcome {
  return OUTCOMES[code]!;
}

export function decodeOps(data: ReportData): Ops {
  const c = data.ops;
  const count = c.call.length;
  const call = new Float64Array(count);
  const end = new Float64Array(count);
  const invoke = new Int32Array(count);
  const complete = new Int32Array(count);
  let t = 0;
  let position = 0;
  for (let i = 0; i < count; i++) {
    t += c.call[i]!;
    position += c.invoke[i]!;
    call[i] = t;
    invoke[i] = position;
    const duration = c.duration[i]!;
    end[i] = duration === NONE ? Infinity : t + duration;
    const completeDelta = c.complete[i]!;
    complete[i] = completeDelta === NONE ? NONE : position + completeDelta;
  }
  return {
    count,
    call,
    end,
    outcome: Uint8Array.from(c.outcome),
    process: Int32Array.from(c.process),
    lane: Int32Array.from(c.lane),
    key: Int32Array.from(c.key),
    f: Int32Array.from(c.f),
    text: Int32Array.from(c.text),
    invoke,
    complete,
    node: Int32Array.from(c.node),
    error: Int32Array.from(c.error),
  };
}

/** The op whose invoke event is at `position` (the checker names ops by it), or -1. */
export function opAtInvoke(ops: Ops, position: number): number {
  let lo = 0;
  let hi = ops.count - 1;
  while (lo <= hi) {
    const mid = (lo + hi) >> 1;
    const at = ops.invoke[mid]!;
    if (at === position) return mid;
    if (at < position) lo = mid + 1;
    else hi = mid - 1;
  }
  return -1;
}
