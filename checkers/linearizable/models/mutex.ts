/** A lock: `acquire` succeeds only when free, `release` only when held. */
import type { Operation } from '../../history/types.js';
import type { Model } from '../model.js';
import { noSuchOp } from './problems.js';

export function mutexModel(): Model<boolean> {
  return {
    name: 'mutex',
    init: () => false,
    step: (locked: boolean, op: Operation) => {
      const wanted = op.f === 'acquire' ? false : op.f === 'release' ? true : undefined;
      if (wanted === undefined) return undefined;
      if (locked === wanted) return !locked;
      return op.known ? undefined : locked;
    },
    hash: (locked) => (locked ? 1 : 0),
    equal: (a, b) => a === b,
    partition: (ops) => [ops.slice()],
    describeOperation: (op) => `${op.f}${op.known ? '' : ' ?'}`,
    describeState: (locked) => (locked ? 'locked' : 'free'),
    operations: 'acquire, release',
    validate: (op) => (op.f === 'acquire' || op.f === 'release' ? undefined : noSuchOp('mutex', op)),
  };
}
