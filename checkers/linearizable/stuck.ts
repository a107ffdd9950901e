/**
 * The furthest point where the search got stuck (a return reached before its op could
 * be linearized): the raw material of a counterexample. Furthest is the latest such
 * return in the history, then the most known ops linearized before it (ops of unknown
 * outcome do not count: chains of them lead nowhere further), then the fewest ops of
 * unknown outcome. Kept during the one
 * search, at amortised O(1) per step: a new record copies only the part of the stack
 * that changed since the last one.
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
  /** The stack depth of the record; -1 before the first. */
  private depth = -1;
  /** The record's return entry and known ops linearized: only a later return, or as many with more, replace it. */
  private returnEntry = -1;
  private known = -1;
  private readonly ops: Int32Array;
  /** How much of `ops` still equals the live stack. */
  private unchanged = 0;
  private stuck = -1;
  private pending: number[] = [];

  constructor(size: number, arrays: Arrays) {
    this.ops = arrays.int32.take(SLOT.stuckOps, size, false);
  }

  /**
   * Whether getting stuck at `returnEntry` with `known` known ops linearized, `depth` in
   * all, is further than the record (as far with fewer ops of unknown outcome is
   * simpler to follow).
   */
  further(returnEntry: number, known: number, depth: number): boolean {
    if (returnEntry !== this.returnEntry) return returnEntry > this.returnEntry;
    return known > this.known || (known === this.known && depth < this.depth);
  }

  /** Records a stuck point that is `further` than the last: `stack` holds the ops linearized. */
  record(list: EntryList, stack: Int32Array, depth: number, known: number, stuck: number, returnEntry: number): void {
    for (let i = this.unchanged; i < depth; i++) this.ops[i] = stack[i]!;
    this.unchanged = depth;
    this.depth = depth;
    this.known = known;
    this.stuck = stuck;
    this.returnEntry = returnEntry;
    this.pending = [];
    for (let e = list.next[HEAD]!; e !== returnEntry; e = list.next[e]!) if (list.kind[e] === KIND_CALL) this.pending.push(list.op[e]!);
  }

  /** The op of the furthest stuck point so far, or -1. */
  get furthestOp(): number {
    return this.stuck;
  }

  /** The search popped its stack down to `depth`. */
  popped(depth: number): void {
    if (depth < this.unchanged) this.unchanged = depth;
  }

  point<S>(unknown: UnknownClasses<S>): StuckPoint {
    const prefix: number[] = [];
    for (let i = 0; i < this.depth; i++) prefix.push(this.ops[i]!);
    const pending = unknown.count === 0 ? this.pending : this.pending.concat(unknown.pendingAfter(prefix, this.returnEntry));
    return { prefix, stuck: this.stuck, pending };
  }
}
