import { fc, test } from '@fast-check/vitest';
import { describe, expect, it } from 'vitest';
import type { Operation } from '../history/types.js';
import { checkOperations } from './check.js';
import type { Model } from './model.js';
import { createModel } from './models/index.js';
import { searchPartition } from './search.js';

/**
 * Small histories with few values, so that interchangeable ops (the symmetry pruning's
 * target) are common, checked against every order of their ops.
 */
interface Plan {
  readonly f: 'read' | 'write' | 'cas';
  readonly a: number;
  readonly b: number;
  readonly call: number;
  readonly length: number;
  readonly crashed: boolean;
  readonly casFailed: boolean;
}

const small: fc.Arbitrary<Plan[]> = fc.array(
  fc.record({
    f: fc.constantFrom('read' as const, 'write' as const, 'cas' as const),
    a: fc.integer({ min: 0, max: 2 }),
    b: fc.integer({ min: 0, max: 2 }),
    call: fc.integer({ min: 0, max: 20 }),
    length: fc.integer({ min: 0, max: 12 }),
    crashed: fc.boolean(),
    casFailed: fc.boolean(),
  }),
  { minLength: 1, maxLength: 6 },
);

function history(plans: readonly Plan[]): Operation[] {
  return plans
    .map((p) => ({
      process: 0,
      f: p.f,
      key: undefined,
      input: p.f === 'read' ? null : p.f === 'write' ? p.a : [p.a, p.b],
      output: p.f === 'read' ? p.b : p.f === 'cas' ? !p.casFailed : p.a,
      known: !p.crashed,
      call: p.call,
      ret: p.crashed ? Infinity : p.call + p.length,
      invokeIndex: 0,
      completeIndex: null,
    }))
    .sort((x, y) => x.call - y.call)
    .map((op, id) => ({ ...op, id, process: id, invokeIndex: id, completeIndex: op.known ? id : null }));
}

/** Some order that respects real time (an op returned before another was called comes first) and the model. */
function bruteForce<S>(ops: readonly Operation[], model: Model<S>): boolean {
  const used = new Array<boolean>(ops.length).fill(false);
  const extend = (state: S, placed: number): boolean => {
    if (placed === ops.length) return true;
    for (let i = 0; i < ops.length; i++) {
      if (used[i]) continue;
      // i may come next only if no unplaced op returned before i was called.
      if (ops.some((o, j) => !used[j] && j !== i && o.ret < ops[i]!.call)) continue;
      const next = model.step(state, ops[i]!);
      if (next === undefined) continue;
      used[i] = true;
      const found = extend(next, placed + 1);
      used[i] = false;
      if (found) return true;
    }
    return false;
  };
  return extend(model.init(), 0);
}

const budget = { deadline: Infinity, memoryBytes: Infinity };

describe('the search agrees with trying every order', () => {
  test.prop([small], { numRuns: 300 })('on small cas-register histories with repeated values', (plans) => {
    const ops = history(plans);
    const model = createModel({ name: 'cas-register', initial: 0 });
    const expected = bruteForce(ops, model) ? 'valid' : 'invalid';
    // Symmetry pruning from the first dead end, and never.
    expect(searchPartition(ops, model, budget, { twinsAfterBacktracksPerOp: 0 }).kind).toBe(expected);
    expect(searchPartition(ops, model, budget, { twinsAfterBacktracksPerOp: Infinity }).kind).toBe(expected);
  });
});

describe('symmetry pruning', () => {
  it('checks many identical crashed writes in few steps', async () => {
    // 40 crashed writes of 1, then 40 reads alternating between 0 and 1 that only a
    // write of 0 between them can explain: without pruning, every subset of the
    // crashed writes is a distinct configuration.
    const ops: Operation[] = [];
    const add = (f: string, input: unknown, output: unknown, known: boolean, call: number, ret: number): void => {
      const id = ops.length;
      ops.push({ id, process: id, f, key: undefined, input, output, known, call, ret, invokeIndex: id, completeIndex: known ? id : null });
    };
    for (let i = 0; i < 40; i++) add('write', 1, undefined, false, i, Infinity);
    for (let i = 0; i < 40; i++) {
      add('write', 0, 0, true, 100 + 4 * i, 101 + 4 * i);
      add('read', null, 1, true, 102 + 4 * i, 103 + 4 * i);
    }
    const result = await checkOperations(ops, { name: 'register', initial: 0 }, { workers: 0, timeLimitMs: 10_000 });
    expect(result.verdict).toBe('valid');
    expect(result.partitions[0]!.steps).toBeLessThan(100_000);
  });
});
