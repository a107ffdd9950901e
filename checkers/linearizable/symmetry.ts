/**
 * Symmetry between interchangeable ops. Two ops with the same f, key, input and
 * outcome step every state the same way; if A's call and return are both no later
 * than B's, any linearization with B before A stays valid with the two swapped. So
 * the search may demand that A comes first (swapping an inverted pair lowers the
 * inversion count, so some valid linearization, if any, honours every such demand at
 * once).
 *
 * - Known ops: `twinsOf` gives each op the one that must come before it. k identical
 *   completed writes then cost k+1 configurations instead of 2^k.
 * - Ops whose outcome is unknown all return "at the end", so identical ones form a
 *   class whose members are linearized in call order (unknown.ts).
 */
import type { Operation } from '../history/types.js';
import { canonical } from './models/values.js';
import { SLOT, type Arrays } from './scratch.js';

/** How far back along the ops with the same signature to look for one that ends no later. */
const LOOK_BACK = 4;

/**
 * For each known op, the op that must be linearized before it, or -1. `knownByCall`
 * lists the known ops by call time.
 */
export function twinsOf(ops: readonly Operation[], knownByCall: Int32Array, knownCount: number, arrays: Arrays): Int32Array {
  const twin = arrays.int32.take(SLOT.symmetryTwin, ops.length, false).fill(-1, 0, ops.length);
  const previous = arrays.int32.take(SLOT.symmetryPrevious, ops.length, false);
  const latest = new Map<string, number>();
  for (let c = 0; c < knownCount; c++) {
    const b = knownByCall[c]!;
    const op = ops[b]!;
    const sig = signature(op);
    let a = latest.get(sig) ?? -1;
    latest.set(sig, b);
    previous[b] = a;
    for (let hops = 0; a >= 0 && hops < LOOK_BACK; hops++, a = previous[a]!) {
      if (ops[a]!.ret <= op.ret) {
        twin[b] = a;
        break;
      }
    }
  }
  return twin;
}

/** Equal for ops a model cannot tell apart (models read only f, key, input, output and known). */
function signature(op: Operation): string {
  return `${op.f}\u0001${op.key ?? ''}\u0001${op.known ? valueSignature(op.output) : '?'}\u0001${valueSignature(op.input)}`;
}

export function valueSignature(value: unknown): string {
  switch (typeof value) {
    case 'number':
    case 'boolean':
      return String(value);
    case 'bigint':
      return `${value}n`;
    case 'string':
      return JSON.stringify(value);
    case 'undefined':
      return 'undefined';
  }
  if (value === null) return 'null';
  if (Array.isArray(value)) {
    let s = '[';
    for (const item of value) s += `${valueSignature(item)},`;
    return `${s}]`;
  }
  return canonical(value);
}
