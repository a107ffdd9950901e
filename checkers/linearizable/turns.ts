/**
 * Partitions take turns, as Porcupine's goroutines do: one hard valid partition must
 * not hide an easy invalid one, wherever the two are in the history.
 *
 * Each partition first gets a turn long enough for a near-linear search (most end
 * there, on scratch arrays). One that needs more goes on with arrays of its own,
 * among the "live" searches, which share the time half and half with the partitions
 * not started yet: after each first turn, the live searches take turns for as many
 * steps as it used, each turn twice as long as that search's last. Partitions start in
 * an order that spreads over the list (first, last, middle, quarters, …), so no stretch
 * of the history waits behind another. The first partition that is not valid stops
 * the rest.
 */
import type { Operation } from '../history/types.js';
import type { Model } from './model.js';
import { outcomeOf, type PartitionOutcome } from './partition-task.js';
import { fresh, scratch } from './scratch.js';
import { PartitionSearch, type SearchBudget, type SearchOutcome } from './search.js';

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

const NONE_UNFINISHED: readonly IndexedPartition[] = [];
const FIRST_TURN_STEPS_PER_OP = 16;
const FIRST_TURN_MIN_STEPS = 4096;
/** A live search's turns start at this many steps and double, so that long searches switch seldom. */
const FIRST_LIVE_TURN = 1 << 13;
const LAST_LIVE_TURN = 1 << 20;

interface Live<S> {
  readonly part: IndexedPartition;
  readonly search: PartitionSearch<S>;
  turn: number;
}

/**
 * With `stopAfterMs`, once every partition has had its first turn, the turns stop when
 * they have taken that much processor time with at least two searches still going, and
 * those are handed back (to go to worker threads). Processor time, not wall time: a
 * machine busy with other work must not make the handover come sooner.
 */
export function searchInTurns<S>(partitions: readonly IndexedPartition[], model: Model<S>, budget: SearchBudget, stopAfterMs = Infinity): TurnsResult {
  if (partitions.length === 1) {
    // Alone, it needs no turns (and a tiny check no set-up for them).
    const part = partitions[0]!;
    return { outcomes: [outcomeOf(part.index, new PartitionSearch(part.ops, model, budget, scratch).run(Infinity)!)], unfinished: NONE_UNFINISHED };
  }
  const outcomes: PartitionOutcome[] = [];
  // Reading the processor time costs a system call: only for checks that could run long.
  const started = stopAfterMs < Infinity && partitions.length > 1 ? process.cpuUsage() : null;
  const live: Array<Live<S>> = [];
  let next = 0;
  /** Ends a partition; true when it stops the check. */
  const end = (part: IndexedPartition, outcome: SearchOutcome): boolean => {
    outcomes.push(outcomeOf(part.index, outcome));
    return outcome.kind !== 'valid';
  };
  const stop = (): TurnsResult => ({ outcomes, unfinished: NONE_UNFINISHED });
  /** Gives `live[next]` one turn of at most `limit` steps; `stops` when that stops the check. */
  const serve = (limit: number): { steps: number; stops: boolean } => {
    const l = live[next]!;
    const before = l.search.progress.steps;
    const outcome = l.search.run(Math.min(l.turn, limit));
    const steps = l.search.progress.steps - before;
    l.turn = Math.min(2 * l.turn, LAST_LIVE_TURN);
    if (outcome === null) {
      next = (next + 1) % live.length;
      return { steps, stops: false };
    }
    live.splice(next, 1);
    if (next >= live.length) next = 0;
    return { steps: outcome.steps - before, stops: end(l.part, outcome) };
  };
  const overMemory = (): PartitionOutcome | null => {
    if (live.reduce((bytes, l) => bytes + l.search.memoBytes, 0) <= budget.memoryBytes) return null;
    const biggest = live.reduce((a, b) => (b.search.memoBytes > a.search.memoBytes ? b : a));
    return { index: biggest.part.index, kind: 'unknown', reason: 'memory', ...biggest.search.progress };
  };

  const order = spreadOrder(partitions.length);
  for (let k = 0; k < order.length; k++) {
    const part = partitions[order[k]!]!;
    const turn = partitions.length === 1 ? Infinity : Math.max(FIRST_TURN_MIN_STEPS, FIRST_TURN_STEPS_PER_OP * part.ops.length);
    const first = new PartitionSearch(part.ops, model, budget, scratch);
    const outcome = first.run(turn);
    if (outcome !== null) {
      if (end(part, outcome)) return stop();
    } else {
      live.push({ part, search: new PartitionSearch(part.ops, model, budget, fresh), turn: FIRST_LIVE_TURN });
    }
    // The live searches get as many steps as this first turn took.
    for (let owed = outcome?.steps ?? turn; owed > 0 && live.length > 0; ) {
      const served = serve(Math.max(owed, FIRST_LIVE_TURN));
      if (served.stops) return stop();
      owed -= served.steps;
    }
    const memory = overMemory();
    if (memory !== null) return { outcomes: [...outcomes, memory], unfinished: NONE_UNFINISHED };
  }
  // Only searches that outlast their first turn are worth sending to a worker (each op
  // sent costs microseconds), and only once every partition has started here.
  while (live.length > 0) {
    const served = serve(Infinity);
    if (served.stops) return stop();
    if (next === 0) {
      const memory = overMemory();
      if (memory !== null) return { outcomes: [...outcomes, memory], unfinished: NONE_UNFINISHED };
      if (live.length >= 2 && started !== null && cpuMsSince(started) > stopAfterMs) return { outcomes, unfinished: live.map((l) => l.part) };
    }
  }
  return { outcomes, unfinished: NONE_UNFINISHED };
}

/**
 * 0..n-1 in an order that spreads over the range: the ends, then the middle, then the
 * middles of the halves, and so on (each stretch of the range is reached after about
 * as many partitions as it is a fraction of the whole).
 */
const NONE: readonly number[] = [];
const ONE: readonly number[] = [0];
const TWO: readonly number[] = [0, 1];

export function spreadOrder(n: number): readonly number[] {
  if (n <= 2) return n === 0 ? NONE : n === 1 ? ONE : TWO;
  const order = [0, n - 1];
  const intervals: Array<readonly [number, number]> = [[0, n - 1]];
  for (let i = 0; i < intervals.length; i++) {
    const [lo, hi] = intervals[i]!;
    if (hi - lo < 2) continue;
    const mid = (lo + hi) >>> 1;
    order.push(mid);
    intervals.push([lo, mid], [mid, hi]);
  }
  return order;
}

function cpuMsSince(start: NodeJS.CpuUsage): number {
  const used = process.cpuUsage(start);
  return (used.user + used.system) / 1000;
}
