/**
 * The WGL search (Wing & Gong, with Lowe's memoisation), iterative: walk the
 * call/return list from its head, linearize the first call whose op the model allows
 * and whose configuration is new, and backtrack when a return is reached whose op is
 * not linearized yet. One partition of the history at a time.
 */
import type { Operation } from '../history/types.js';
import { Bitset } from './bitset.js';
import { EntryList, HEAD } from './entries.js';
import { Memo } from './memo.js';
import { scratch } from './scratch.js';
import type { Model } from './model.js';
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

const CHECK_EVERY = 4096;
const NO_TWINS: Int32Array = new Int32Array(0);
/**
 * A near-linear search visits each of the 2n entries once or twice. Pruning can be
 * switched on at any point (every configuration reached is one from which a search
 * that honours it is still complete), so it waits until the search has done more.
 */
const TWINS_AFTER_STEPS_PER_OP = 8;

export interface SearchTuning {
  /** Symmetry pruning starts once the search has taken this many steps per op (default 8). */
  readonly twinsAfterStepsPerOp?: number;
}

export function searchPartition<S>(
  ops: readonly Operation[],
  model: Model<S>,
  budget: SearchBudget,
  tuning: SearchTuning = {},
): SearchOutcome {
  const n = ops.length;
  const list = new EntryList(ops);
  const { next: nextEntry, op: opOf, isCall } = list;
  const linearized = new Bitset(n);
  const memo = new Memo(linearized.wordCount, 2 * n);
  const stateIds = new StateIds(model);
  const stuck = new DeepestStuck(n);
  const stackEntry = scratch.int32.take('search.stackEntry', n, false);
  const stackStateId = scratch.int32.take('search.stackStateId', n, false);
  const stackState: S[] = new Array(n);
  // Symmetry pruning pays only when the search backtracks a lot: worked out once it has.
  let twin = NO_TWINS;
  const twinsAfter = (tuning.twinsAfterStepsPerOp ?? TWINS_AFTER_STEPS_PER_OP) * n;
  let depth = 0;
  let state = model.init();
  let stateId = stateIds.idOf(state);
  let steps = 0;
  let maxDepth = 0;

  let entry = nextEntry[HEAD]!;
  while (entry !== list.tail) {
    if (++steps % CHECK_EVERY === 0) {
      const reason = Date.now() > budget.deadline ? 'time' : memo.bytes > budget.memoryBytes ? 'memory' : null;
      if (reason !== null) return { kind: 'unknown', steps, reason, deepestPrefix: maxDepth };
    }
    const op = opOf[entry]!;
    if (isCall[entry] === 1) {
      const first = twin.length === 0 ? -1 : twin[op]!;
      if (first < 0 || linearized.has(first)) {
        const next = model.step(state, ops[op]!);
        if (next !== undefined) {
          const nextId = next === state ? stateId : stateIds.idOf(next);
          linearized.set(op);
          if (memo.add(linearized.hash ^ stateSalt(nextId), linearized.words, nextId)) {
            stackEntry[depth] = entry;
            stackState[depth] = state;
            stackStateId[depth] = stateId;
            depth++;
            if (depth > maxDepth) maxDepth = depth;
            state = next;
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
      if (twin.length === 0 && steps >= twinsAfter) twin = twinsOf(ops, list.callOrder);
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
