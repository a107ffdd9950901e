/**
 * A sequential specification, no larger than Porcupine's Model: the whole surface a
 * new data type needs to be checked for linearizability.
 */
import type { Operation } from '../history/types.js';

export interface Model<State> {
  readonly name: string;
  /** The state before any operation. */
  init(): State;
  /**
   * The state after `op` takes effect in `state`, or undefined when `op` could not
   * have returned what it did from `state`. Ops with `known: false` must be accepted
   * in any state where some outcome is possible. It must read only the op's f, key,
   * input, output and known, and not change `state`.
   */
  step(state: State, op: Operation): State | undefined;
  /**
   * Equal states must give equal keys, and different states different keys (used to
   * memoise visited configurations, and to reuse a step's result for an equal state).
   */
  key(state: State): string | number;
  /** Independent sub-histories that can be checked separately (default: by op.key). */
  partition?(ops: readonly Operation[]): Operation[][];
  describeOperation(op: Operation): string;
  describeState(state: State): string;
}
