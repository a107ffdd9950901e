import { describe, expect, it } from 'vitest';
import { registerWorkload } from '../../workloads/register.js';
import { searchSchedules } from './search.js';
import { DEFAULT_SHAPE, DEFAULT_SIM_OPTIONS } from './simulator.js';

const model = registerWorkload().model;

/**
 * The other half of every seeded-bug test: with every switch off, no schedule — any
 * cluster size from 3 to 7, any nemeses — breaks a Raft invariant, liveness or
 * linearizability (checked after each run).
 */
describe('the correct store under random fault schedules', () => {
  it.each([1, 2])('batch %i: 300 schedules of 300 ops, all valid', async (batch) => {
    const outcome = await searchSchedules({
      sim: { ...DEFAULT_SIM_OPTIONS, ops: 300 },
      shape: DEFAULT_SHAPE,
      model,
      numRuns: 300,
      seed: 20261125 + batch,
      shrink: true,
      shrinkRuns: 300,
    });
    const c = outcome.counterexample;
    expect(c, c === null ? '' : `${c.reason}\nrun seed ${c.runSeed}, fast-check seed ${outcome.seed} path ${outcome.path}: ${JSON.stringify(c.schedule)}`).toBeNull();
    expect(outcome.runsUntilFound).toBe(300);
  }, 300_000);
});
