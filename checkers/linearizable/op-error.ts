/** An op the model cannot check: the history does not fit the model (model.ts, `validate`). */
import type { Operation } from '../history/types.js';
import type { OpProblem } from './model.js';

export class OpError extends Error {
  override readonly name = 'OpError';

  constructor(
    readonly op: Operation,
    readonly problem: OpProblem,
    readonly model: string,
    /** What the model takes (Model.operations). */
    readonly operations: string,
  ) {
    super(`${problem.message} (the ${model} model takes ${operations})`);
  }

  /** The position in the history of the event the problem is in. */
  get eventIndex(): number {
    return this.problem.at === 'complete' && this.op.completeIndex !== null ? this.op.completeIndex : this.op.invokeIndex;
  }
}
