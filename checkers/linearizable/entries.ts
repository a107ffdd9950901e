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

  constructor(ops: readonly Operation[]) {
    const n = ops.length;
    const count = 2 * n;
    this.tail = count + 1;
    this.op = new Int32Array(count + 2);
    this.isCall = new Uint8Array(count + 2);
    this.match = new Int32Array(count + 2);
    this.next = new Int32Array(count + 2);
    this.prev = new Int32Array(count + 2);

    // Sort 2n events by time; on equal times calls come first (the ops overlap), and
    // unknown returns (Infinity) go last.
    const order = new Int32Array(count);
    for (let i = 0; i < count; i++) order[i] = i;
    const time = (event: number): number => {
      const o = ops[event >> 1]!;
      return (event & 1) === 0 ? o.call : o.ret;
    };
    order.sort((a, b) => time(a) - time(b) || (a & 1) - (b & 1) || a - b);

    const entryOf = new Int32Array(count);
    for (let position = 0; position < count; position++) {
      const event = order[position]!;
      const entry = position + 1;
      entryOf[event] = entry;
      this.op[entry] = event >> 1;
      this.isCall[entry] = (event & 1) === 0 ? 1 : 0;
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
