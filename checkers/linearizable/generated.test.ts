import { fc, test } from '@fast-check/vitest';
import { describe, expect, it } from 'vitest';
import type { Operation } from '../history/types.js';
import { PROPERTY_SEED } from '../test-support/corpus.js';
import { checkOperations } from './check.js';

/**
 * A register executed sequentially: each op takes effect at a distinct instant inside
 * its own [call, ret] interval, so the history is linearizable by construction.
 * Crashed ops keep their call but lose their return (they may have taken effect).
 */
interface Planned {
  readonly f: 'read' | 'write' | 'cas';
  readonly value: number;
  readonly expected: number;
  readonly before: number;
  readonly after: number;
  readonly crashed: boolean;
}

const planned = fc.record({
  f: fc.constantFrom('read', 'write', 'cas') as fc.Arbitrary<Planned['f']>,
  value: fc.integer({ min: 0, max: 4 }),
  expected: fc.integer({ min: 0, max: 4 }),
  before: fc.integer({ min: 0, max: 30 }),
  after: fc.integer({ min: 0, max: 30 }),
  crashed: fc.boolean(),
});

function execute(plans: readonly Planned[]): Operation[] {
  let state = 0;
  const ops = plans.map((p, i) => {
    const at = (i + 1) * 100; // linearization point
    let output: unknown;
    if (p.f === 'read') output = state;
    else if (p.f === 'write') state = p.value;
    else {
      output = state === p.expected;
      if (state === p.expected) state = p.value;
    }
    return {
      id: 0,
      process: i,
      f: p.f,
      key: undefined,
      input: p.f === 'read' ? null : p.f === 'write' ? p.value : [p.expected, p.value],
      output: p.crashed ? undefined : output,
      known: !p.crashed,
      call: at - 1 - p.before * 7,
      ret: p.crashed ? Infinity : at + 1 + p.after * 7,
      invokeIndex: i,
      completeIndex: p.crashed ? null : i,
    } satisfies Operation;
  });
  return ops.sort((a, b) => a.call - b.call).map((op, id) => ({ ...op, id }));
}

describe('generated register histories', () => {
  test.prop([fc.array(planned, { minLength: 1, maxLength: 40 })], { seed: PROPERTY_SEED })('a sequential execution is linearizable', async (plans) => {
    const result = await checkOperations(execute(plans), { name: 'cas-register', initial: 0 }, { workers: 0 });
    expect(result.verdict).toBe('valid');
  });

  test.prop([fc.array(planned, { minLength: 1, maxLength: 40 }), fc.nat()], { seed: PROPERTY_SEED })(
    'a read of a value never written makes it invalid',
    async (plans, pick) => {
      const ops = execute(plans);
      const reads = ops.filter((o) => o.f === 'read' && o.known);
      fc.pre(reads.length > 0);
      const victim = reads[pick % reads.length]!;
      const broken = ops.map((o) => (o === victim ? { ...o, output: 99 } : o));
      const result = await checkOperations(broken, { name: 'cas-register', initial: 0 }, { workers: 0 });
      expect(result.verdict).toBe('invalid');
      // The read of 99 is the op that cannot be linearized, or it was pending and rejected where the search got stuck.
      const c = result.counterexample!;
      expect(c.op.id === victim.id || c.rejected.some((r) => r.op.id === victim.id)).toBe(true);
    },
  );

  it('gives unknown, with progress, when a hard history exceeds a 1 ms budget', async () => {
    // Many concurrent writes of distinct values, then reads that only a few orders
    // explain: an exponential search space.
    const n = 24;
    const ops: Operation[] = [];
    for (let i = 0; i < n; i++) {
      ops.push({ id: i, process: i, f: 'write', key: undefined, input: i, output: null, known: true, call: i, ret: 1000 + i, invokeIndex: i, completeIndex: 1000 + i });
    }
    for (let i = 0; i < n; i++) {
      const id = n + i;
      ops.push({ id, process: id, f: 'read', key: undefined, input: null, output: (i * 7) % n, known: true, call: 2000 + i * 2, ret: 2001 + i * 2, invokeIndex: id, completeIndex: id });
    }
    const result = await checkOperations(ops, { name: 'register', initial: 0 }, { timeLimitMs: 1, workers: 0 });
    expect(result.verdict).toBe('unknown');
    expect(result.unknown?.reason).toBe('time');
    expect(result.unknown?.partitionOps).toBe(2 * n);
  });

  it('gives unknown when the memo exceeds the memory budget', async () => {
    const n = 24;
    const ops: Operation[] = [];
    for (let i = 0; i < n; i++) {
      ops.push({ id: i, process: i, f: 'write', key: undefined, input: i, output: null, known: true, call: i, ret: 1000 + i, invokeIndex: i, completeIndex: 1000 + i });
    }
    ops.push({ id: n, process: n, f: 'read', key: undefined, input: null, output: 77, known: true, call: 2000, ret: 2001, invokeIndex: n, completeIndex: n });
    const result = await checkOperations(ops, { name: 'register', initial: 0 }, { memoryLimitMb: 0.5, workers: 0 });
    expect(result.verdict).toBe('unknown');
    expect(result.unknown?.reason).toBe('memory');
  });

  it('checks partitions on worker threads with the same verdicts', async () => {
    const ops: Operation[] = [];
    for (let k = 0; k < 50; k++) {
      for (let i = 0; i < 20; i++) {
        const id = ops.length;
        const write = i % 2 === 0;
        ops.push({
          id, process: id, f: write ? 'put' : 'get', key: `k${k}`, input: write ? `v${i}` : null,
          output: write ? `v${i}` : `v${i - 1}`, known: true, call: id * 2, ret: id * 2 + 1, invokeIndex: id, completeIndex: id,
        });
      }
    }
    const valid = await checkOperations(ops, { name: 'kv', initial: null }, { workers: 2 });
    expect(valid.verdict).toBe('valid');
    expect(valid.partitionCount).toBe(50);
    const broken = ops.map((o) => (o.id === 501 ? { ...o, output: 'never' } : o));
    const invalid = await checkOperations(broken, { name: 'kv', initial: null }, { workers: 2 });
    expect(invalid.verdict).toBe('invalid');
    expect(invalid.counterexample?.op.id).toBe(501);
  });
});
