/** Turns the search's stuck point into a counterexample a person can follow. */
import type { Operation } from '../history/types.js';
import type { Model } from './model.js';
import type { Counterexample, OpView, RejectedStep } from './result.js';
import type { StuckPoint } from './search.js';

export function opView<S>(op: Operation, model: Model<S>): OpView {
  return {
    id: op.id,
    process: op.process,
    f: op.f,
    key: op.key ?? null,
    description: model.describeOperation(op),
    invokeIndex: op.invokeIndex,
    completeIndex: op.completeIndex,
    known: op.known,
  };
}

export function explain<S>(ops: readonly Operation[], model: Model<S>, stuck: StuckPoint): Counterexample {
  // An op is often in several parts (the prefix, the concurrent ops, the candidates): one view each.
  const views: OpView[] = [];
  const view = (position: number): OpView => (views[position] ??= opView(ops[position]!, model));
  let state = model.init();
  const initialState = model.describeState(state);
  const prefix = stuck.prefix.map((position) => {
    state = model.step(state, ops[position]!) as S;
    return { op: view(position), stateAfter: model.describeState(state) };
  });
  const failing = ops[stuck.stuck]!;
  const concurrent: OpView[] = [];
  for (let position = 0; position < ops.length; position++) {
    const o = ops[position]!;
    if (o !== failing && o.call < failing.ret && failing.call < o.ret) concurrent.push(view(position));
  }
  const stateText = model.describeState(state);
  const rejected: RejectedStep[] = stuck.pending.map((position) => ({
    op: view(position),
    reason:
      model.step(state, ops[position]!) === undefined
        ? `impossible in state ${stateText}`
        : 'possible here, but no order of the remaining ops explains the history after it',
  }));
  return {
    partition: failing.key ?? null,
    op: view(stuck.stuck),
    concurrent,
    initialState,
    prefix,
    stateAtFailure: stateText,
    rejected,
  };
}
