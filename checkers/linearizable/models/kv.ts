/**
 * A key-value map checked one key at a time: each partition's state is one key's
 * value. Ops: get/read, put/write, append (string concatenation), cas ([old, new]),
 * delete. Used for Porcupine's KV logs (initial "") and for our store (initial null:
 * the key is absent).
 */
import type { Operation } from '../../history/types.js';
import type { Model } from '../model.js';
import { describeRegisterOp, stepRegister } from './register.js';
import { show, valueKey } from './values.js';

export function kvModel(initial: unknown): Model<unknown> {
  return {
    name: 'kv',
    init: () => initial,
    step: stepKv,
    key: valueKey,
    partition: partitionByKey,
    describeOperation: (op) => `${op.key ?? ''}: ${op.f === 'append' ? `append ${show(op.input)}` : describeRegisterOp(op)}`,
    describeState: show,
  };
}

function stepKv(state: unknown, op: Operation): unknown | undefined {
  switch (op.f) {
    case 'append':
      return `${typeof state === 'string' ? state : ''}${String(op.input ?? '')}`;
    case 'delete':
      return null;
    default:
      return stepRegister(state, op, true);
  }
}

export function partitionByKey(ops: readonly Operation[]): Operation[][] {
  const byKey = new Map<string, Operation[]>();
  for (const op of ops) {
    const key = op.key ?? '';
    let group = byKey.get(key);
    if (group === undefined) byKey.set(key, (group = []));
    group.push(op);
  }
  return [...byKey.values()];
}
