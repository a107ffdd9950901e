/**
 * A stale observation, found without a search. In a register where no value is
 * written twice (our workloads write values unique per key), take an op R that saw
 * value a (a read of a, a cas from a), and a value b whose write was called after an op
 * that had seen a returned. If b was seen (read, compared, or its write acknowledged)
 * by an op that returned before R was called, no linearization exists: a's write comes
 * before whatever saw a, that before b's write, b's write before whatever saw b, and
 * that before R — and nothing but a's one write could make the value a again.
 *
 * The search proves the same by trying every order, which a history full of ops of
 * unknown outcome can make too slow to finish; this pass takes one sort.
 */
import type { Operation } from '../history/types.js';
import { opView } from './explain.js';
import type { Model } from './model.js';
import type { Counterexample } from './result.js';
import { canonical, show } from './models/values.js';

/** The register-like models whose ops this pass understands (their states print as `show` prints values). */
export const WITNESS_MODELS: ReadonlySet<string> = new Set(['register', 'cas-register', 'kv']);

/** The proof, as positions in the partition. */
export interface StaleWitness {
  /** The op that saw the stale value a. */
  readonly stale: number;
  /** a's one write; null when a is the initial value. */
  readonly aWriter: number | null;
  /** The op that returned first having seen a (a's write itself when acknowledged); null when a is the initial value. */
  readonly aSeen: number | null;
  readonly bWriter: number;
  /** The op that returned first having seen b, before the stale op was called. */
  readonly bSeen: number;
}

/** What an op tells about the value: the one it saw before taking effect, and the one it left. */
interface Effect {
  readonly saw: string | null;
  readonly left: string | null;
  /** Whether it wrote `left` (a read leaves what it saw). */
  readonly writes: boolean;
}

const NOTHING: Effect = { saw: null, left: null, writes: false };

/**
 * What one op tells, or null when the pass cannot reason about it: an op it does not know
 * (append, delete), or a value that is not plain (objects are equal by content, which a
 * text key gets right only as far as canonical() does).
 */
function effectOf(op: Operation): Effect | null {
  switch (op.f) {
    case 'read':
    case 'get':
      if (!op.known || op.output === undefined) return NOTHING;
      return isPlain(op.output) ? { saw: canonical(op.output), left: canonical(op.output), writes: false } : null;
    case 'write':
    case 'put':
      return isPlain(op.input) ? { saw: null, left: canonical(op.input), writes: true } : null;
    case 'cas': {
      if (!Array.isArray(op.input) || op.input.length !== 2 || !isPlain(op.input[0]) || !isPlain(op.input[1])) return null;
      // A known cas that failed its compare changed nothing and saw only "not old".
      if (op.known && op.output === false) return NOTHING;
      return { saw: op.known ? canonical(op.input[0]) : null, left: canonical(op.input[1]), writes: true };
    }
    default:
      return null;
  }
}

/** Every op's effect, or null when the pass cannot reason about one of them. */
function effects(ops: readonly Operation[]): Effect[] | null {
  const out: Effect[] = [];
  for (const op of ops) {
    const effect = effectOf(op);
    if (effect === null) return null;
    out.push(effect);
  }
  return out;
}

function isPlain(value: unknown): boolean {
  return value === null || value === undefined || typeof value !== 'object';
}

export function findStaleWitness(ops: readonly Operation[], initial: unknown): StaleWitness | null {
  const effect = effects(ops);
  if (effect === null) return null;
  const start = canonical(initial);
  const writer = new Map<string, number>();
  for (let i = 0; i < ops.length; i++) {
    const { left, writes } = effect[i]!;
    if (!writes) continue;
    // A value written twice, or the initial value written: the proof's premise fails.
    if (left === start || writer.has(left!)) return null;
    writer.set(left!, i);
  }
  // Per written value, the known op that returned first with it in effect (one that saw it, or its acknowledged write).
  const firstSeen = new Map<string, number>();
  const seen = (value: string | null, i: number): void => {
    if (value === null || !writer.has(value)) return;
    const earlier = firstSeen.get(value);
    if (earlier === undefined || ops[i]!.ret < ops[earlier]!.ret) firstSeen.set(value, i);
  };
  for (let i = 0; i < ops.length; i++) {
    if (!ops[i]!.known) continue;
    seen(effect[i]!.saw, i);
    if (effect[i]!.writes) seen(effect[i]!.left, i);
  }
  // Seen values by their writer's call; from each position on, the one first seen earliest.
  const byCall = [...firstSeen.keys()].sort((a, b) => ops[writer.get(a)!]!.call - ops[writer.get(b)!]!.call);
  const seenRet = (k: number): number => ops[firstSeen.get(byCall[k]!)!]!.ret;
  const earliestFrom = new Int32Array(byCall.length + 1).fill(-1);
  for (let k = byCall.length - 1; k >= 0; k--) {
    const later = earliestFrom[k + 1]!;
    earliestFrom[k] = later < 0 || seenRet(k) < seenRet(later) ? k : later;
  }
  for (let r = 0; r < ops.length; r++) {
    const a = effect[r]!.saw;
    if (a === null || !ops[r]!.known) continue;
    // A value no one wrote is the search's to explain.
    const aSeen = a === start ? null : firstSeen.get(a);
    if (aSeen === undefined) continue;
    const after = aSeen === null ? -Infinity : ops[aSeen]!.ret;
    const k = earliestFrom[firstWrittenAfter(byCall, (v) => ops[writer.get(v)!]!.call, after)]!;
    if (k < 0 || seenRet(k) >= ops[r]!.call) continue;
    const b = byCall[k]!;
    return { stale: r, aWriter: aSeen === null ? null : writer.get(a)!, aSeen, bWriter: writer.get(b)!, bSeen: firstSeen.get(b)! };
  }
  return null;
}

/** The first position in `values` (sorted by `callOf`) whose writer was called after `time`. */
function firstWrittenAfter(values: readonly string[], callOf: (v: string) => number, time: number): number {
  let lo = 0;
  let hi = values.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (callOf(values[mid]!) > time) hi = mid;
    else lo = mid + 1;
  }
  return lo;
}

/**
 * The proof as a counterexample: the ops it needs in the order they must take effect,
 * each with the value it leaves, then the stale op, impossible after them.
 */
export function witnessCounterexample(ops: readonly Operation[], w: StaleWitness, model: Model<unknown>, initial: unknown): Counterexample {
  const order = [...new Set([w.aWriter, w.aSeen, w.bWriter, w.bSeen].filter((i): i is number => i !== null))];
  // Every op of the proof saw or wrote a plain value: its effect is known, and canonical() prints it as show() would.
  const left = (i: number): string => effectOf(ops[i]!)!.left!;
  const prefix = order.map((i) => ({ op: opView(ops[i]!, model), stateAfter: left(i) }));
  const stale = ops[w.stale]!;
  const stateAtFailure = prefix.at(-1)!.stateAfter;
  const a = effectOf(stale)!.saw!;
  const b = left(w.bWriter);
  const concurrent = ops.filter((o) => o !== stale && o.call < stale.ret && stale.call < o.ret).map((o) => opView(o, model));
  return {
    partition: stale.key ?? null,
    op: opView(stale, model),
    concurrent,
    initialState: show(initial),
    prefix,
    stateAtFailure,
    rejected: [{ op: opView(stale, model), reason: `impossible in state ${stateAtFailure}` }],
    witness:
      w.aWriter === null
        ? `${b} was written and seen before this op was called, and nothing writes ${a}, the initial value, again`
        : `${a} was seen before the write of ${b} was called, ${b} was seen before this op was called, and only one op writes ${a}`,
  };
}
