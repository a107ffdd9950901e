/**
 * A sequential specification, no larger than Porcupine's Model (init, step, hash and
 * equal, partition, describe): the whole surface a new data type needs to be checked
 * for linearizability.
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
  /** Equal states must give equal hashes. */
  hash(state: State): number;
  /**
   * Whether two states are the same: configurations are memoised, and a step's result
   * reused, by state up to this equality.
   */
  equal(a: State, b: State): boolean;
  /**
   * Whether `op` changes no state whenever it can step (a read, a cas that observed a
   * mismatch). Optional: the search then linearizes such an op as soon as it is called
   * and possible, and tries nothing else there when that fails.
   */
  readOnly?(op: Operation): boolean;
  /** Independent sub-histories that can be checked separately (default: by op.key). */
  partition?(ops: readonly Operation[]): Operation[][];
  describeOperation(op: Operation): string;
  describeState(state: State): string;
  /** The ops the model takes and their values, for error messages (docs/checker.md has the same). */
  readonly operations: string;
  /**
   * Why `op` cannot be checked under this model (an f it does not have, a value of the
   * wrong shape), or undefined. Checked for every op before the search: `step` may
   * then take the shapes for granted.
   */
  validate(op: Operation): OpProblem | undefined;
}

export interface OpProblem {
  /** What is wrong, e.g. 'a cas takes [old, new], got 5'. */
  readonly message: string;
  /** Whose value it is in: the invocation's (and f) or the completion's. */
  readonly at: 'invoke' | 'complete';
}
