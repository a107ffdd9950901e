/**
 * The call/return list the WGL search walks, over typed arrays, so that lifting an op
 * out (its call and its return) and putting it back are O(1).
 *
 * Entries are numbered by time (1..tail-1; calls before returns on equal times), so
 * comparing two entry numbers compares times. A known op has a call entry and a return
 * entry, both linked in the list. An op whose outcome is unknown has a call entry too,
 * for its time, but it is not linked (the search tries those ops by class, unknown.ts),
 * and no return (it would come after everything).
 */
import type { Operation } from '../history/types.js';
import { SLOT, type Arrays } from './scratch.js';

export const HEAD = 0;

export const KIND_RETURN = 0;
export const KIND_CALL = 1;
/** The call of an op whose outcome is unknown (not linked). */
export const KIND_UNKNOWN_CALL = 2;

export class EntryList {
  /** Each entry's op. */
  readonly op: Int32Array;
  readonly kind: Uint8Array;
  /** For a call entry, its return entry. */
  readonly match: Int32Array;
  readonly next: Int32Array;
  readonly prev: Int32Array;
  /** The sentinel after the last entry. */
  readonly tail: number;
  /** Per op, the number of its call among all entries (linked or not): its time. */
  readonly callEntry: Int32Array;
  /** All ops by call time (the first n), and the known ones (the first `knownCount`). */
  readonly callOrder: Int32Array;
  readonly knownByCall: Int32Array;
  readonly knownCount: number;
  /** Per op, 1 when its outcome is known. */
  readonly isKnown: Uint8Array;

  constructor(ops: readonly Operation[], arrays: Arrays) {
    const n = ops.length;
    // One pass over the ops (reading fields of ops scattered over the heap is what costs).
    const calls = arrays.float64.take(SLOT.entriesCalls, n, false);
    const rets = arrays.float64.take(SLOT.entriesRets, n, false);
    const knownOps = arrays.int32.take(SLOT.entriesKnownOps, n, false);
    const isKnown = arrays.uint8.take(SLOT.entriesIsKnown, n, false);
    let known = 0;
    for (let i = 0; i < n; i++) {
      const op = ops[i]!;
      calls[i] = op.call;
      if (op.known) {
        isKnown[i] = 1;
        knownOps[known] = i;
        rets[known++] = op.ret;
      } else {
        isKnown[i] = 0;
      }
    }
    this.isKnown = isKnown;
    this.knownCount = known;
    const count = n + known;
    this.tail = count + 1;
    this.op = arrays.int32.take(SLOT.entriesOp, count + 2, false);
    this.kind = arrays.uint8.take(SLOT.entriesKind, count + 2, false);
    this.match = arrays.int32.take(SLOT.entriesMatch, count + 2, false);
    this.next = arrays.int32.take(SLOT.entriesNext, count + 2, false);
    this.prev = arrays.int32.take(SLOT.entriesPrev, count + 2, false);
    this.callEntry = arrays.int32.take(SLOT.entriesCallEntry, n, false);
    const callOrder = orderBy(calls, arrays.int32.take(SLOT.entriesCallOrder, n, false), n);
    this.callOrder = callOrder;
    const returnOrder = orderBy(rets, arrays.int32.take(SLOT.entriesReturnOrder, known, false), known);

    // Merged with calls first on equal times (the ops overlap).
    const returnEntry = arrays.int32.take(SLOT.entriesReturnEntry, n, false);
    const { op, kind, match, callEntry } = this;
    const knownByCall = arrays.int32.take(SLOT.entriesKnownByCall, known, false);
    this.knownByCall = knownByCall;
    for (let c = 0, r = 0, k = 0, entry = 1; entry <= count; entry++) {
      const takeCall = c < n && (r === known || calls[callOrder[c]!]! <= rets[returnOrder[r]!]!);
      if (takeCall) {
        const i = callOrder[c++]!;
        callEntry[i] = entry;
        if (isKnown[i] === 1) {
          knownByCall[k++] = i;
          op[entry] = i;
          kind[entry] = KIND_CALL;
        } else {
          op[entry] = i;
          kind[entry] = KIND_UNKNOWN_CALL;
        }
      } else {
        const i = knownOps[returnOrder[r++]!]!;
        op[entry] = i;
        kind[entry] = KIND_RETURN;
        returnEntry[i] = entry;
      }
    }
    let last = HEAD;
    const { next, prev } = this;
    for (let entry = 1; entry <= count; entry++) {
      if (kind[entry] === KIND_UNKNOWN_CALL) continue;
      if (kind[entry] === KIND_CALL) match[entry] = returnEntry[op[entry]!]!;
      next[last] = entry;
      prev[entry] = last;
      last = entry;
    }
    next[last] = this.tail;
    prev[this.tail] = last;
  }

  /** Unlinks a call entry and its return entry. */
  lift(call: number): void {
    const { next, prev } = this;
    next[prev[call]!] = next[call]!;
    prev[next[call]!] = prev[call]!;
    const ret = this.match[call]!;
    next[prev[ret]!] = next[ret]!;
    prev[next[ret]!] = prev[ret]!;
  }

  /** Relinks what lift() unlinked, in reverse order. */
  unlift(call: number): void {
    const { next, prev } = this;
    const ret = this.match[call]!;
    prev[next[ret]!] = ret;
    next[prev[ret]!] = ret;
    prev[next[call]!] = call;
    next[prev[call]!] = call;
  }
}

/** Fills `order` with positions 0..n-1 sorted by time, ties by position; no sort when already in order. */
function orderBy(times: Float64Array, order: Int32Array, n: number): Int32Array {
  let sorted = true;
  for (let i = 0; i < n; i++) {
    order[i] = i;
    if (i > 0 && times[i]! < times[i - 1]!) sorted = false;
  }
  if (sorted) return order;
  order.subarray(0, n).sort((a, b) => times[a]! - times[b]! || a - b);
  return order;
}
