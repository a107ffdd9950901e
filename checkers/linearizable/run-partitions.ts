/**
 * Where the partitions are searched: in this thread, or on worker threads. Sending a
 * partition to a worker costs a few microseconds per op (structured cloning there and
 * back), and a worker starts cold (its JIT has seen nothing): far more than searching
 * an easy partition. So the partitions are searched here first, in turns (turns.ts),
 * and go to workers only when some are still unfinished after a second of turns. The
 * first partition that is not valid stops the rest.
 */
import { availableParallelism } from 'node:os';
import type { Operation } from '../history/types.js';
import type { Model } from './model.js';
import type { ModelSpec } from './models/index.js';
import type { PartitionOutcome, PartitionTask } from './partition-task.js';
import { compiledWorkerFile, runOnWorkers } from './pool.js';
import type { SearchBudget } from './search.js';
import { searchInTurns, type IndexedPartition, type TurnsResult } from './turns.js';

/** Partitions still unfinished after this long in turns here go to worker threads (which start cold). */
const HANDOFF_AFTER_MS = 1000;
const BATCHES_PER_THREAD = 4;

export interface Placement {
  readonly spec: ModelSpec;
  readonly model: Model<unknown>;
  readonly budget: SearchBudget;
  /** Worker threads; undefined chooses as above, 0 keeps every partition in this thread. */
  readonly workers: number | undefined;
}

/**
 * Outcomes by partition index, up to and including the first that is not valid: at
 * once when every partition was searched in this thread.
 */
export function runPartitions(partitions: readonly (readonly Operation[])[], placement: Placement): PartitionOutcome[] | Promise<PartitionOutcome[]> {
  const { workers } = placement;
  const indexed = partitions.map((ops, index) => ({ index, ops }));
  if (workers !== undefined && workers > 1) return onWorkersFirst(indexed, placement, workers);
  return inTurnsFirst(indexed, placement);
}

async function onWorkersFirst(indexed: readonly IndexedPartition[], placement: Placement, workers: number): Promise<PartitionOutcome[]> {
  return (await toWorkers(indexed, placement, workers)) ?? inTurnsFirst(indexed, placement);
}

/** In turns here; the partitions still unfinished after HANDOFF_AFTER_MS go to workers. */
function inTurnsFirst(indexed: readonly IndexedPartition[], placement: Placement): PartitionOutcome[] | Promise<PartitionOutcome[]> {
  const here = searchInTurns(indexed, placement.model, placement.budget, placement.workers === undefined ? HANDOFF_AFTER_MS : Infinity);
  return here.unfinished.length === 0 ? byIndex(here.outcomes) : finishOnWorkers(here, placement);
}

async function finishOnWorkers(here: TurnsResult, placement: Placement): Promise<PartitionOutcome[]> {
  const rest = await toWorkers(here.unfinished, placement, availableParallelism());
  return byIndex(here.outcomes.concat(rest ?? searchInTurns(here.unfinished, placement.model, placement.budget).outcomes));
}

function byIndex(outcomes: PartitionOutcome[]): PartitionOutcome[] {
  return outcomes.length < 2 ? outcomes : outcomes.sort((a, b) => a.index - b.index);
}

/** Null when there is no compiled worker to run (under a TypeScript loader without dist/). */
async function toWorkers(partitions: readonly IndexedPartition[], placement: Placement, threads: number): Promise<PartitionOutcome[] | null> {
  const workerFile = compiledWorkerFile();
  const count = Math.min(threads, partitions.length);
  if (workerFile === null || count < 2) return null;
  const outcomes = await runOnWorkers(workerFile, batches(partitions, placement, count), count);
  return outcomes.sort((a, b) => a.index - b.index);
}

/** Deals partitions into batches, largest first, so that the threads finish together. */
function batches(partitions: readonly IndexedPartition[], placement: Placement, threads: number): PartitionTask[] {
  const { spec, budget } = placement;
  const order = [...partitions].sort((a, b) => b.ops.length - a.ops.length);
  const count = Math.min(order.length, threads * BATCHES_PER_THREAD);
  const bins: IndexedPartition[][] = Array.from({ length: count }, () => []);
  order.forEach((part, i) => bins[i % count]!.push(part));
  const share: SearchBudget = { deadline: budget.deadline, memoryBytes: budget.memoryBytes / threads };
  return bins.map((bin) => ({ spec, budget: share, partitions: bin }));
}
