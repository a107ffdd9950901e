/**
 * npm run bench:sim — how fast the simulator runs and how fast it finds each seeded bug
 * (and lease reads under clock faults). Prints figures; asserts nothing.
 */
import { BUG_NAMES } from '../impl/bugs.js';
import { scheduleFromSeed, type ScheduleShape } from '../harness/faults/arbitrary.js';
import { checkRun } from '../harness/sim/check-run.js';
import { searchSchedules } from '../harness/sim/search.js';
import { DEFAULT_SHAPE, DEFAULT_SIM_OPTIONS, runSchedule, type SimOptions } from '../harness/sim/simulator.js';
import { registerWorkload } from '../workloads/register.js';

/** The five-node shape earlier figures were taken with. */
const FIVE_NODES: ScheduleShape = { ...DEFAULT_SHAPE, nodes: 5 };
const model = registerWorkload().model;
const median = (xs: number[]): number => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;

async function throughput(label: string, shape: ScheduleShape, seconds: number): Promise<void> {
  const started = performance.now();
  let schedules = 0;
  let faults = 0;
  let invalid = 0;
  while (performance.now() - started < seconds * 1000) {
    const seed = 1000 + schedules;
    const result = runSchedule(scheduleFromSeed(seed, shape), { ...DEFAULT_SIM_OPTIONS, seed });
    faults += result.faults;
    if (!(await checkRun(result, model)).valid) invalid++;
    schedules++;
  }
  const elapsed = (performance.now() - started) / 1000;
  console.log(
    `throughput, ${label} × 1000 ops: ${schedules} schedules in ${elapsed.toFixed(1)} s, checked (invariants, liveness, linearizability): ` +
      `${((schedules / elapsed) * 60).toFixed(0)} schedules/minute on one core; ${(faults / schedules).toFixed(1)} faults per schedule; ${invalid} invalid (expected 0)`,
  );
}

async function timeToFind(): Promise<void> {
  const attempts = Number(process.env.BENCH_ATTEMPTS ?? 5);
  console.log(`\ntime until each seeded bug is reported (median of ${attempts} searches with different seeds, faultline sim's default schedules):`);
  const targets: Array<[string, Partial<SimOptions>]> = [
    ...BUG_NAMES.map((bug): [string, Partial<SimOptions>] => [bug, { bugs: new Set([bug]) }]),
    ['lease reads', { readMode: 'lease' }],
  ];
  for (const [name, sim] of targets) {
    const times: number[] = [];
    const runs: number[] = [];
    let misses = 0;
    for (let a = 0; a < attempts; a++) {
      const outcome = await searchSchedules({ sim: { ...DEFAULT_SIM_OPTIONS, ...sim }, shape: DEFAULT_SHAPE, model, numRuns: 400, seed: 7000 + a, shrink: false, timeLimitMs: 60_000 });
      if (outcome.found) {
        times.push(outcome.msUntilFound!);
        runs.push(outcome.runsUntilFound);
      } else misses++;
    }
    const found = times.length > 0 ? `median ${(median(times) / 1000).toFixed(2)} s (${median(runs)} schedules)` : 'not found';
    console.log(`  ${name.padEnd(16)} ${found}${misses > 0 ? `; missed in ${misses}/${attempts} searches of up to 400 schedules / 60 s` : ''}`);
  }
}

const seconds = Number(process.env.BENCH_SECONDS ?? 20);
await throughput('5 nodes', FIVE_NODES, seconds);
await throughput('3–7 nodes (the default)', DEFAULT_SHAPE, seconds);
await timeToFind();
