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
import { hashString, hashValue } from './models/values.js';
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
  // By a hash of what a model reads: ops with equal hashes are checked to be the same.
  const latest = new Map<number, number>();
  for (let c = 0; c < knownCount; c++) {
    const b = knownByCall[c]!;
    const op = ops[b]!;
    const hash = opHash(op);
    let a = latest.get(hash) ?? -1;
    latest.set(hash, b);
    previous[b] = a;
    for (let hops = 0; a >= 0 && hops < LOOK_BACK; hops++, a = previous[a]!) {
      if (ops[a]!.ret <= op.ret && sameOp(ops[a]!, op)) {
        twin[b] = a;
        break;
      }
    }
  }
  return twin;
}

/** A hash of what a model reads of an op (its outcome only when known). */
export function opHash(op: Operation): number {
  let h = hashString(op.f, hashString(op.key ?? '', 0x2545f491));
  h = Math.imul(h ^ hashValue(op.input), 0x9e3779b1);
  return (h ^ (op.known ? hashValue(op.output) : 0x5bd1e995)) | 0;
}

/** Whether a model cannot tell the two apart (it reads only f, key, input, output and known). */
export function sameOp(a: Operation, b: Operation): boolean {
  return a.f === b.f && a.key === b.key && a.known === b.known && sameJson(a.input, b.input) && (!a.known || sameJson(a.output, b.output));
}

/** Exact equality of parsed values (undefined and null apart, object keys in any order). */
function sameJson(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (typeof a !== 'object' || typeof b !== 'object' || a === null || b === null) return false;
  if (Array.isArray(a)) {
    if (!Array.isArray(b) || a.length !== b.length) return false;
    for (let i = 0; i < a.length; i++) if (!sameJson(a[i], b[i])) return false;
    return true;
  }
  if (Array.isArray(b)) return false;
  const keys = Object.keys(a);
  if (keys.length !== Object.keys(b).length) return false;
  return keys.every((k) => k in b && sameJson((a as Record<string, unknown>)[k], (b as Record<string, unknown>)[k]));
}
