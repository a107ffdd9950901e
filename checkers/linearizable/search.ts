/**
 * The WGL search (Wing & Gong, with Lowe's memoisation), iterative: walk the
 * call/return list from its head, linearize the first call whose op the model allows
 * and whose configuration is new, and backtrack when a return is reached whose op is
 * not linearized yet. One partition of the history at a time; a search can pause
 * after a number of steps and go on later, so that partitions can take turns.
 *
 * Ops whose outcome is unknown may have taken effect at any time after their call, or
 * never. So the search is done once every known op is linearized, and it linearizes
 * an unknown op only where it changes the state (anywhere else, leaving it out
 * explains the same), and only once the known ops that could come next have been
 * tried. Identical unknown ops form one candidate (symmetry.ts).
 */
import type { Operation } from '../history/types.js';
import { Bitset, saltsFor } from './bitset.js';
import { EntryList, HEAD, KIND_RETURN } from './entries.js';
import { Memo, ROOT } from './memo.js';
import type { Model } from './model.js';
import { scratch, SLOT, type Arrays } from './scratch.js';
import { StateIds } from './states.js';
import { DeepestStuck, type StuckPoint } from './stuck.js';
import { twinsOf } from './symmetry.js';
import { UnknownClasses, type Moves } from './unknown.js';

export type { StuckPoint } from './stuck.js';

export interface SearchBudget {
  /** Date.now() past which the search gives up. */
  readonly deadline: number;
  /** Bytes the memo may hold before the search gives up. */
  readonly memoryBytes: number;
}

export type SearchOutcome =
  | { readonly kind: 'valid'; readonly steps: number }
  | { readonly kind: 'invalid'; readonly steps: number; readonly deepest: StuckPoint }
  | {
      readonly kind: 'unknown';
      readonly steps: number;
      readonly reason: 'time' | 'memory';
      readonly deepestPrefix: number;
      /** The op (its position in the partition) whose return the search got stuck at furthest along the history, or -1. */
      readonly stuckAt: number;
    };

export interface SearchTuning {
  /** Symmetry pruning of known ops starts once the search has backtracked this many times per op (default 4). */
  readonly twinsAfterBacktracksPerOp?: number;
}

const CHECK_EVERY = 4096;
/**
 * `stackBound` of a known read-only op (`Model.readOnly`). Such an op, once called and
 * possible, can be linearized at once: any linearization from here that has it later
 * stays valid with it moved here (it changes no state wherever it is, and every op not
 * linearized returns after its call). So when that fails, this configuration fails,
 * and its other candidates need no trying.
 */
const FORCED = -2;
/** Steps from this many states are kept for every op (registers of a few values have no more). */
const TABLE_STATES = 16;
const NO_TWINS: Int32Array = new Int32Array(0);
/**
 * A near-linear search seldom backtracks, and finding the twins costs about as much as
 * searching once through. Pruning can be switched on at any point (every
 * configuration reached is one from which a search that honours it is still
 * complete), so it waits until the search backtracks a few times per op.
 */
const TWINS_AFTER_BACKTRACKS_PER_OP = 4;

/** Searches to the end, with scratch arrays. */
export function searchPartition<S>(ops: readonly Operation[], model: Model<S>, budget: SearchBudget, tuning: SearchTuning = {}): SearchOutcome {
  return new PartitionSearch(ops, model, budget, scratch, tuning).run(Infinity)!;
}

export class PartitionSearch<S> {
  private readonly list: EntryList;
  private readonly unknown: UnknownClasses<S>;
  private readonly linearized: Bitset;
  private readonly memo: Memo;
  private readonly stateIds: StateIds<S>;
  private readonly stuck: DeepestStuck;
  /**
   * Per depth: the entry taken (for an unknown op, its index in the moves), the op
   * linearized, the state before it, the bound then (see `bound`), and (one deeper, in
   * `path`) the memo entry after it.
   */
  private readonly stackEntry: Int32Array;
  private readonly stackOp: Int32Array;
  private readonly stackStateId: Int32Array;
  private readonly stackState: S[];
  private readonly stackBound: Int32Array;
  private readonly path: Int32Array;
  /**
   * Each known op's step from each of the first TABLE_STATES states (the state it
   * leads to + 2, 1 when rejected, 0 not yet taken); from later states, the last step:
   * from which state id, to which (-1: rejected), and the state.
   */
  private readonly stepTable: Int32Array;
  private readonly stepFrom: Int32Array;
  private readonly stepTo: Int32Array;
  private readonly stepState: Array<S | undefined>;
  private readonly twinsAfter: number;
  private twin = NO_TWINS;
  private entry: number;
  /**
   * -1 while trying the known ops called before the first return in the list (`entry`
   * walks the list); then that return's entry, while trying the unknown classes called
   * before it (`entry` walks the moves from the state).
   */
  private bound = -1;
  /** The configuration is known to fail: backtrack out of it. */
  private failing = false;
  private depth = 0;
  /** Known ops linearized: the search is done when all are. */
  private knownDone = 0;
  /** The Zobrist hash of the known ops linearized (bitset.ts). */
  private knownHash = 0;
  private state: S;
  private stateId: number;
  private steps = 0;
  private backtracks = 0;
  private maxDepth = 0;

