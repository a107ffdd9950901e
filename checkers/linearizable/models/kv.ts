/**
 * A key-value map checked one key at a time: each partition's state is one key's
 * value. Ops: get/read, put/write, append (string concatenation), cas ([old, new]),
 * delete. Used for Porcupine's KV logs (initial "") and for our store (initial null:
 * the key is absent).
 */
import type { Operation } from '../../history/types.js';
import type { Model } from '../model.js';
import { badInput } from './problems.js';
import { describeRegisterOp, readsOnly, stepRegister, validateRegisterOp } from './register.js';
import { hashString, hashValue, sameValue, show } from './values.js';

/** A key's value with its hash, kept so that an append hashes only what it appends. */
export interface KvState {
  readonly value: unknown;
  readonly hash: number;
}

export function kvModel(initial: unknown): Model<KvState> {
  const start = withHash(initial);
  return {
    name: 'kv',
    init: () => start,
    step: stepKv,
    hash: (state) => state.hash,
    equal: (a, b) => a === b || (a.hash === b.hash && sameValue(a.value, b.value)),
    readOnly: readsOnly,
    partition: partitionByKey,
    describeOperation: (op) => `${op.key ?? ''}: ${op.f === 'append' ? `append ${show(op.input)}` : describeRegisterOp(op)}`,
    describeState: (state) => show(state.value),
    operations: 'get or read, put or write VALUE, append STRING, cas [OLD, NEW], delete; one value per key',
    validate: (op) => {
      if (op.f === 'delete') return undefined;
      if (op.f === 'append') return typeof op.input === 'string' ? undefined : badInput('an append to take a string', op);
      return validateRegisterOp(op, 'kv');
    },
  };
}

function withHash(value: unknown): KvState {
  return { value, hash: hashValue(value) };
}

function stepKv(state: KvState, op: Operation): KvState | undefined {
  switch (op.f) {
    case 'append': {
      const suffix = String(op.input ?? '');
      // A string's hash goes on from the hash of what it extends (see hashString).
      if (typeof state.value === 'string') return { value: state.value + suffix, hash: hashString(suffix, state.hash) };
      return { value: suffix, hash: hashString(suffix, 0) };
    }
    case 'delete':
      return withHash(null);
    default: {
      const next = stepRegister(state.value, op, true);
      if (next === undefined) return undefined;
      return next === state.value ? state : withHash(next);
    }
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
