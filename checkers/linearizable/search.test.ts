import { fc, test } from '@fast-check/vitest';
import { describe, expect, it } from 'vitest';
import type { Operation } from '../history/types.js';
import { checkOperations } from './check.js';
import type { Model } from './model.js';
import { createModel } from './models/index.js';
import { PROPERTY_SEED } from '../test-support/corpus.js';
import { fresh } from './scratch.js';
import { PartitionSearch, searchPartition } from './search.js';

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

/** Some order of the ops (all known ones, any unknown ones) that respects real time (an op returned before another was called comes first) and the model. */
function bruteForce<S>(ops: readonly Operation[], model: Model<S>): boolean {
  const used = new Array<boolean>(ops.length).fill(false);
  // Ops of unknown outcome may never have happened: done once every known op is placed.
  const extend = (state: S, placed: number): boolean => {
    if (placed === ops.length || ops.every((o, j) => used[j] || !o.known)) return true;
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

/** Ops a model takes, for generated histories: few values, so that equal states and identical ops are common. */
const OPS_BY_MODEL: Record<'mutex' | 'set' | 'multi-register' | 'kv', fc.Arbitrary<{ f: string; input: unknown; output: unknown }>> = {
  mutex: fc.constantFrom('acquire', 'release').map((f) => ({ f, input: null, output: null })),
  set: fc.oneof(
    fc.integer({ min: 0, max: 2 }).map((v) => ({ f: 'add', input: v, output: null })),
    fc.uniqueArray(fc.integer({ min: 0, max: 2 }), { maxLength: 3 }).map((seen) => ({ f: 'read', input: null, output: seen })),
  ),
  'multi-register': fc
    .array(fc.tuple(fc.constantFrom('read', 'write'), fc.constantFrom('x', 'y'), fc.integer({ min: 0, max: 1 })), { minLength: 1, maxLength: 2 })
    .map((micro) => ({ f: 'txn', input: micro.map(([f, k, v]) => [f, k, f === 'read' ? null : v]), output: micro })),
  kv: fc.oneof(
    fc.constantFrom('', 'a', 'ab', 'b', 'ba').map((v) => ({ f: 'get', input: null, output: v })),
    fc.constantFrom('a', 'b').map((v) => ({ f: 'append', input: v, output: v })),
    fc.constantFrom('', 'a').map((v) => ({ f: 'put', input: v, output: v })),
  ),
};
const INITIAL = { mutex: undefined, set: [], 'multi-register': { x: 0, y: 0 }, kv: '' };

function timed<T extends { f: string; input: unknown; output: unknown }>(
  plans: ReadonlyArray<{ readonly op: T; readonly call: number; readonly length: number; readonly crashed: boolean }>,
  key?: string,
): Operation[] {
  return plans
    .map(({ op, call, length, crashed }) => ({
      process: 0,
      f: op.f,
      key,
      input: op.input,
      output: crashed ? undefined : op.output,
      known: !crashed,
      call,
      ret: crashed ? Infinity : call + length,
      invokeIndex: 0,
      completeIndex: null,
    }))
    .sort((x, y) => x.call - y.call)
    .map((op, id) => ({ ...op, id, process: id, invokeIndex: id, completeIndex: op.known ? id : null }));
}

const timing = { call: fc.integer({ min: 0, max: 20 }), length: fc.integer({ min: 0, max: 12 }), crashed: fc.boolean() };

describe('the search agrees with trying every order', () => {
  test.prop([small], { numRuns: 300, seed: PROPERTY_SEED })('on small cas-register histories with repeated values', (plans) => {
    const ops = history(plans);
    const model = createModel({ name: 'cas-register', initial: 0 });
    const expected = bruteForce(ops, model) ? 'valid' : 'invalid';
    // Symmetry pruning of known ops from the first backtrack, and never.
    expect(searchPartition(ops, model, budget, { twinsAfterBacktracksPerOp: 0 }).kind).toBe(expected);
    expect(searchPartition(ops, model, budget, { twinsAfterBacktracksPerOp: Infinity }).kind).toBe(expected);
    // And without linearizing read-only ops at once.
    expect(searchPartition(ops, { ...model, readOnly: undefined }, budget).kind).toBe(expected);
  });

  for (const name of ['mutex', 'set', 'multi-register', 'kv'] as const) {
    test.prop([fc.array(fc.record({ op: OPS_BY_MODEL[name], ...timing }), { minLength: 1, maxLength: 6 })], { numRuns: 150, seed: PROPERTY_SEED })(
      `on small ${name} histories`,
      (plans) => {
        const ops = timed(plans, name === 'kv' || name === 'set' ? 'k' : undefined);
        const model = createModel({ name, initial: INITIAL[name] });
        expect(searchPartition(ops, model, budget).kind).toBe(bruteForce(ops, model) ? 'valid' : 'invalid');
      },
    );
  }

  it('the generated histories are both valid and invalid (the property has power)', () => {
    const verdicts = fc.sample(small, { numRuns: 200, seed: PROPERTY_SEED }).map((plans) => bruteForce(history(plans), createModel({ name: 'cas-register', initial: 0 })));
    expect(verdicts.filter(Boolean).length).toBeGreaterThan(20);
    expect(verdicts.filter((v) => !v).length).toBeGreaterThan(20);
  });
});

describe('read-only ops linearized as soon as they can be', () => {
  const op = (id: number, f: string, input: unknown, output: unknown, call: number, ret: number): Operation => ({
    id, process: id, f, key: undefined, input, output, known: true, call, ret, invokeIndex: id, completeIndex: id,
  });

  it('only reads: a write that leaves the state as it was may still have to come later', () => {
    // write 0 (into 0) is called first, but only write 5 → write 0 → read 0 explains the read.
    const ops = [op(0, 'write', 0, 0, 0, 10), op(1, 'write', 5, 5, 1, 2), op(2, 'read', null, 0, 3, 4)];
    expect(searchPartition(ops, createModel({ name: 'register', initial: 0 }), budget).kind).toBe('valid');
  });

  it('when a read fails where it was possible, the other candidates there are not tried', () => {
    // Four reads of 1 with a write of 1 among them, then a read of 2 nothing explains.
    const ops = [op(0, 'read', null, 0, 0, 20), op(1, 'read', null, 0, 0, 20), op(2, 'read', null, 0, 0, 20), op(3, 'write', 1, 1, 0, 20), op(4, 'read', null, 2, 21, 22)];
    const model = createModel({ name: 'register', initial: 0 });
    const forced = searchPartition(ops, model, budget);
    const unforced = searchPartition(ops, { ...model, readOnly: undefined }, budget);
    expect(forced.kind).toBe('invalid');
    expect(unforced.kind).toBe('invalid');
    expect(forced.steps).toBeLessThan(unforced.steps);
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

/**
 * A register run by `clients` clients whose ops overlap their neighbours', each taking
 * effect at a point inside its interval (so linearizable), some crashing: the shape of
 * a long run on one key. Deterministic (xorshift from `seed`).
 */
function longRegisterHistory(n: number, seed: number, crashShare: number): Operation[] {
  let x = seed | 0 || 1;
  const next = (): number => {
    x ^= x << 13;
    x ^= x >>> 17;
    x ^= x << 5;
    return (x >>> 0) / 2 ** 32;
  };
  let value = 0;
  const ops: Operation[] = [];
  for (let i = 0; i < n; i++) {
    const at = 10 * i;
    const crashed = next() < crashShare;
    const write = next() < 0.5;
    const written = Math.floor(next() * 5);
    const tookEffect = !crashed || next() < 0.5;
    const output = write ? written : value;
    if (write && tookEffect) value = written;
    ops.push({
      id: i,
      process: i,
      f: write ? 'write' : 'read',
      key: undefined,
      input: write ? written : null,
      output: crashed ? undefined : output,
      known: !crashed,
      call: at - 1 - Math.floor(next() * 40),
      ret: crashed ? Infinity : at + 1 + Math.floor(next() * 40),
      invokeIndex: i,
      completeIndex: crashed ? null : i,
    });
  }
  return ops.sort((a, b) => a.call - b.call).map((op, id) => ({ ...op, id }));
}

describe('long histories on one key', () => {
  it('cost memory by the configurations visited, not by the history length times them', () => {
    const model = createModel({ name: 'register', initial: 0 });
    const search = new PartitionSearch(longRegisterHistory(30_000, 7, 0.05), model, budget, fresh);
    expect(search.run(Infinity)?.kind).toBe('valid');
    // A bitset per configuration would take 30,000 / 8 bytes each: over 100 MiB here.
    expect(search.memoBytes).toBeLessThan(16 * 1024 * 1024);
  });

  it('with many crashed ops, decide in a few steps per op', () => {
    const model = createModel({ name: 'register', initial: 0 });
    const ops = longRegisterHistory(5_000, 11, 0.3);
    expect(ops.filter((o) => !o.known).length).toBeGreaterThan(1_000);
    const outcome = searchPartition(ops, model, budget);
    expect(outcome.kind).toBe('valid');
    expect(outcome.steps).toBeLessThan(100 * ops.length);
  });
});
