import { describe, expect, it } from 'vitest';
import type { Operation } from '../history/types.js';
import { checkOperations } from './check.js';
import { spreadOrder } from './turns.js';

function op(id: number, key: string, f: string, input: unknown, output: unknown, call: number, ret: number): Operation {
  return { id, process: id, f, key, input, output, known: true, call, ret, invokeIndex: id, completeIndex: id };
}

describe('partitions take turns', () => {
  it('finds an easy invalid partition behind one whose search is exponential', async () => {
    const ops: Operation[] = [];
    // Key a: 24 concurrent writes, then a read of a value never written: proving it
    // invalid means trying every subset of the writes.
    for (let i = 0; i < 24; i++) ops.push(op(ops.length, 'a', 'put', i, i, i, 1000 + i));
    ops.push(op(ops.length, 'a', 'get', null, 99, 2000, 2001));
    // Key b: the same with 12 writes: more than its first turn, far less than key a.
    for (let i = 0; i < 12; i++) ops.push(op(ops.length, 'b', 'put', i, i, 3000 + i, 4000 + i));
    ops.push(op(ops.length, 'b', 'get', null, 99, 5000, 5001));
    const sorted = ops.sort((x, y) => x.call - y.call).map((o, id) => ({ ...o, id }));
    const result = await checkOperations(sorted, { name: 'kv', initial: null }, { workers: 0, timeLimitMs: 20_000 });
    expect(result.verdict).toBe('invalid');
    expect(result.counterexample?.partition).toBe('b');
  });
});

describe('partitions on worker threads', () => {
  it('the first invalid partition cancels the others still searching', async () => {
    const ops: Operation[] = [];
    // Key a: 24 concurrent writes and a read of a value never written: its search runs
    // for far longer than the time limit. Key b: a read of a value never written.
    for (let i = 0; i < 24; i++) ops.push(op(ops.length, 'a', 'put', i, i, i, 1000 + i));
    ops.push(op(ops.length, 'a', 'get', null, 99, 2000, 2001));
    ops.push(op(ops.length, 'b', 'put', null, 1, 10, 20));
    ops.push(op(ops.length, 'b', 'get', null, 2, 30, 40));
    const sorted = ops.sort((x, y) => x.call - y.call).map((o, id) => ({ ...o, id }));
    const result = await checkOperations(sorted, { name: 'kv', initial: null }, { workers: 2, timeLimitMs: 30_000 });
    expect(result.verdict).toBe('invalid');
    expect(result.counterexample?.partition).toBe('b');
    // Key a was cancelled, not searched to the end of the time limit: it has no outcome.
    expect(result.partitions.map((p) => p.partition)).toEqual(['b']);
  });
});

describe('the order partitions start in', () => {
  it('spreads over the list: ends, middle, quarters', () => {
    expect(spreadOrder(0)).toEqual([]);
    expect(spreadOrder(1)).toEqual([0]);
    expect(spreadOrder(9)).toEqual([0, 8, 4, 2, 6, 1, 3, 5, 7]);
    const order = spreadOrder(1000);
    expect([...order].sort((a, b) => a - b)).toEqual(Array.from({ length: 1000 }, (_, i) => i));
  });

  it('a history whose every op failed is valid, with no partition', async () => {
    const result = await checkOperations([], { name: 'kv', initial: null });
    expect(result).toMatchObject({ verdict: 'valid', partitionCount: 0 });
  });
});
