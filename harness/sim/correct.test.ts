import { describe, expect, it } from 'vitest';
import { registerWorkload } from '../../workloads/register.js';
import { searchSchedules } from './search.js';
import { DEFAULT_SIM_OPTIONS } from './simulator.js';

const model = registerWorkload().model;

/**
 * The other half of every seeded-bug test: with every switch off, no schedule of any
 * nemesis breaks a Raft invariant or linearizability (checked after each run).
 */
describe('the correct store under random fault schedules', () => {
  it.each([3, 5])('%i nodes: 500 schedules of 300 ops, all valid', async (nodes) => {
    const outcome = await searchSchedules({
      sim: { ...DEFAULT_SIM_OPTIONS, ops: 300 },
      shape: { nodes, horizonMs: 1500, maxFaults: 20 },
      model,
      numRuns: 500,
      seed: 20261125 + nodes,
      shrink: true,
    });
    const c = outcome.counterexample;
    expect(c, c === null ? '' : `${c.reason}\nrun seed ${c.runSeed}, fast-check path ${outcome.path}: ${JSON.stringify(c.schedule)}`).toBeNull();
    expect(outcome.runsUntilFound).toBe(500);
  });
});
