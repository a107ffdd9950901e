import { describe, expect, it } from 'vitest';
import type { Counterexample } from '../../checkers/linearizable/result.js';
import type { RunOutcome } from '../real/run.js';
import { summarize } from './run-summary.js';

const op = { id: 7, process: 4, f: 'read', key: 'k4', description: 'k4: read → 161', invokeIndex: 3240, completeIndex: 3251, known: true };

function outcome(counterexample: Counterexample): RunOutcome {
  const counts = { ops: 10, ok: 8, fail: 1, info: 1, open: 0, nemesis: 2 };
  return {
    folder: { dir: '/runs/r', reportPath: '/runs/r/report.html' },
    leftRunning: [],
    results: {
      verdict: 'invalid',
      counts,
      latency: { ok: null, okByF: {} },
      checker: { verdict: 'invalid', model: 'kv', initial: null, opCount: 10, partitionCount: 1, elapsedMs: 1, partitions: [], counterexample },
      replay: 'faultline run --seed 2',
    },
  } as unknown as RunOutcome;
}

const base: Counterexample = { partition: 'k4', op, concurrent: [], initialState: 'null', prefix: [], stateAtFailure: '163', rejected: [] };
const step = { op: { ...op, description: 'k4: write 163' }, stateAfter: '163' };

describe('the run summary', () => {
  it('names the failing op and how far the search got', () => {
    const lines = summarize(outcome({ ...base, prefix: [step, step] })).split('\n');
    expect(lines).toContain('not linearizable: key k4, process 4: k4: read → 161 (history event 3251)');
    expect(lines).toContain('  after 2 ops that do linearize, the state was 163');
  });

  it('gives the proof instead when a stale read proved it', () => {
    const witness = '161 was seen before the write of 163 was called, 163 was seen before this op was called, and only one op writes 161';
    const lines = summarize(outcome({ ...base, prefix: [step, step], witness })).split('\n');
    expect(lines).toContain(`  proved by a few ops alone: ${witness}`);
    expect(lines.some((l) => l.includes('that do linearize'))).toBe(false);
  });
});
