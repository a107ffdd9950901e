import { describe, expect, it } from 'vitest';
import { BUG_NAMES } from '../../impl/bugs.js';
import { registerWorkload } from '../../workloads/register.js';
import { scheduleFromSeed } from '../faults/arbitrary.js';
import { checkRun } from './check-run.js';
import { searchSchedules } from './search.js';
import { DEFAULT_SCHEDULES, DEFAULT_SHAPE, DEFAULT_SIM_OPTIONS, runSchedule, type SimOptions } from './simulator.js';

const model = registerWorkload().model;

/** `faultline sim`'s default schedules, seed 1 on, until the first invalid one. */
async function firstCaught(sim: Partial<SimOptions>): Promise<{ seed: number; reason: string } | null> {
  for (let seed = 1; seed <= DEFAULT_SCHEDULES; seed++) {
    await new Promise((resolve) => setImmediate(resolve));
    const verdict = await checkRun(runSchedule(scheduleFromSeed(seed, DEFAULT_SHAPE), { ...DEFAULT_SIM_OPTIONS, ...sim, seed }), model);
    if (!verdict.valid) return { seed, reason: verdict.reason! };
  }
  return null;
}

const targets: Array<[string, Partial<SimOptions>]> = [
  ...BUG_NAMES.map((bug): [string, Partial<SimOptions>] => [bug, { bugs: new Set([bug]) }]),
  ['lease reads under clock faults', { readMode: 'lease' }],
];

describe("faultline sim's defaults catch every seeded bug", () => {
  it.each(targets)('%s: caught, and the same schedule and seed are valid without it', async (name, sim) => {
    const caught = await firstCaught(sim);
    expect(caught, `${name} passed all ${DEFAULT_SCHEDULES} default schedules`).not.toBeNull();
    console.log(`${name}: caught at seed ${caught!.seed} (faultline sim --seed ${caught!.seed} --schedules 1): ${caught!.reason}`);
    const without = await checkRun(runSchedule(scheduleFromSeed(caught!.seed, DEFAULT_SHAPE), { ...DEFAULT_SIM_OPTIONS, seed: caught!.seed }), model);
    expect(without.reason).toBeNull();
  }, 300_000);
});

describe('a failure found by search', () => {
  it('shrinks to a smaller schedule that still fails, and replays from its seed and path', async () => {
    const sim = { ...DEFAULT_SIM_OPTIONS, ops: 300, bugs: new Set(['no-dedup'] as const) };
    const outcome = await searchSchedules({ sim, shape: { ...DEFAULT_SHAPE, nemeses: ['kill'] }, model, numRuns: 200, seed: 20261124, shrink: true, shrinkTimeLimitMs: 10_000 });
    expect(outcome.found).toBe(true);
    const c = outcome.counterexample!;
    console.log(`no-dedup: shrunk from ${outcome.firstFailure!.faults.length} faults to ${c.schedule.faults.length}; fast-check seed ${outcome.seed} path ${outcome.path}`);
    expect(outcome.shrinks).toBeGreaterThan(0);
    expect(c.schedule.faults.length).toBeLessThanOrEqual(outcome.firstFailure!.faults.length);
    expect((await checkRun(runSchedule(c.schedule, { ...sim, seed: c.runSeed }), model)).reason).toBe(c.reason);
  }, 300_000);
});
