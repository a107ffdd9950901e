import { describe, expect, it } from 'vitest';
import { BUG_NAMES } from '../../impl/bugs.js';
import { registerWorkload } from '../../workloads/register.js';
import { checkRun } from './check-run.js';
import { searchSchedules } from './search.js';
import { DEFAULT_SIM_OPTIONS, runSchedule } from './simulator.js';

const model = registerWorkload().model;
const shape = { nodes: 5, horizonMs: 3000, maxFaults: 30 };
const sim = { ...DEFAULT_SIM_OPTIONS, ops: 500 };

describe('seeded bugs are caught by the simulator', () => {
  it.each(BUG_NAMES)('%s: caught with the switch on, shrunk, and the same schedule passes with it off', async (bug) => {
    const outcome = await searchSchedules({
      sim: { ...sim, bugs: new Set([bug]) },
      shape,
      model,
      numRuns: 400,
      seed: 20261124,
      shrink: true,
      // The search is bounded by numRuns only (the same on any machine); shrinking stops where it got to.
      shrinkTimeLimitMs: 5_000,
    });
    expect(outcome.found, `${bug} was not caught in ${outcome.runsUntilFound} schedules`).toBe(true);
    const c = outcome.counterexample!;
    const first = outcome.firstFailure!;
    // The output carries what replays it: fast-check's seed and path, and the schedule itself.
    console.log(
      `${bug}: caught after ${outcome.runsUntilFound} schedules (${outcome.msUntilFound!.toFixed(0)} ms); ` +
        `shrunk in ${outcome.shrinks} steps (${(outcome.elapsedMs - outcome.msUntilFound!).toFixed(0)} ms) ` +
        `from ${first.faults.length} faults to ${c.schedule.faults.length}; fast-check seed ${outcome.seed} path ${outcome.path}; ` +
        `run seed ${c.runSeed}\n  ${c.reason}\n  schedule: ${JSON.stringify(c.schedule)}`,
    );
    const withBug = await checkRun(runSchedule(c.schedule, { ...sim, bugs: new Set([bug]), seed: c.runSeed }), model);
    expect(withBug.reason).toBe(c.reason);
    const withoutBug = await checkRun(runSchedule(c.schedule, { ...sim, seed: c.runSeed }), model);
    expect(withoutBug.reason).toBeNull();
  });
});