  constructor(
    private readonly ops: readonly Operation[],
    private readonly model: Model<S>,
    private readonly budget: SearchBudget,
    private readonly arrays: Arrays,
    tuning: SearchTuning = {},
  ) {
    const n = ops.length;
    this.list = new EntryList(ops, arrays);
    this.stateIds = new StateIds(model);
    this.unknown = new UnknownClasses(ops, model, this.stateIds, this.list, arrays);
    this.linearized = new Bitset(n, arrays);
    this.memo = new Memo(2 * n, arrays);
    this.stuck = new DeepestStuck(n, arrays);
    this.stackEntry = arrays.int32.take(SLOT.searchStackEntry, n, false);
    this.stackOp = arrays.int32.take(SLOT.searchStackOp, n, false);
    this.stackStateId = arrays.int32.take(SLOT.searchStackStateId, n, false);
    this.stackState = new Array(n);
    this.stackBound = arrays.int32.take(SLOT.searchStackBound, n, false);
    this.path = arrays.int32.take(SLOT.searchPath, n + 1, false);
    this.path[0] = ROOT;
    this.stepTable = arrays.int32.take(SLOT.searchStepTable, n * TABLE_STATES, true);
    this.stepFrom = arrays.int32.take(SLOT.searchStepFrom, n, false).fill(-1, 0, n);
    this.stepTo = arrays.int32.take(SLOT.searchStepTo, n, false);
    this.stepState = new Array(n);
    this.twinsAfter = (tuning.twinsAfterBacktracksPerOp ?? TWINS_AFTER_BACKTRACKS_PER_OP) * n;
    this.state = model.init();
    this.stateId = this.stateIds.idOf(this.state);
    this.entry = this.list.next[HEAD]!;
  }

  /** Bytes held by the memo. */
  get memoBytes(): number {
    return this.memo.bytes;
  }

  /** How far a paused search has got. */
  get progress(): { steps: number; deepestPrefix: number; stuckAt: number } {
    return { steps: this.steps, deepestPrefix: this.maxDepth, stuckAt: this.stuck.furthestOp };
  }

