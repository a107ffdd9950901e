import { describe, expect, it } from 'vitest';
import { registerWorkload } from '../../workloads/register.js';
import { checkRun } from './check-run.js';
import { scheduleFromSeed } from '../faults/arbitrary.js';
import { NEMESIS_NAMES } from '../faults/nemeses.js';
import { DEFAULT_SIM_OPTIONS, runSchedule } from './simulator.js';

const model = registerWorkload().model;

/**
 * A short, fixed simulator run: the same schedules every time, every nemesis, 3 and 5
 * nodes. It is one of the killers `npm run mutate` runs against each mutant.
 */
describe('a short fixed simulator run', () => {
  it.each(NEMESIS_NAMES)('%s: 10 fixed schedules of 200 ops stay valid', async (nemesis) => {
    for (let seed = 1; seed <= 10; seed++) {
      const nodes = seed % 2 === 0 ? 3 : 5;
      const schedule = scheduleFromSeed(seed, { nodes, horizonMs: 1500, maxFaults: 15, nemeses: [nemesis] });
      const verdict = await checkRun(runSchedule(schedule, { ...DEFAULT_SIM_OPTIONS, ops: 200, seed }), model);
      expect(verdict.reason, `seed ${seed}, ${nodes} nodes, ${nemesis}`).toBeNull();
    }
  });
});
