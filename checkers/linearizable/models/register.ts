/**
 * A read/write register, optionally with compare-and-set.
 *
 * Ops: `read` (output: the value read), `write` (input: the value), `cas` (input:
 * [old, new]). A known cas whose output is `false` is an observation that the compare
 * did not match (Porcupine's etcd logs record these as `:fail :cas`); any other known
 * cas took effect. A read with no output (Knossos' nil read) constrains nothing. An op
 * whose outcome is unknown takes effect if it can, and is otherwise a no-op (it may
 * never have happened).
 */
import type { Operation } from '../../history/types.js';
import type { Model, OpProblem } from '../model.js';
import { badInput, isPair, noSuchOp } from './problems.js';
import { casPair, hashValue, sameValue, show } from './values.js';

export function registerModel(initial: unknown, withCas: boolean): Model<unknown> {
  return {
    name: withCas ? 'cas-register' : 'register',
    init: () => initial,
    step: (state, op) => stepRegister(state, op, withCas),
    hash: hashValue,
    equal: sameValue,
    readOnly: readsOnly,
    partition: (ops) => [ops.slice()],
    describeOperation: describeRegisterOp,
    describeState: show,
    operations: withCas ? CAS_REGISTER_OPERATIONS : REGISTER_OPERATIONS,
    validate: (op) => validateRegisterOp(op, withCas ? 'cas-register' : 'register'),
  };
}

const REGISTER_OPERATIONS = 'read or get, write or put VALUE';
const CAS_REGISTER_OPERATIONS = `${REGISTER_OPERATIONS}, cas [OLD, NEW]`;

/** `model` names the model: a cas-register and a kv store take cas, a register does not. */
export function validateRegisterOp(op: Operation, model: string): OpProblem | undefined {
  switch (op.f) {
    case 'read':
    case 'get':
    case 'write':
    case 'put':
      return undefined;
    case 'cas':
      if (model === 'register') break;
      return isPair(op.input) ? undefined : badInput('a cas to take [old, new]', op);
  }
  return noSuchOp(model, op);
}

/** A read, or a cas that observed a mismatch. */
export function readsOnly(op: Operation): boolean {
  return op.f === 'read' || op.f === 'get' || (op.f === 'cas' && op.known && op.output === false);
}

export function stepRegister(state: unknown, op: Operation, withCas: boolean): unknown | undefined {
  switch (op.f) {
    case 'read':
    case 'get':
      return !op.known || op.output === undefined || sameValue(state, op.output) ? state : undefined;
    case 'write':
    case 'put':
      return op.input;
    case 'cas': {
      if (!withCas) return undefined;
      const [expected, next] = casPair(op.input);
      const matches = sameValue(state, expected);
      if (!op.known) return matches ? next : state;
      if (op.output === false) return matches ? undefined : state;
      return matches ? next : undefined;
    }
    default:
      return undefined;
  }
}

export function describeRegisterOp(op: Operation): string {
  const out = op.known ? show(op.output) : '?';
  switch (op.f) {
    case 'read':
    case 'get':
      return `${op.f} → ${out}`;
    case 'cas': {
      const [expected, next] = Array.isArray(op.input) ? op.input : [undefined, undefined];
      const verdict = !op.known ? ' ?' : op.output === false ? ' ✗ (compare failed)' : '';
      return `cas ${show(expected)}→${show(next)}${verdict}`;
    }
    default:
      return `${op.f} ${show(op.input)}${op.known ? '' : ' ?'}`;
  }
}
