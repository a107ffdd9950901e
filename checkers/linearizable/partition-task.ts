/**
 * Checking a batch of partitions: the unit of work shared by the in-process path and
 * the worker threads. A batch stops at its first invalid partition.
 */
import type { Operation } from '../history/types.js';
import { createModel, type ModelSpec } from './models/index.js';
import { searchPartition, type SearchBudget, type StuckPoint } from './search.js';

export interface PartitionTask {
  readonly spec: ModelSpec;
  readonly budget: SearchBudget;
  /** Partitions by their index in the whole check. */
  readonly partitions: ReadonlyArray<{ readonly index: number; readonly ops: readonly Operation[] }>;
}

export type PartitionOutcome =
  | { readonly index: number; readonly kind: 'valid'; readonly steps: number }
  | { readonly index: number; readonly kind: 'invalid'; readonly steps: number; readonly deepest: StuckPoint }
  | {
      readonly index: number;
      readonly kind: 'unknown';
      readonly steps: number;
      readonly reason: 'time' | 'memory';
      readonly deepestPrefix: number;
    };

export function runPartitionTask(task: PartitionTask, shouldStop: () => boolean = () => false): PartitionOutcome[] {
  const model = createModel(task.spec);
  const outcomes: PartitionOutcome[] = [];
  for (const { index, ops } of task.partitions) {
    if (shouldStop()) break;
    const outcome = searchPartition(ops, model, task.budget);
    outcomes.push({ index, ...outcome });
    if (outcome.kind !== 'valid') break;
  }
  return outcomes;
}
