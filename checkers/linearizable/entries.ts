/**
 * The call/return list the WGL search walks: every op has a call entry and a return
 * entry, sorted by time, in a doubly-linked list over typed arrays so that lifting an
 * op out (both its entries) and putting it back are O(1).
 */
import type { Operation } from '../history/types.js';
import { SLOT, type Arrays } from './scratch.js';

export const HEAD = 0;

export class EntryList {
  /** Entry e (1..2n) belongs to op `op[e]`; calls are flagged in `isCall`. */
  readonly op: Int32Array;
  readonly isCall: Uint8Array;
  /** For a call entry, its return entry. */
  readonly match: Int32Array;
  readonly next: Int32Array;
  readonly prev: Int32Array;
  /** The sentinel after the last entry. */
  readonly tail: number;
  /** The ops by call time (its first n elements). */
  readonly callOrder: Int32Array;

  constructor(ops: readonly Operation[], arrays: Arrays) {
    const n = ops.length;
    const count = 2 * n;
    this.tail = count + 1;
    this.op = arrays.int32.take(SLOT.entriesOp, count + 2, false);
    this.isCall = arrays.uint8.take(SLOT.entriesIsCall, count + 2, false);
    this.match = arrays.int32.take(SLOT.entriesMatch, count + 2, false);
    this.next = arrays.int32.take(SLOT.entriesNext, count + 2, false);
    this.prev = arrays.int32.take(SLOT.entriesPrev, count + 2, false);

    const calls = arrays.float64.take(SLOT.entriesCalls, n, false);
    const rets = arrays.float64.take(SLOT.entriesRets, n, false);
    for (let i = 0; i < n; i++) {
      const op = ops[i]!;
      calls[i] = op.call;
      rets[i] = op.ret;
    }
    this.callOrder = orderBy(calls, arrays.int32.take(SLOT.entriesCallOrder, n, false), n);
    const returnOrder = orderBy(rets, arrays.int32.take(SLOT.entriesReturnOrder, n, false), n);

    // Merged with calls first on equal times (the ops overlap); unknown returns
    // (Infinity) go last.
    const returnEntry = arrays.int32.take(SLOT.entriesReturnEntry, n, false);
    const { op, isCall, match, next, prev, callOrder } = this;
    for (let c = 0, r = 0, entry = 1; entry <= count; entry++) {
      const takeCall = c < n && (r === n || calls[callOrder[c]!]! <= rets[returnOrder[r]!]!);
      const i = takeCall ? callOrder[c++]! : returnOrder[r++]!;
      op[entry] = i;
      isCall[entry] = takeCall ? 1 : 0;
      if (!takeCall) returnEntry[i] = entry;
    }
    for (let entry = 1; entry <= count; entry++) if (isCall[entry] === 1) match[entry] = returnEntry[op[entry]!]!;
    for (let entry = 0; entry <= count; entry++) {
      next[entry] = entry + 1;
      prev[entry + 1] = entry;
    }
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

  isEmpty(): boolean {
    return this.next[HEAD] === this.tail;
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
  const sorting = order.subarray(0, n).sort((a, b) => times[a]! - times[b]! || a - b);
  return sorting;
}
