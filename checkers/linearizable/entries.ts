/**
 * The call/return list the WGL search walks: every op has a call entry and a return
 * entry, sorted by time, in a doubly-linked list over typed arrays so that lifting an
 * op out (both its entries) and putting it back are O(1).
 */
import type { Operation } from '../history/types.js';

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
  /** The ops by call time. */
  readonly callOrder: Int32Array;

  constructor(ops: readonly Operation[]) {
    const n = ops.length;
    const count = 2 * n;
    this.tail = count + 1;
    this.op = new Int32Array(count + 2);
    this.isCall = new Uint8Array(count + 2);
    this.match = new Int32Array(count + 2);
    this.next = new Int32Array(count + 2);
    this.prev = new Int32Array(count + 2);

    // Calls by call time and returns by return time, merged with calls first on equal
    // times (the ops overlap); unknown returns (Infinity) go last.
    this.callOrder = orderBy(n, (i) => ops[i]!.call);
    const returnOrder = orderBy(n, (i) => ops[i]!.ret);
    const entryOf = new Int32Array(count);
    for (let c = 0, r = 0, entry = 1; entry <= count; entry++) {
      const takeCall = c < n && (r === n || ops[this.callOrder[c]!]!.call <= ops[returnOrder[r]!]!.ret);
      const i = takeCall ? this.callOrder[c++]! : returnOrder[r++]!;
      this.op[entry] = i;
      this.isCall[entry] = takeCall ? 1 : 0;
      entryOf[2 * i + (takeCall ? 0 : 1)] = entry;
    }
    for (let i = 0; i < n; i++) this.match[entryOf[2 * i]!] = entryOf[2 * i + 1]!;
    for (let entry = 0; entry <= count; entry++) {
      this.next[entry] = entry + 1;
      this.prev[entry + 1] = entry;
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

/** Positions 0..n-1 sorted by time, ties by position; no sort when already in order. */
function orderBy(n: number, timeOf: (i: number) => number): Int32Array {
  const times = new Float64Array(n);
  const order = new Int32Array(n);
  let sorted = true;
  for (let i = 0; i < n; i++) {
    times[i] = timeOf(i);
    order[i] = i;
    if (i > 0 && times[i]! < times[i - 1]!) sorted = false;
  }
  if (!sorted) order.sort((a, b) => times[a]! - times[b]! || a - b);
  return order;
}
