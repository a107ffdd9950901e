import { describe, expect, it } from 'vitest';
import type { Operation } from '../../history/types.js';
import { createModel, MODEL_NAMES, type ModelName } from './index.js';

function op(f: string, input: unknown, output: unknown, known = true): Operation {
  return { id: 0, process: 0, f, key: 'k', input, output, known, call: 0, ret: known ? 1 : Infinity, invokeIndex: 0, completeIndex: known ? 1 : null };
}

/** Per model: ops it takes, and ops it refuses with where the problem is. */
const CASES: Record<ModelName, { readonly takes: Operation[]; readonly refuses: Array<[Operation, 'invoke' | 'complete', RegExp]> }> = {
  register: {
    takes: [op('read', null, 1), op('get', null, 1), op('write', 2, 2), op('put', 'x', 'x')],
    refuses: [[op('cas', [1, 2], true), 'invoke', /an op the register model has, got "cas"/]],
  },
  'cas-register': {
    takes: [op('read', null, 1), op('write', 2, 2), op('cas', [1, 2], true), op('cas', [1, 2], false), op('cas', [null, 2], undefined, false)],
    refuses: [
      [op('cas', 5, true), 'invoke', /a cas to take \[old, new\], got 5/],
      [op('cas', [1, 2, 3], true), 'invoke', /a cas to take \[old, new\]/],
      [op('increment', 1, 2, false), 'invoke', /got "increment"/],
    ],
  },
  kv: {
    takes: [op('get', null, 'x'), op('put', 'x', 'x'), op('append', 'y', 'y'), op('cas', ['x', 'y'], true), op('delete', null, null)],
    refuses: [
      [op('append', 3, 3), 'invoke', /an append to take a string, got 3/],
      [op('increment', 1, 2), 'invoke', /an op the kv model has, got "increment"/],
    ],
  },
  'multi-register': {
    takes: [op('txn', [['read', 'x', null], ['write', 'y', 1]], [['read', 'x', 0], ['write', 'y', 1]]), op('txn', [['write', 'x', 1]], undefined, false)],
    refuses: [
      [op('txn', [['read', 'x']], [['read', 'x', 0]]), 'invoke', /a txn to take a list of \[read\|write, key, value\]/],
      [op('txn', [['read', 'x', null]], 7), 'complete', /a txn to complete with a list/],
      [op('txn', [['append', 'x', 1]], [['append', 'x', 1]]), 'invoke', /a txn to take/],
      [op('read', null, 1), 'invoke', /got "read"/],
    ],
  },
  mutex: {
    takes: [op('acquire', null, null), op('release', null, null)],
    refuses: [[op('lock', null, null), 'invoke', /an op the mutex model has, got "lock"/]],
  },
  set: {
    takes: [op('add', 1, 1), op('read', null, [1, 2]), op('read', null, undefined, false)],
    refuses: [
      [op('read', null, 3), 'complete', /a read to return a list, got 3/],
      [op('remove', 1, 1), 'invoke', /got "remove"/],
    ],
  },
};

describe('what each model takes', () => {
  it.each(MODEL_NAMES.map((name) => [name] as const))('%s', (name) => {
    const model = createModel({ name });
    expect(model.operations.length).toBeGreaterThan(0);
    const { takes, refuses } = CASES[name];
    for (const taken of takes) {
      expect(model.validate(taken), `${name} ${model.describeOperation(taken)}`).toBeUndefined();
      // Anything validate lets through, step can take without throwing.
      expect(() => model.step(model.init(), taken)).not.toThrow();
    }
    for (const [refused, at, message] of refuses) {
      const problem = model.validate(refused);
      expect(problem?.at, refused.f).toBe(at);
      expect(problem?.message).toMatch(message);
    }
  });
});
