import { fc, test } from '@fast-check/vitest';
import { describe, expect, it } from 'vitest';
import type { Operation } from '../history/types.js';
import { PROPERTY_SEED } from '../test-support/corpus.js';
import { checkOperations } from './check.js';
import { createModel } from './models/index.js';
import { searchPartition } from './search.js';
import { findStaleWitness, witnessCounterexample } from './stale-witness.js';

type Shape = Pick<Operation, 'f' | 'input' | 'output' | 'known' | 'call' | 'ret'> & { key?: string };

/** Ops in call order, numbered as a history reader numbers them. */
function history(shapes: readonly Shape[]): Operation[] {
  return [...shapes]
    .sort((a, b) => a.call - b.call)
    .map((s, id) => ({ id, process: id, key: s.key ?? 'k', invokeIndex: 2 * id, completeIndex: s.known ? 2 * id + 1 : null, ...s }));
}

const write = (value: number, call: number, ret: number, known = true): Shape => ({ f: 'write', input: value, output: undefined, known, call, ret: known ? ret : Infinity });
const read = (value: number | null, call: number, ret: number): Shape => ({ f: 'read', input: null, output: value, known: true, call, ret });
const cas = (from: number | null, to: number, call: number, ret: number, outcome: boolean | 'unknown' = true): Shape =>
  outcome === 'unknown'
    ? { f: 'cas', input: [from, to], output: undefined, known: false, call, ret: Infinity }
    : { f: 'cas', input: [from, to], output: outcome ? undefined : false, known: true, call, ret };

const kv = createModel({ name: 'kv', initial: null });

/** The proof's ops in the order it puts them, the stale op last, each with the value it leaves. */
function proof(ops: readonly Operation[]): string[] | null {
  const witness = findStaleWitness(ops, null);
  if (witness === null) return null;
  const c = witnessCounterexample(ops, witness, kv, null);
  return [...c.prefix.map((step) => `${step.op.description} ⇒ ${step.stateAfter}`), c.op.description];
}

