/** What a check returns: plain JSON, so that reports can embed it as it is. */
import type { ProcessId } from '../history/types.js';

export type Verdict = 'valid' | 'invalid' | 'unknown';

/** One op as a person reads it in a counterexample. */
export interface OpView {
  readonly id: number;
  readonly process: ProcessId;
  readonly f: string;
  readonly key: string | null;
  readonly description: string;
  /** Positions of its events in the source history (null: it never completed). */
  readonly invokeIndex: number;
  readonly completeIndex: number | null;
  readonly known: boolean;
}

export interface PrefixStep {
  readonly op: OpView;
  readonly stateAfter: string;
}

export interface RejectedStep {
  readonly op: OpView;
  /** Why this op could not come next: impossible from the state, or a dead end further on. */
  readonly reason: string;
}

export interface Counterexample {
  /** The partition (key) the violation is in; null for models that are not partitioned. */
  readonly partition: string | null;
  /** The op that cannot be linearized: its return was reached and no order of the ops before it explains it. */
  readonly op: OpView;
  /** Ops whose intervals overlap it. */
  readonly concurrent: readonly OpView[];
  readonly initialState: string;
  /** The longest linearizable prefix of the partition, with the model state after each step. */
  readonly prefix: readonly PrefixStep[];
  /** The state after the prefix: where every remaining candidate was tried. */
  readonly stateAtFailure: string;
  /** The candidates tried after the prefix, and why each was rejected. */
  readonly rejected: readonly RejectedStep[];
  /**
   * Set when a stale observation proved the violation (stale-witness.ts: the search could
   * not finish, or `witnessFirst` asked for the proof first): the proof in one sentence.
   * The prefix is then the proof's few ops in the order they must take, and the only
   * candidate the failing op; the concurrent ops are still those of the whole partition.
   */
  readonly witness?: string;
}

export interface PartitionSummary {
  readonly partition: string | null;
  readonly ops: number;
  readonly verdict: Verdict;
  /** Search steps taken (configurations visited). */
  readonly steps: number;
}

export interface UnknownProgress {
  readonly reason: 'time' | 'memory';
  readonly partitionsChecked: number;
  readonly partitionsTotal: number;
  /** The longest linearized prefix reached in the partition that ran out. */
  readonly deepestPrefix: number;
  readonly partitionOps: number;
  /** The partition (key) that ran out; null for models that are not partitioned. */
  readonly partition?: string | null;
  /**
   * The op whose return the search had not got past, furthest along the history: where
   * the history is hardest to explain (absent when the search never got stuck).
   */
  readonly stuckAt?: OpView;
}

export interface CheckResult {
  readonly verdict: Verdict;
  readonly model: string;
  readonly initial: unknown;
  readonly opCount: number;
  readonly partitionCount: number;
  readonly elapsedMs: number;
  /** Partitions that were searched (a cancelled check lists the ones that finished). */
  readonly partitions: readonly PartitionSummary[];
  /** What looks wrong in the input without making it unreadable (e.g. many keys under a one-register model). */
  readonly warnings?: readonly string[];
  readonly counterexample?: Counterexample;
  readonly unknown?: UnknownProgress;
}
