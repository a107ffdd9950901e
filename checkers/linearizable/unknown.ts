/**
 * Ops whose outcome is unknown (`info`, or never completed). Each may have taken effect
 * at any time after its call, or never, so:
 *
 * - Identical ones (same f, key and input) are interchangeable, and all "return at the
 *   end": they form a class whose members are linearized in call order. (A
 *   linearization that uses a later member and not an earlier one stays valid with the
 *   earlier one in its place; one that uses both in the other order, with the two
 *   swapped.)
 * - Where one changes nothing, leaving it out explains as much: the search linearizes
 *   unknown ops only where they change the state. Which classes do, from a state, is
 *   worked out once per state (`movesFrom`), for the classes called so far.
 */
import type { Operation } from '../history/types.js';
import type { EntryList } from './entries.js';
import type { Model } from './model.js';
import { SLOT, type Arrays } from './scratch.js';
import type { StateIds } from './states.js';
import { opHash, sameOp } from './symmetry.js';

const EMPTY = new Int32Array(0);

/** The classes that change a state, with the state each leads to. */
export interface Moves {
  readonly classes: number[];
  readonly next: number[];
  /** Classes 0..scanned-1 have been tried from this state. */
  scanned: number;
}

export class UnknownClasses<S> {
  /** Class c's members are members[start[c]] .. members[start[c + 1] - 1], in call order. */
  readonly start: Int32Array;
  readonly members: Int32Array;
  readonly count: number;
  /** Per class, its first member's call entry: classes are numbered in this order. */
  readonly firstCall: Int32Array;
  /** Per class, how many members are linearized (always its first ones). */
  readonly used: Int32Array;
  private readonly moves: Moves[] = [];
  private readonly callEntry: Int32Array;

  /** `list` gives the ops by call time, which are known, and each op's call entry. */
  constructor(
    private readonly ops: readonly Operation[],
    private readonly model: Model<S>,
    private readonly stateIds: StateIds<S>,
    list: EntryList,
    arrays: Arrays,
  ) {
    const n = ops.length;
    const { callOrder, isKnown } = list;
    this.callEntry = list.callEntry;
    if (list.knownCount === n) {
      this.count = 0;
      this.start = this.firstCall = this.used = this.members = EMPTY;
      return;
    }
    const classOf = arrays.int32.take(SLOT.unknownClassOf, n, false);
    // By hash, the last class with it; classes with equal hashes chain through `sameHash`.
    const byHash = new Map<number, number>();
    const sameHash: number[] = [];
    const first: Operation[] = [];
    const sizes: number[] = [];
    for (let k = 0; k < n; k++) {
      const i = callOrder[k]!;
      if (isKnown[i] === 1) continue;
      const op = ops[i]!;
      const hash = opHash(op);
      let c = byHash.get(hash) ?? -1;
      while (c >= 0 && !sameOp(first[c]!, op)) c = sameHash[c]!;
      if (c < 0) {
        c = sizes.length;
        sameHash.push(byHash.get(hash) ?? -1);
        byHash.set(hash, c);
        first.push(op);
        sizes.push(0);
      }
      classOf[i] = c;
      sizes[c]!++;
    }
    this.count = sizes.length;
    this.start = arrays.int32.take(SLOT.unknownStart, this.count + 1, false);
    this.firstCall = arrays.int32.take(SLOT.unknownFirstCall, this.count, false);
    this.used = arrays.int32.take(SLOT.unknownUsed, this.count, true);
    let offset = 0;
    for (let c = 0; c < this.count; c++) {
      this.start[c] = offset;
      offset += sizes[c]!;
    }
    this.start[this.count] = offset;
    this.members = arrays.int32.take(SLOT.unknownMembers, offset, false);
    const fill = arrays.int32.take(SLOT.unknownFill, this.count, false);
    for (let c = 0; c < this.count; c++) fill[c] = this.start[c]!;
    for (let k = 0; k < n; k++) {
      const i = callOrder[k]!;
      if (isKnown[i] === 1) continue;
      const c = classOf[i]!;
      if (fill[c] === this.start[c]) this.firstCall[c] = this.callEntry[i]!;
      this.members[fill[c]!++] = i;
    }
  }

  /** The next member of class c not linearized, or -1 when all are. */
  head(c: number): number {
    const at = this.start[c]! + this.used[c]!;
    return at < this.start[c + 1]! ? this.members[at]! : -1;
  }

  /** Whether class c has a member not linearized that was called before entry `bound`. */
  available(c: number, bound: number): boolean {
    const at = this.start[c]! + this.used[c]!;
    return at < this.start[c + 1]! && this.callEntry[this.members[at]!]! < bound;
  }

  /** The classes first called before `bound` that change state `stateId` (whose state is `state`). */
  movesFrom(stateId: number, state: S, bound: number): Moves {
    let moves = this.moves[stateId];
    if (moves === undefined) this.moves[stateId] = moves = { classes: [], next: [], scanned: 0 };
    const { firstCall, model, ops, stateIds } = this;
    for (let c = moves.scanned; c < this.count && firstCall[c]! < bound; c++) {
      const next = model.step(state, ops[this.members[this.start[c]!]!]!);
      moves.scanned = c + 1;
      if (next === undefined) continue;
      const nextId = next === state ? stateId : stateIds.idOf(next);
      if (nextId === stateId) continue;
      moves.classes.push(c);
      moves.next.push(nextId);
    }
    return moves;
  }

  /** The next members not linearized, called before `bound`, once the ops in `prefix` are linearized. */
  pendingAfter(prefix: readonly number[], bound: number): number[] {
    if (this.count === 0) return [];
    const used = new Map<number, number>();
    const memberOf = new Map<number, number>();
    for (let c = 0; c < this.count; c++) for (let m = this.start[c]!; m < this.start[c + 1]!; m++) memberOf.set(this.members[m]!, c);
    for (const op of prefix) {
      const c = memberOf.get(op);
      if (c !== undefined) used.set(c, (used.get(c) ?? 0) + 1);
    }
    const pending: number[] = [];
    for (let c = 0; c < this.count; c++) {
      const at = this.start[c]! + (used.get(c) ?? 0);
      if (at < this.start[c + 1]! && this.callEntry[this.members[at]!]! < bound) pending.push(this.members[at]!);
    }
    return pending;
  }
}
