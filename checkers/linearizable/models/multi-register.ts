/**
 * Several registers read and written together by transactions: `txn` ops whose value
 * is a list of [f, key, value] micro-ops (f is read or write). The completion's value
 * carries what each read saw. Unknown transactions apply their writes.
 */
import type { Operation } from '../../history/types.js';
import type { Model } from '../model.js';
import { canonical, hashString, sameValue, show } from './values.js';

type Registers = Readonly<Record<string, unknown>>;
type MicroOp = readonly [string, string, unknown];

export function multiRegisterModel(initial: unknown): Model<Registers> {
  const start = (initial ?? {}) as Registers;
  return {
    name: 'multi-register',
    init: () => start,
    step: stepTxn,
    hash: (registers) => hashString(canonical(registers), 0),
    equal: (a, b) => a === b || canonical(a) === canonical(b),
    partition: (ops) => [ops.slice()],
    describeOperation: (op) => `txn ${show(op.known ? op.output : op.input)}${op.known ? '' : ' ?'}`,
    describeState: canonical,
  };
}

function microOps(value: unknown): readonly MicroOp[] {
  if (!Array.isArray(value)) throw new TypeError(`a txn takes a list of [f, key, value], got ${show(value)}`);
  return value as MicroOp[];
}

function stepTxn(state: Registers, op: Operation): Registers | undefined {
  if (op.f !== 'txn') return undefined;
  const micro = microOps(op.known ? op.output : op.input);
  let next: Record<string, unknown> | undefined;
  for (const [f, key, value] of micro) {
    const current = next ?? state;
    if (f === 'read') {
      if (op.known && !sameValue(current[key], value)) return undefined;
    } else if (f === 'write') {
      next ??= { ...state };
      next[key] = value;
    } else {
      return undefined;
    }
  }
  return next ?? state;
}
