/**
 * Checking a batch of partitions: the unit of work shared by the in-process path and
 * the worker threads. A batch stops at its first invalid partition.
 */
import type { Operation } from '../history/types.js';
import type { Model } from './model.js';
import { createModel, type ModelSpec } from './models/index.js';
import { searchPartition, type SearchBudget, type SearchOutcome, type StuckPoint } from './search.js';

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

/** `model` is the task's model when the caller has built it already. */
export function runPartitionTask(task: PartitionTask, model: Model<unknown> = createModel(task.spec)): PartitionOutcome[] {
  const outcomes: PartitionOutcome[] = [];
  for (const { index, ops } of task.partitions) {
    const outcome = searchPartition(ops, model, task.budget);
    outcomes.push(withIndex(index, outcome));
    if (outcome.kind !== 'valid') break;
  }
  return outcomes;
}

function withIndex(index: number, outcome: SearchOutcome): PartitionOutcome {
  switch (outcome.kind) {
    case 'valid':
      return { index, kind: 'valid', steps: outcome.steps };
    case 'invalid':
      return { index, kind: 'invalid', steps: outcome.steps, deepest: outcome.deepest };
    case 'unknown':
      return { index, kind: 'unknown', steps: outcome.steps, reason: outcome.reason, deepestPrefix: outcome.deepestPrefix };
  }
}
