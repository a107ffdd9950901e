/**
 * The deepest point where the search got stuck (a return reached before its op could
 * be linearized): the raw material of a counterexample. Kept during the one search,
 * at amortised O(1) per step: a new record copies only the part of the stack that
 * changed since the last one.
 */
import { EntryList, HEAD } from './entries.js';
import { SLOT, type Arrays } from './scratch.js';

export interface StuckPoint {
  /** Positions (in the partition) of the ops linearized, in order. */
  readonly prefix: readonly number[];
  /** The op whose return was reached without it being linearized. */
  readonly stuck: number;
  /** The ops that were pending (called, not linearized) at that point. */
  readonly pending: readonly number[];
}

export class DeepestStuck {
  /** The stack depth of the record; -1 before the first. Only deeper points replace it. */
  depth = -1;
  private readonly entries: Int32Array;
  /** How much of `entries` still equals the live stack. */
  private unchanged = 0;
  private stuck = -1;
  private pending: number[] = [];

  constructor(size: number, arrays: Arrays) {
    this.entries = arrays.int32.take(SLOT.stuckEntries, size, false);
  }

  /** Records a stuck point deeper than the last (call when depth > this.depth). */
  record(list: EntryList, stack: Int32Array, depth: number, stuck: number, returnEntry: number): void {
    for (let i = this.unchanged; i < depth; i++) this.entries[i] = stack[i]!;
    this.unchanged = depth;
    this.depth = depth;
    this.stuck = stuck;
    this.pending = [];
    for (let e = list.next[HEAD]!; e !== returnEntry; e = list.next[e]!) if (list.isCall[e] === 1) this.pending.push(list.op[e]!);
  }

  /** The search popped its stack down to `depth`. */
  popped(depth: number): void {
    if (depth < this.unchanged) this.unchanged = depth;
  }

  point(list: EntryList): StuckPoint {
    const prefix: number[] = [];
    for (let i = 0; i < this.depth; i++) prefix.push(list.op[this.entries[i]!]!);
    return { prefix, stuck: this.stuck, pending: this.pending };
  }
}
