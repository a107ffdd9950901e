/**
 * The WGL search (Wing & Gong, with Lowe's memoisation), iterative: walk the
 * call/return list from its head, linearize the first call whose op the model allows
 * and whose configuration is new, and backtrack when a return is reached whose op is
 * not linearized yet. One partition of the history at a time; a search can pause
 * after a number of steps and go on later, so that partitions can take turns.
 */
import type { Operation } from '../history/types.js';
import { Bitset } from './bitset.js';
import { EntryList, HEAD } from './entries.js';
import { Memo } from './memo.js';
import type { Model } from './model.js';
import { scratch, SLOT, type Arrays } from './scratch.js';
import { stateSalt, StateIds } from './states.js';
import { DeepestStuck, type StuckPoint } from './stuck.js';
import { twinsOf } from './symmetry.js';

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
  | { readonly kind: 'unknown'; readonly steps: number; readonly reason: 'time' | 'memory'; readonly deepestPrefix: number };

export interface SearchTuning {
  /** Symmetry pruning starts once the search has taken this many steps per op (default 8). */
  readonly twinsAfterStepsPerOp?: number;
}

const CHECK_EVERY = 4096;
const NO_TWINS: Int32Array = new Int32Array(0);
/**
 * A near-linear search visits each of the 2n entries once or twice. Pruning can be
 * switched on at any point (every configuration reached is one from which a search
 * that honours it is still complete), so it waits until the search has done more.
 */
const TWINS_AFTER_STEPS_PER_OP = 8;

/** Searches to the end, with scratch arrays. */
export function searchPartition<S>(ops: readonly Operation[], model: Model<S>, budget: SearchBudget, tuning: SearchTuning = {}): SearchOutcome {
  return new PartitionSearch(ops, model, budget, scratch, tuning).run(Infinity)!;
}

export class PartitionSearch<S> {
  private readonly list: EntryList;
  private readonly linearized: Bitset;
  private readonly memo: Memo;
  private readonly stateIds: StateIds<S>;
  private readonly stuck: DeepestStuck;
  private readonly stackEntry: Int32Array;
  private readonly stackStateId: Int32Array;
  private readonly stackState: S[];
  /** The last step of each op: from which state id, to which (-1: rejected), and the state. */
  private readonly stepFrom: Int32Array;
  private readonly stepTo: Int32Array;
  private readonly stepState: Array<S | undefined>;
  private readonly twinsAfter: number;
  private twin = NO_TWINS;
  private entry: number;
  private depth = 0;
  private state: S;
  private stateId: number;
  private steps = 0;
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
    this.linearized = new Bitset(n, arrays);
    this.memo = new Memo(this.linearized.wordCount, 2 * n, arrays);
    this.stateIds = new StateIds(model);
    this.stuck = new DeepestStuck(n, arrays);
    this.stackEntry = arrays.int32.take(SLOT.searchStackEntry, n, false);
    this.stackStateId = arrays.int32.take(SLOT.searchStackStateId, n, false);
    this.stackState = new Array(n);
    this.stepFrom = arrays.int32.take(SLOT.searchStepFrom, n, false).fill(-1, 0, n);
    this.stepTo = arrays.int32.take(SLOT.searchStepTo, n, false);
    this.stepState = new Array(n);
    this.twinsAfter = (tuning.twinsAfterStepsPerOp ?? TWINS_AFTER_STEPS_PER_OP) * n;
    this.state = model.init();
    this.stateId = this.stateIds.idOf(this.state);
    this.entry = this.list.next[HEAD]!;
  }

  /** Bytes held by the memo. */
  get memoBytes(): number {
    return this.memo.bytes;
  }

  /** How far a paused search has got. */
  get progress(): { steps: number; deepestPrefix: number } {
    return { steps: this.steps, deepestPrefix: this.maxDepth };
  }

  /** Searches for up to `maxSteps` more steps: the outcome, or null when it paused. */
  run(maxSteps: number): SearchOutcome | null {
    const { ops, model, list, linearized, memo, stateIds, stuck, stackEntry, stackStateId, stackState, stepFrom, stepTo, stepState } = this;
    const { next: nextEntry, op: opOf, isCall } = list;
    const stopAt = this.steps + maxSteps;
    let { entry, depth, state, stateId, steps, maxDepth, twin } = this;

    while (entry !== list.tail) {
      if (++steps % CHECK_EVERY === 0) {
        const reason = Date.now() > this.budget.deadline ? 'time' : memo.bytes > this.budget.memoryBytes ? 'memory' : null;
        if (reason !== null) return { kind: 'unknown', steps, reason, deepestPrefix: maxDepth };
      }
      if (steps > stopAt) {
        Object.assign(this, { entry, depth, state, stateId, steps: steps - 1, maxDepth, twin });
        return null;
      }
      const op = opOf[entry]!;
      if (isCall[entry] === 1) {
        const first = twin.length === 0 ? -1 : twin[op]!;
        if (first < 0 || linearized.has(first)) {
          let nextId: number;
          let next: S | undefined;
          if (stepFrom[op] === stateId) {
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
            if (memo.add(linearized.hash ^ stateSalt(nextId), linearized.words, nextId)) {
              stackEntry[depth] = entry;
              stackState[depth] = state;
              stackStateId[depth] = stateId;
              depth++;
              if (depth > maxDepth) maxDepth = depth;
              state = next!;
              stateId = nextId;
              list.lift(entry);
              entry = nextEntry[HEAD]!;
              continue;
            }
            linearized.clear(op);
          }
        }
        entry = nextEntry[entry]!;
      } else {
        if (twin.length === 0 && steps >= this.twinsAfter) twin = twinsOf(ops, list.callOrder, this.arrays);
        if (depth > stuck.depth) stuck.record(list, stackEntry, depth, op, entry);
        if (depth === 0) return { kind: 'invalid', steps, deepest: stuck.point(list) };
        depth--;
        stuck.popped(depth);
        entry = stackEntry[depth]!;
        state = stackState[depth]!;
        stateId = stackStateId[depth]!;
        linearized.clear(opOf[entry]!);
        list.unlift(entry);
        entry = nextEntry[entry]!;
      }
    }
    return { kind: 'valid', steps };
  }
}
