/**
 * Checking a batch of partitions on a worker thread, in turns as in-process (turns.ts).
 * A batch stops at its first partition that is not valid.
 */
import type { Operation } from '../history/types.js';
import { createModel, type ModelSpec } from './models/index.js';
import type { SearchBudget, SearchOutcome, StuckPoint } from './search.js';
import { searchInTurns } from './turns.js';

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
      readonly stuckAt: number;
    };

export function runPartitionTask(task: PartitionTask): PartitionOutcome[] {
  return searchInTurns(task.partitions, createModel(task.spec), task.budget).outcomes;
}

export function outcomeOf(index: number, outcome: SearchOutcome): PartitionOutcome {
  switch (outcome.kind) {
    case 'valid':
      return { index, kind: 'valid', steps: outcome.steps };
    case 'invalid':
      return { index, kind: 'invalid', steps: outcome.steps, deepest: outcome.deepest };
    case 'unknown':
      return { index, kind: 'unknown', steps: outcome.steps, reason: outcome.reason, deepestPrefix: outcome.deepestPrefix, stuckAt: outcome.stuckAt };
  }
}