describe('the stale-observation witness', () => {
  it('finds a read of a value overwritten before the read began', () => {
    const ops = history([write(1, 0, 10), write(2, 20, 30), read(1, 40, 50)]);
    expect(proof(ops)).toEqual(['k: write 1 ⇒ 1', 'k: write 2 ⇒ 2', 'k: read → 1']);
    const c = witnessCounterexample(ops, findStaleWitness(ops, null)!, kv, null);
    expect(c.witness).toBe('1 was seen before the write of 2 was called, 2 was seen before this op was called, and only one op writes 1');
    expect(c).toMatchObject({ partition: 'k', initialState: 'null', stateAtFailure: '2', rejected: [{ reason: 'impossible in state 2' }], concurrent: [] });
  });

  it('finds a read of the initial value after a write was seen', () => {
    const ops = history([write(7, 0, 10), read(null, 20, 30)]);
    expect(proof(ops)).toEqual(['k: write 7 ⇒ 7', 'k: read → null']);
    expect(witnessCounterexample(ops, findStaleWitness(ops, null)!, kv, null).witness).toBe('7 was written and seen before this op was called, and nothing writes null, the initial value, again');
  });

  it('counts a write of unknown outcome once a read has seen its value, and a cas as a reader', () => {
    const ops = history([write(1, 0, 10), write(2, 20, 0, false), read(2, 30, 40), cas(1, 3, 50, 60)]);
    expect(proof(ops)).toEqual(['k: write 1 ⇒ 1', 'k: write 2 ? ⇒ 2', 'k: read → 2 ⇒ 2', 'k: cas 1→3']);
  });

  it('orders after a read of the stale value when its write never returned', () => {
    // The write of 1 has no known return, but a read saw 1 before the write of 2 was called.
    const ops = history([write(1, 0, 0, false), read(1, 5, 10), write(2, 20, 30), read(1, 40, 50)]);
    expect(proof(ops)).toEqual(['k: write 1 ? ⇒ 1', 'k: read → 1 ⇒ 1', 'k: write 2 ⇒ 2', 'k: read → 1']);
  });

  it('finds nothing where the ops overlap enough to be reordered', () => {
    // The read of 1 began before anyone saw 2; the write of 2 began before the write of 1 returned.
    expect(findStaleWitness(history([write(1, 0, 10), write(2, 20, 60), read(1, 30, 40), read(2, 50, 70)]), null)).toBeNull();
    expect(findStaleWitness(history([write(1, 0, 25), write(2, 20, 30), read(2, 40, 45), read(1, 50, 60)]), null)).toBeNull();
  });

  it('stands aside when a value is written twice, or for ops it does not model', () => {
    expect(findStaleWitness(history([write(1, 0, 10), write(2, 20, 30), write(1, 35, 38), read(1, 40, 50)]), null)).toBeNull();
    expect(findStaleWitness(history([write(1, 0, 10), write(2, 20, 30), read(1, 40, 50), { f: 'append', input: 'x', output: undefined, known: true, call: 60, ret: 70 }]), null)).toBeNull();
    expect(findStaleWitness(history([write(0, 0, 10), read(null, 20, 30)]), 0)).toBeNull();
  });

  it('ignores a cas that failed its compare as evidence', () => {
    expect(findStaleWitness(history([write(1, 0, 10), cas(5, 2, 20, 30, false), read(1, 40, 50)]), null)).toBeNull();
  });

  it('proves before any search when asked to (the violation watch asks), and only then', async () => {
    const ops = history([write(1, 0, 10), write(2, 20, 30), read(1, 40, 50)]);
    const searched = await checkOperations(ops, { name: 'kv', initial: null }, { workers: 0 });
    expect(searched.verdict).toBe('invalid');
    expect(searched.counterexample?.witness).toBeUndefined();
    const proved = await checkOperations(ops, { name: 'kv', initial: null }, { workers: 0, witnessFirst: true });
    expect(proved.counterexample?.witness).toBeDefined();
    expect(proved.partitions).toEqual([{ partition: 'k', ops: 3, verdict: 'invalid', steps: 0 }]);
  });

  it('turns a check that ran out of time into a proved violation, explained by the proof alone', async () => {
    // Twenty writes of unknown outcome, all still possible at the end, keep a search busy; a stale read closes it.
    const shapes: Shape[] = [write(1, 0, 10)];
    for (let i = 0; i < 20; i++) shapes.push(write(100 + i, 11 + i, 0, false), cas(100 + i, 200 + i, 12 + i, 0, 'unknown'));
    shapes.push(write(2, 40, 50), read(2, 60, 70), read(1, 80, 90));
    const ops = history(shapes);
    const result = await checkOperations(ops, { name: 'kv', initial: null }, { timeLimitMs: 0, workers: 0 });
    expect(result.verdict).toBe('invalid');
    const c = result.counterexample!;
    expect(c.witness).toMatch(/^1 was seen before the write of 2 was called/);
    expect(c.op.description).toBe('k: read → 1');
    expect(c.stateAtFailure).toBe('2');
    expect(result.partitions).toEqual([{ partition: 'k', ops: ops.length, verdict: 'invalid', steps: expect.any(Number) }]);
  });
});

/** A random register history with values unique by construction: value i is written by op i. */
const shapes = fc
  .array(
    fc.record({
      kind: fc.constantFrom('read', 'write', 'cas'),
      seen: fc.integer({ min: -1, max: 11 }),
      call: fc.integer({ min: 0, max: 100 }),
      length: fc.integer({ min: 1, max: 30 }),
      known: fc.boolean(),
      failedCompare: fc.boolean(),
    }),
    { minLength: 1, maxLength: 12 },
  )
  .map((drawn) =>
    history(
      drawn.map(({ kind, seen, call, length, known, failedCompare }, i): Shape => {
        const value = seen < 0 ? null : 1000 + seen;
        if (kind === 'read') return read(value, call, call + length);
        if (kind === 'write') return write(1000 + i, call, call + length, known);
        return cas(value, 1000 + i, call, call + length, known ? !failedCompare : 'unknown');
      }),
    ),
  );

describe('the witness against the search', () => {
  test.prop([shapes], { seed: PROPERTY_SEED, numRuns: 2000 })('a history with a witness is one the search finds not linearizable', (ops) => {
    const witness = findStaleWitness(ops, null);
    if (witness === null) return;
    const model = createModel({ name: 'kv', initial: null });
    expect(searchPartition(ops, model, { deadline: Infinity, memoryBytes: Infinity }).kind).toBe('invalid');
  });

  it('has witnesses to test: the histories drawn hold some', () => {
    const found = fc.sample(shapes, { seed: PROPERTY_SEED, numRuns: 2000 }).filter((ops) => findStaleWitness(ops, null) !== null).length;
    expect(found).toBeGreaterThan(100);
  });
});
