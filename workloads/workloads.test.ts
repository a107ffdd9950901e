import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { pairOperations } from '../checkers/history/pair.js';
import type { HistoryEvent } from '../checkers/history/types.js';
import { checkOperations } from '../checkers/linearizable/check.js';
import { WORKLOADS, type WorkloadName } from './index.js';
import { MemoryKv } from './test-support/memory-kv.js';
import type { Workload, WorkloadOp } from './workload.js';

function take(workload: Workload, keys: number, seed: number, count: number): WorkloadOp[] {
  const [stream] = fc.sample(workload.ops(keys), { seed, numRuns: 1 });
  const ops: WorkloadOp[] = [];
  for (const op of stream!) {
    ops.push(op);
    if (ops.length === count) break;
  }
  return ops;
}

/** Runs ops one at a time against `kv` and records the history as the harness does. */
async function record(workload: Workload, ops: readonly WorkloadOp[], kv: MemoryKv): Promise<HistoryEvent[]> {
  const events: HistoryEvent[] = [];
  for (const [i, op] of ops.entries()) {
    events.push({ index: events.length, time: events.length, type: 'invoke', process: i % 3, ...op });
    const outcome = await workload.invoke(op, kv);
    events.push({ index: events.length, time: events.length, type: outcome.type, process: i % 3, f: op.f, key: op.key, value: outcome.type === 'ok' ? outcome.value : op.value });
  }
  return events;
}

async function verdict(workload: Workload, events: HistoryEvent[]): Promise<string> {
  const ops = pairOperations('test', events.map((event, i) => ({ event, line: i + 1 })));
  return (await checkOperations(ops, workload.model, { workers: 0 })).verdict;
}

describe.each(Object.keys(WORKLOADS) as WorkloadName[])('the %s workload', (name) => {
  const workload = WORKLOADS[name];

  it('draws the same operations from the same seed, and others from another', () => {
    expect(take(workload, 3, 7, 200)).toEqual(take(workload, 3, 7, 200));
    expect(take(workload, 3, 8, 200)).not.toEqual(take(workload, 3, 7, 200));
  });

  it('never proposes a value twice for one key, and touches only its keys', () => {
    const ops = take(workload, 4, 11, 2000);
    const proposed = ops.filter((op) => op.f !== 'read').map((op) => `${op.key}=${JSON.stringify(Array.isArray(op.value) ? op.value[1] : op.value)}`);
    expect(new Set(proposed).size).toBe(proposed.length);
    expect(new Set(ops.map((op) => op.key))).toEqual(new Set(['k0', 'k1', 'k2', 'k3']));
  });

  it('gives a valid history against a correct store, and an invalid one against a store that loses writes', async () => {
    const ops = [...take(workload, 2, 3, 300), ...workload.finalReads(2)];
    expect(await verdict(workload, await record(workload, ops, new MemoryKv()))).toBe('valid');
    const lossy = new MemoryKv();
    lossy.loseEvery = 5;
    expect(await verdict(workload, await record(workload, ops, lossy))).toBe('invalid');
  });
});

describe('the register workload', () => {
  it('compares a cas against a value recently proposed for its key, or null before any', () => {
    const ops = take(WORKLOADS.register, 1, 5, 500);
    const proposed = new Set<unknown>([null]);
    for (const op of ops) {
      if (op.f === 'cas') expect(proposed.has((op.value as unknown[])[0])).toBe(true);
      if (op.f === 'write') proposed.add(op.value);
      if (op.f === 'cas') proposed.add((op.value as unknown[])[1]);
    }
    expect(ops.some((op) => op.f === 'cas')).toBe(true);
  });
});
