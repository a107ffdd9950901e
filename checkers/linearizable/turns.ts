/**
 * Partitions take turns, as Porcupine's goroutines do: one hard valid partition must
 * not hide an easy invalid one behind it. Each partition first gets a turn long enough
 * for a near-linear search (most end there, on scratch arrays); those that need more
 * then take turns, each with arrays of its own, the turns growing from round to round.
 * The first partition that is not valid stops the rest.
 */
import type { Operation } from '../history/types.js';
import type { Model } from './model.js';
import { outcomeOf, type PartitionOutcome } from './partition-task.js';
import { fresh, scratch } from './scratch.js';
import { PartitionSearch, type SearchBudget } from './search.js';

export interface IndexedPartition {
  /** Its index in the whole check. */
  readonly index: number;
  readonly ops: readonly Operation[];
}

export interface TurnsResult {
  /** In the order they ended; the last is the first that was not valid, if any. */
  readonly outcomes: PartitionOutcome[];
  /** Partitions left unfinished when the turns stopped early (see `stopAfterMs`). */
  readonly unfinished: readonly IndexedPartition[];
}

const FIRST_TURN_STEPS_PER_OP = 16;
const FIRST_TURN_MIN_STEPS = 4096;
/** Later turns start at this many steps and double each round, so that long searches switch seldom. */
const FIRST_ROUND_STEPS = 1 << 13;
const LAST_ROUND_STEPS = 1 << 20;

/**
 * With `stopAfterMs`, the turns stop once they have gone on that long with at least
 * two partitions unfinished, and those are handed back (to go to worker threads).
 */
export function searchInTurns<S>(
  partitions: readonly IndexedPartition[],
  model: Model<S>,
  budget: SearchBudget,
  stopAfterMs = Infinity,
): TurnsResult {
  const outcomes: PartitionOutcome[] = [];
  let stopped = false;
  const done = (index: number, outcome: ReturnType<PartitionSearch<S>['run']>): boolean => {
    if (outcome === null) return false;
    outcomes.push(outcomeOf(index, outcome));
    if (outcome.kind !== 'valid') stopped = true;
    return true;
  };

  const deferred: IndexedPartition[] = [];
  for (const part of partitions) {
    const turn = partitions.length === 1 ? Infinity : Math.max(FIRST_TURN_MIN_STEPS, FIRST_TURN_STEPS_PER_OP * part.ops.length);
    if (!done(part.index, new PartitionSearch(part.ops, model, budget, scratch).run(turn))) deferred.push(part);
    else if (stopped) return { outcomes, unfinished: [] };
  }
  if (deferred.length === 1) {
    const [last] = deferred as [IndexedPartition];
    done(last.index, new PartitionSearch(last.ops, model, budget, scratch).run(Infinity));
    return { outcomes, unfinished: [] };
  }

  let live = deferred.map((part) => ({ part, search: new PartitionSearch(part.ops, model, budget, fresh) }));
  const started = performance.now();
  for (let turn = FIRST_ROUND_STEPS; live.length > 0; turn = Math.min(2 * turn, LAST_ROUND_STEPS)) {
    const next: typeof live = [];
    for (const l of live) {
      if (!done(l.part.index, l.search.run(turn))) next.push(l);
      else if (stopped) return { outcomes, unfinished: [] };
    }
    live = next;
    if (live.reduce((bytes, l) => bytes + l.search.memoBytes, 0) > budget.memoryBytes) {
      const biggest = live.reduce((a, b) => (b.search.memoBytes > a.search.memoBytes ? b : a));
      outcomes.push({ index: biggest.part.index, kind: 'unknown', reason: 'memory', ...biggest.search.progress });
      return { outcomes, unfinished: [] };
    }
    if (live.length >= 2 && performance.now() - started > stopAfterMs) return { outcomes, unfinished: live.map((l) => l.part) };
  }
  return { outcomes, unfinished: [] };
}
