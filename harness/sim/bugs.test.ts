import { describe, expect, it } from 'vitest';
import { BUG_NAMES } from '../../impl/bugs.js';
import { registerWorkload } from '../../workloads/register.js';
import { scheduleFromSeed } from '../faults/arbitrary.js';
import { describeSize, shrinkCase } from '../faults/shrink.js';
import { checkRun } from './check-run.js';
import { searchSchedules, simJudge } from './search.js';
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
  it.each(targets)('%s: caught, shrunk to at most 3 faults, and the shrunk schedule is valid without it', async (name, sim) => {
    const caught = await firstCaught(sim);
    expect(caught, `${name} passed all ${DEFAULT_SCHEDULES} default schedules`).not.toBeNull();
    const without = await checkRun(runSchedule(scheduleFromSeed(caught!.seed, DEFAULT_SHAPE), { ...DEFAULT_SIM_OPTIONS, seed: caught!.seed }), model);
    expect(without.reason).toBeNull();
    // Shrinking (harness/faults/shrink.ts), bounded by runs: the same result on any machine.
    const withBug = { ...DEFAULT_SIM_OPTIONS, ...sim };
    const started = performance.now();
    const unshrunk = { schedule: scheduleFromSeed(caught!.seed, DEFAULT_SHAPE), length: DEFAULT_SIM_OPTIONS.ops, seed: caught!.seed };
    const shrunk = await shrinkCase(unshrunk, caught!.reason, simJudge(withBug, model), { maxRuns: 600, minLength: 10 });
    const s = shrunk.shrunk;
    console.log(
      `${name}: caught at seed ${caught!.seed} (faultline sim --seed ${caught!.seed} --schedules 1): ${caught!.reason}\n` +
        `  shrunk from ${describeSize(shrunk.before, 'ops')} to ${describeSize(shrunk.after, 'ops')} in ${shrunk.runs} runs (${((performance.now() - started) / 1000).toFixed(1)} s): ` +
        `run seed ${s.seed}: ${shrunk.reason}\n  ${JSON.stringify(s.schedule.faults)}`,
    );
    expect(s.schedule.faults.length).toBeLessThanOrEqual(3);
    expect(await simJudge(withBug, model)(s)).toBe(shrunk.reason);
    expect(await simJudge(DEFAULT_SIM_OPTIONS, model)(s)).toBeNull();
  }, 300_000);
});

describe('a failure found by search', () => {
  it('shrinks to a smaller schedule that still fails, and replays from its schedule, run seed and ops', async () => {
    const sim = { ...DEFAULT_SIM_OPTIONS, ops: 300, bugs: new Set(['no-dedup'] as const) };
    const outcome = await searchSchedules({ sim, shape: { ...DEFAULT_SHAPE, nemeses: ['kill'] }, model, numRuns: 200, seed: 20261124, shrink: true, shrinkRuns: 300 });
    expect(outcome.found).toBe(true);
    const c = outcome.counterexample!;
    console.log(`no-dedup: shrunk from ${outcome.firstFailure!.faults.length} faults to ${c.schedule.faults.length}, ${c.ops} ops; fast-check seed ${outcome.seed} path ${outcome.path}`);
    expect(outcome.shrink!.steps).toBeGreaterThan(0);
    expect(c.schedule.faults.length).toBeLessThanOrEqual(outcome.firstFailure!.faults.length);
    expect((await checkRun(runSchedule(c.schedule, { ...sim, ops: c.ops, seed: c.runSeed }), model)).reason).toBe(c.reason);
  }, 300_000);
});
