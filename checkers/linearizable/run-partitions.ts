/**
 * Where the partitions are searched: in this thread, or on worker threads. Sending a
 * partition to a worker costs a few microseconds per op (structured cloning there and
 * back, and the pool's start), far more than searching it when it is easy; so the
 * partitions are searched here first, and the rest go to workers only once the ones
 * done show a cost per op that the transfer pays for. The first partition that is
 * not valid stops the rest.
 */
import { availableParallelism } from 'node:os';
import type { Operation } from '../history/types.js';
import type { Model } from './model.js';
import type { ModelSpec } from './models/index.js';
import { outcomeOf, type PartitionOutcome, type PartitionTask } from './partition-task.js';
import { compiledWorkerFile, runOnWorkers } from './pool.js';
import { searchPartition, type SearchBudget } from './search.js';

/** Hand off only after this long in this thread... */
const HANDOFF_AFTER_MS = 250;
/** ...when the partitions done cost more than this per op (the transfer's cost, twice over)... */
const HANDOFF_MS_PER_OP = 0.01;
/** ...and the rest would take longer than this here (workers start cold, in the interpreter). */
const HANDOFF_REMAINING_MS = 1000;
const BATCHES_PER_THREAD = 4;

export interface Placement {
  readonly spec: ModelSpec;
  readonly model: Model<unknown>;
  readonly budget: SearchBudget;
  /** Worker threads; undefined chooses as above, 0 keeps every partition in this thread. */
  readonly workers: number | undefined;
}

/** Outcomes by partition index, up to and including the first that is not valid. */
export async function runPartitions(partitions: readonly (readonly Operation[])[], placement: Placement): Promise<PartitionOutcome[]> {
  const { workers } = placement;
  if (workers !== undefined && workers > 1) {
    const onWorkers = await toWorkers(partitions, 0, placement, workers);
    if (onWorkers !== null) return onWorkers;
  }
  const started = performance.now();
  const outcomes: PartitionOutcome[] = [];
  let opsDone = 0;
  let opsLeft = 0;
  for (const partition of partitions) opsLeft += partition.length;
  for (let index = 0; index < partitions.length; index++) {
    const outcome = outcomeOf(index, searchPartition(partitions[index]!, placement.model, placement.budget));
    outcomes.push(outcome);
    if (outcome.kind !== 'valid') return outcomes;
    opsDone += partitions[index]!.length;
    opsLeft -= partitions[index]!.length;
    const elapsed = performance.now() - started;
    const msPerOp = elapsed / opsDone;
    if (
      workers === undefined &&
      index + 2 < partitions.length &&
      elapsed > HANDOFF_AFTER_MS &&
      msPerOp > HANDOFF_MS_PER_OP &&
      msPerOp * opsLeft > HANDOFF_REMAINING_MS
    ) {
      const rest = await toWorkers(partitions, index + 1, placement, availableParallelism());
      if (rest !== null) return outcomes.concat(rest);
    }
  }
  return outcomes;
}

/** Null when there is no compiled worker to run (under a TypeScript loader without dist/). */
async function toWorkers(
  partitions: readonly (readonly Operation[])[],
  from: number,
  placement: Placement,
  threads: number,
): Promise<PartitionOutcome[] | null> {
  const workerFile = compiledWorkerFile();
  const count = Math.min(threads, partitions.length - from);
  if (workerFile === null || count < 2) return null;
  const outcomes = await runOnWorkers(workerFile, batches(partitions, from, placement, count), count);
  return outcomes.sort((a, b) => a.index - b.index);
}

/** Deals partitions into batches, largest first, so that the threads finish together. */
function batches(partitions: readonly (readonly Operation[])[], from: number, placement: Placement, threads: number): PartitionTask[] {
  const { spec, budget } = placement;
  const order: number[] = [];
  for (let index = from; index < partitions.length; index++) order.push(index);
  order.sort((a, b) => partitions[b]!.length - partitions[a]!.length);
  const count = Math.min(order.length, threads * BATCHES_PER_THREAD);
  const bins: Array<Array<{ index: number; ops: readonly Operation[] }>> = Array.from({ length: count }, () => []);
  order.forEach((index, i) => bins[i % count]!.push({ index, ops: partitions[index]! }));
  const share: SearchBudget = { deadline: budget.deadline, memoryBytes: budget.memoryBytes / threads };
  return bins.map((bin) => ({ spec, budget: share, partitions: bin }));
}
