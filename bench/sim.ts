/**
 * npm run bench:sim — how fast the simulator runs and how fast it finds each seeded bug.
 * Prints figures; asserts nothing.
 */
import { BUG_NAMES } from '../impl/bugs.js';
import { checkRun } from '../harness/sim/check-run.js';
import { scheduleFromSeed } from '../harness/faults/arbitrary.js';
import { searchSchedules } from '../harness/sim/search.js';
import { DEFAULT_SIM_OPTIONS, runSchedule } from '../harness/sim/simulator.js';
import { registerWorkload } from '../workloads/register.js';

const shape = { nodes: 5, horizonMs: 3000, maxFaults: 30 };
const model = registerWorkload().model;
const median = (xs: number[]): number => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;

async function throughput(seconds: number): Promise<void> {
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
    `throughput: ${schedules} schedules of 5 nodes × 1000 ops in ${elapsed.toFixed(1)} s, checked (Raft invariants + linearizability): ` +
      `${((schedules / elapsed) * 60).toFixed(0)} schedules/minute on one core; ${(faults / schedules).toFixed(1)} faults per schedule; ${invalid} invalid (expected 0)`,
  );
}

async function timeToFind(): Promise<void> {
  const attempts = Number(process.env.BENCH_ATTEMPTS ?? 5);
  console.log(`\ntime until each seeded bug is reported (median of ${attempts} searches with different seeds, 5 nodes × 1000 ops):`);
  for (const bug of BUG_NAMES) {
    const times: number[] = [];
    const runs: number[] = [];
    let misses = 0;
    for (let a = 0; a < attempts; a++) {
      const outcome = await searchSchedules({
        sim: { ...DEFAULT_SIM_OPTIONS, bugs: new Set([bug]) },
        shape,
        model,
        numRuns: 400,
        seed: 7000 + a,
        shrink: false,
        timeLimitMs: 30_000,
      });
      if (outcome.found) {
        times.push(outcome.msUntilFound!);
        runs.push(outcome.runsUntilFound);
      } else misses++;
    }
    const found = times.length > 0 ? `median ${(median(times) / 1000).toFixed(2)} s (${median(runs)} schedules)` : 'not found';
    console.log(`  ${bug.padEnd(16)} ${found}${misses > 0 ? `; missed in ${misses}/${attempts} searches of up to 400 schedules / 30 s` : ''}`);
  }
}

await throughput(Number(process.env.BENCH_SECONDS ?? 20));
await timeToFind();