  /** Searches for up to `maxSteps` more steps: the outcome, or null when it paused. */
  run(maxSteps: number): SearchOutcome | null {
    const { ops, model, list, unknown, linearized, memo, stateIds, stuck, stackEntry, stackOp, stackStateId, stackState, stackBound, path } = this;
    const { stepFrom, stepTo, stepState, stepTable } = this;
    const { next: nextEntry, op: opOf, kind: kindOf } = list;
    const { used } = unknown;
    const knownCount = list.knownCount;
    const salts = saltsFor(ops.length);
    const stopAt = this.steps + maxSteps;
    let { entry, bound, failing, depth, state, stateId, steps, maxDepth, twin, knownDone, knownHash, backtracks } = this;
    /** While `bound` >= 0: the unknown classes that change the state. */
    let moves: Moves | null = bound < 0 ? null : unknown.movesFrom(stateId, state, bound);

    if (knownDone === knownCount) return { kind: 'valid', steps };
    for (;;) {
      if (++steps % CHECK_EVERY === 0) {
        const reason = Date.now() > this.budget.deadline ? 'time' : memo.bytes > this.budget.memoryBytes ? 'memory' : null;
        if (reason !== null) return { kind: 'unknown', steps, reason, deepestPrefix: maxDepth, stuckAt: stuck.furthestOp };
      }
      if (steps > stopAt) {
        Object.assign(this, { entry, bound, failing, depth, state, stateId, steps: steps - 1, maxDepth, twin, knownDone, knownHash, backtracks });
        return null;
      }

      if (failing) {
        // A forced op failed from here: so does this configuration.
        failing = false;
      } else {
        if (moves === null) {
          // The known ops called before the first return.
          if (kindOf[entry] === KIND_RETURN) {
            bound = entry;
            moves = unknown.movesFrom(stateId, state, bound);
            entry = 0;
            continue;
          }
          const op = opOf[entry]!;
          const first = twin.length === 0 ? -1 : twin[op]!;
          if (first >= 0 && !linearized.has(first)) {
            entry = nextEntry[entry]!;
            continue;
          }
          let nextId: number;
          let next: S | undefined;
          if (stateId < TABLE_STATES) {
            // The first few states: every op's step from each, in a table (+2; 0: not yet).
            const cell = op * TABLE_STATES + stateId;
            const cached = stepTable[cell]!;
            if (cached !== 0) {
              nextId = cached - 2;
              next = nextId < 0 ? undefined : stateIds.state(nextId);
            } else {
              next = model.step(state, ops[op]!);
              nextId = next === undefined ? -1 : next === state ? stateId : stateIds.idOf(next);
              stepTable[cell] = nextId + 2;
            }
          } else if (stepFrom[op] === stateId) {
            nextId = stepTo[op]!;
            next = stepState[op];
          } else {
            next = model.step(state, ops[op]!);
            nextId = next === undefined ? -1 : next === state ? stateId : stateIds.idOf(next);
            stepFrom[op] = stateId;
            stepTo[op] = nextId;
            stepState[op] = next;
          }
          if (nextId >= 0) {
            linearized.set(op);
            const added = memo.add(knownHash ^ salts[op]!, knownDone + 1, nextId, path[depth]!, op, linearized);
            const forced = nextId === stateId && model.readOnly !== undefined && model.readOnly(ops[op]!);
            if (added < 0 && forced) {
              // Seen before, so it failed: so does this configuration.
              linearized.clear(op);
              failing = true;
              continue;
            }
            if (added >= 0) {
              if (++knownDone === knownCount) return { kind: 'valid', steps };
              knownHash ^= salts[op]!;
              stackEntry[depth] = entry;
              stackOp[depth] = op;
              stackState[depth] = state;
              stackStateId[depth] = stateId;
              stackBound[depth] = forced ? FORCED : -1;
              depth++;
              path[depth] = added;
              if (depth > maxDepth) maxDepth = depth;
              state = next!;
              stateId = nextId;
              list.lift(entry);
              entry = nextEntry[HEAD]!;
              continue;
            }
            linearized.clear(op);
          }
          entry = nextEntry[entry]!;
          continue;
        }

        if (entry < moves.classes.length) {
          // Then the unknown classes called before it that change the state.
          const c = moves.classes[entry]!;
          if (unknown.available(c, bound)) {
            const op = unknown.head(c);
            const nextId = moves.next[entry]!;
            linearized.set(op);
            const added = memo.add(knownHash, knownDone, nextId, path[depth]!, op, linearized);
            if (added >= 0) {
              used[c]!++;
              stackEntry[depth] = entry;
              stackOp[depth] = op;
              stackState[depth] = state;
              stackStateId[depth] = stateId;
              stackBound[depth] = bound;
              depth++;
              path[depth] = added;
              if (depth > maxDepth) maxDepth = depth;
              state = stateIds.state(nextId);
              stateId = nextId;
              bound = -1;
              moves = null;
              entry = nextEntry[HEAD]!;
              continue;
            }
            linearized.clear(op);
          }
          entry++;
          continue;
        }

        // Nothing explains the op returning at `bound`: backtrack.
        if (twin.length === 0 && ++backtracks >= this.twinsAfter) twin = twinsOf(ops, list.knownByCall, knownCount, this.arrays);
        if (stuck.further(bound, knownDone, depth)) stuck.record(list, stackOp, depth, knownDone, opOf[bound]!, bound);
      }
      if (depth === 0) return { kind: 'invalid', steps, deepest: stuck.point(unknown) };
      memo.leave(path[depth]!);
      depth--;
      stuck.popped(depth);
      const undone = stackOp[depth]!;
      entry = stackEntry[depth]!;
      state = stackState[depth]!;
      stateId = stackStateId[depth]!;
      bound = stackBound[depth]!;
      linearized.clear(undone);
      if (bound < 0) {
        list.unlift(entry);
        knownHash ^= salts[undone]!;
        knownDone--;
        moves = null;
        if (bound === FORCED) {
          bound = -1;
          failing = true;
          continue;
        }
        entry = nextEntry[entry]!;
      } else {
        moves = unknown.movesFrom(stateId, state, bound);
        used[moves.classes[entry]!]!--;
        entry++;
      }
    }
  }
}
