import { describe, expect, it } from 'vitest';
import type { BugName } from '../../impl/bugs.js';
import { registerWorkload } from '../../workloads/register.js';
import { checkRun } from './check-run.js';
import { searchSchedules } from './search.js';
import { DEFAULT_SIM_OPTIONS, runSchedule } from './simulator.js';

const model = registerWorkload().model;
const shape = { nodes: 5, horizonMs: 3000, maxFaults: 30 };
const sim = { ...DEFAULT_SIM_OPTIONS, ops: 500 };

/**
 * Bugs the randomized simulator finds on its own. old-term-commit needs the precise
 * Figure 8 interleaving: impl/raft/replication.test.ts and the lab scenarios drive it.
 */
const FOUND_BY_SEARCH: ReadonlyArray<{ bug: BugName; shrink: boolean }> = [
  { bug: 'stale-read', shrink: true },
  { bug: 'no-noop', shrink: false },
  { bug: 'forget-vote', shrink: false },
  { bug: 'lazy-fsync', shrink: false },
  { bug: 'no-dedup', shrink: false },
];

describe('seeded bugs are caught by the simulator', () => {
  it.each(FOUND_BY_SEARCH)('$bug: caught with the switch on, the same schedule passes with it off', async ({ bug, shrink }) => {
    const outcome = await searchSchedules({
      sim: { ...sim, bugs: new Set([bug]) },
      shape,
      model,
      numRuns: 250,
      seed: 20261124,
      shrink,
      timeLimitMs: 60_000,
    });
    expect(outcome.found, `${bug} was not caught in ${outcome.runsUntilFound} schedules`).toBe(true);
    const c = outcome.counterexample!;
    // The output carries what replays it: fast-check's seed and path, and the schedule itself.
    console.log(
      `${bug}: caught after ${outcome.runsUntilFound} schedules (${outcome.elapsedMs.toFixed(0)} ms, ${outcome.shrinks} shrinks); ` +
        `fast-check seed ${outcome.seed} path ${outcome.path}; run seed ${c.runSeed}; ${c.schedule.faults.length} faults\n  ${c.reason}`,
    );
    if (shrink) expect(c.schedule.faults.length).toBeLessThanOrEqual(3);
    const withoutBug = await checkRun(runSchedule(c.schedule, { ...sim, seed: c.runSeed }), model);
    expect(withoutBug.reason).toBeNull();
  });
});
