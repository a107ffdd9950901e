/**
 * Several registers read and written together by transactions: `txn` ops whose value
 * is a list of [f, key, value] micro-ops (f is read or write). The completion's value
 * carries what each read saw. Unknown transactions apply their writes.
 */
import type { Operation } from '../../history/types.js';
import type { Model } from '../model.js';
import { badInput, badOutput, noSuchOp } from './problems.js';
import { canonical, hashString, hashValue, sameValue, show } from './values.js';

type Registers = Readonly<Record<string, unknown>>;
type MicroOp = readonly [string, string, unknown];

export function multiRegisterModel(initial: unknown): Model<Registers> {
  const start = (initial ?? {}) as Registers;
  return {
    name: 'multi-register',
    init: () => start,
    step: stepTxn,
    hash: hashRegisters,
    equal: sameRegisters,
    readOnly: (op) => op.f === 'txn' && microOps(op.known ? op.output : op.input).every(([f]) => f === 'read'),
    partition: (ops) => [ops.slice()],
    describeOperation: (op) => `txn ${show(op.known ? op.output : op.input)}${op.known ? '' : ' ?'}`,
    describeState: canonical,
    operations: 'txn [[read KEY VALUE] or [write KEY VALUE], …]',
    validate: (op) => {
      if (op.f !== 'txn') return noSuchOp('multi-register', op);
      if (!isMicroOps(op.input)) return badInput('a txn to take a list of [read|write, key, value]', op);
      if (op.known && !isMicroOps(op.output)) return badOutput('a txn to complete with a list of [read|write, key, value]', op);
      return undefined;
    },
  };
}

function isMicroOps(value: unknown): value is readonly MicroOp[] {
  return (
    Array.isArray(value) &&
    value.every((m) => Array.isArray(m) && m.length === 3 && (m[0] === 'read' || m[0] === 'write') && (typeof m[1] === 'string' || typeof m[1] === 'number'))
  );
}

/** Order-independent: each register's name and value hashed, XORed together. */
function hashRegisters(registers: Registers): number {
  let h = 0;
  for (const name in registers) h ^= Math.imul(hashString(name, 0) ^ hashValue(registers[name]), 0x9e3779b1);
  return h;
}

function sameRegisters(a: Registers, b: Registers): boolean {
  if (a === b) return true;
  const names = Object.keys(a);
  if (names.length !== Object.keys(b).length) return false;
  return names.every((name) => name in b && sameValue(a[name], b[name]));
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
