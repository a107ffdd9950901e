/**
 * Wing & Gong's linearizability search with Lowe's memoisation (as in Porcupine and
 * Knossos' wgl): walk the call/return list, linearize a pending call whenever the model
 * allows it and the resulting configuration is new, and backtrack when a return is
 * reached whose op is not linearized yet. One partition of the history at a time.
 */
import type { Operation } from '../history/types.js';
import { Bitset, makeSalts } from './bitset.js';
import { EntryList, HEAD } from './entries.js';
import { hashStateKey, Memo } from './memo.js';
import type { Model } from './model.js';

export interface SearchBudget {
  /** Date.now() past which the search gives up. */
  readonly deadline: number;
  /** Bytes the memo may hold before the search gives up. */
  readonly memoryBytes: number;
}

/** Where the deepest attempt got stuck: the raw material of a counterexample. */
export interface StuckPoint {
  /** Positions (in the partition) of the ops linearized, in order. */
  readonly prefix: readonly number[];
  /** The op whose return was reached without it being linearizable. */
  readonly stuck: number;
  /** The ops that were pending (called, not linearized) at that point. */
  readonly pending: readonly number[];
}

export type SearchOutcome =
  | { readonly kind: 'valid'; readonly steps: number }
  | { readonly kind: 'invalid'; readonly steps: number; readonly deepest: StuckPoint }
  | { readonly kind: 'unknown'; readonly steps: number; readonly reason: 'time' | 'memory'; readonly deepestPrefix: number };

const CHECK_EVERY = 4096;

/**
 * With `explain`, the search also remembers the deepest point where it got stuck
 * (copying the prefix each time it goes deeper): run it only on a partition already
 * known to be invalid.
 */
export function searchPartition<S>(
  ops: readonly Operation[],
  model: Model<S>,
  budget: SearchBudget,
  explain = false,
): SearchOutcome {
  const n = ops.length;
  const list = new EntryList(ops);
  const linearized = new Bitset(n, makeSalts(n));
  const memo = new Memo(linearized.words.length);
  const stackEntry = new Int32Array(n);
  const stackState: S[] = new Array(n);
  let depth = 0;
  let state = model.init();
  let steps = 0;
  let deepest: StuckPoint | null = null;
  let maxDepth = 0;

  let entry = list.next[HEAD]!;
  while (entry !== list.tail) {
    if (++steps % CHECK_EVERY === 0) {
      const reason = Date.now() > budget.deadline ? 'time' : memo.bytes > budget.memoryBytes ? 'memory' : null;
      if (reason !== null) return { kind: 'unknown', steps, reason, deepestPrefix: maxDepth };
    }
    const op = list.op[entry]!;
    if (list.isCall[entry] === 1) {
      const next = model.step(state, ops[op]!);
      if (next !== undefined) {
        linearized.set(op);
        const key = model.key(next);
        if (memo.add(linearized.hash ^ hashStateKey(key), linearized.words, key)) {
          stackEntry[depth] = entry;
          stackState[depth] = state;
          depth++;
          if (depth > maxDepth) maxDepth = depth;
          state = next;
          list.lift(entry);
          entry = list.next[HEAD]!;
          continue;
        }
        linearized.clear(op);
      }
      entry = list.next[entry]!;
    } else {
      if (explain && (deepest === null || depth > deepest.prefix.length)) deepest = stuckAt(list, stackEntry, depth, op, entry);
      if (depth === 0) return { kind: 'invalid', steps, deepest: deepest ?? stuckAt(list, stackEntry, 0, op, entry) };
      depth--;
      entry = stackEntry[depth]!;
      state = stackState[depth]!;
      linearized.clear(list.op[entry]!);
      list.unlift(entry);
      entry = list.next[entry]!;
    }
  }
  return { kind: 'valid', steps };
}

function stuckAt(list: EntryList, stackEntry: Int32Array, depth: number, stuck: number, returnEntry: number): StuckPoint {
  const prefix: number[] = [];
  for (let i = 0; i < depth; i++) prefix.push(list.op[stackEntry[i]!]!);
  const pending: number[] = [];
  for (let e = list.next[HEAD]!; e !== returnEntry; e = list.next[e]!) if (list.isCall[e] === 1) pending.push(list.op[e]!);
  return { prefix, stuck, pending };
}
