/**
 * The deepest point where the search got stuck (a return reached before its op could
 * be linearized): the raw material of a counterexample. Kept during the one search,
 * at amortised O(1) per step: a new record copies only the part of the stack that
 * changed since the last one.
 */
import { HEAD, KIND_CALL, type EntryList } from './entries.js';
import { SLOT, type Arrays } from './scratch.js';
import type { UnknownClasses } from './unknown.js';

export interface StuckPoint {
  /** Positions (in the partition) of the ops linearized, in order. */
  readonly prefix: readonly number[];
  /** The op whose return was reached without it being linearized. */
  readonly stuck: number;
  /** The ops that could have come next at that point (called, not linearized). */
  readonly pending: readonly number[];
}

export class DeepestStuck {
  /** The stack depth of the record; -1 before the first. Only deeper points replace it. */
  depth = -1;
  private readonly ops: Int32Array;
  /** How much of `ops` still equals the live stack. */
  private unchanged = 0;
  private stuck = -1;
  private returnEntry = -1;
  private pending: number[] = [];

  constructor(size: number, arrays: Arrays) {
    this.ops = arrays.int32.take(SLOT.stuckOps, size, false);
  }

  /** Records a stuck point deeper than the last (call when depth > this.depth): `stack` holds the ops linearized. */
  record(list: EntryList, stack: Int32Array, depth: number, stuck: number, returnEntry: number): void {
    for (let i = this.unchanged; i < depth; i++) this.ops[i] = stack[i]!;
    this.unchanged = depth;
    this.depth = depth;
    this.stuck = stuck;
    this.returnEntry = returnEntry;
    this.pending = [];
    for (let e = list.next[HEAD]!; e !== returnEntry; e = list.next[e]!) if (list.kind[e] === KIND_CALL) this.pending.push(list.op[e]!);
  }

  /** The search popped its stack down to `depth`. */
  popped(depth: number): void {
    if (depth < this.unchanged) this.unchanged = depth;
  }

  point<S>(unknown: UnknownClasses<S>): StuckPoint {
    const prefix = Array.from(this.ops.subarray(0, this.depth));
    return { prefix, stuck: this.stuck, pending: this.pending.concat(unknown.pendingAfter(prefix, this.returnEntry)) };
  }
}
