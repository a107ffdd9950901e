/**
 * A workload of a chaos run: a stream of operations drawn by fast-check (the same seed
 * gives the same stream), how each runs against a KV client, and the model that
 * checks the history. An operation is its own invocation record: `f`, `key` and
 * `value` exactly as history.jsonl holds them.
 */
import type fc from 'fast-check';
import type { ModelSpec } from '../checkers/linearizable/models/index.js';
import type { KvClient, Outcome } from '../harness/systems/system.js';

export interface WorkloadOp {
  readonly f: string;
  readonly key: string;
  readonly value: unknown;
}

export interface Workload {
  readonly name: string;
  readonly model: ModelSpec;
  /** The run's operations, endless; values are unique per key. */
  ops(keys: number): fc.Arbitrary<Iterable<WorkloadOp>>;
  /** Runs one operation; an `ok` outcome's value is the completion's `value` in the history. */
  invoke(op: WorkloadOp, client: KvClient): Promise<Outcome>;
  /** The operations of the final phase: one read of every key. */
  finalReads(keys: number): WorkloadOp[];
}

export function keyName(index: number): string {
  return `k${index}`;
}

/** Counts per key from 1: each write (or add) gets a value no other op of its key has. */
export class UniqueValues {
  private readonly next = new Map<string, number>();

  take(key: string): number {
    const value = this.next.get(key) ?? 1;
    this.next.set(key, value + 1);
    return value;
  }
}
