/**
 * `chaosTest(name, options)`: a chaos test in an ordinary vitest file, built on
 * `@fast-check/vitest`. Each of `runs` runs draws a fault schedule from the nemeses and a
 * run seed (fast-check, from one recorded seed), runs the test — in the simulator for
 * our own store with `simulate: true`, else against real processes behind Toxiproxy —
 * and checks its history. The first failure is shrunk on the schedule's structure and
 * reported as one assertion error: the seed, the shrunk schedule with its size before
 * and after, the counterexample, the replay command and the report.
 *
 * `FAULTLINE_SEED` and `FAULTLINE_PATH` in the environment replay a failing run of the
 * test (the failure message prints them).
 */
import { fc, test as fcTest } from '@fast-check/vitest';
import { scheduleArbitrary } from '../faults/arbitrary.js';
import { NEMESIS_NAMES, type Nemesis } from '../faults/nemeses.js';
import type { FaultSchedule } from '../faults/schedule.js';
import { SIM_SHRINK_RUNS } from '../faults/shrink.js';
import { defineTest, randomSeed, type TestInput } from '../library/define.js';
import { ChaosTestFailure } from '../library/failure.js';
import { simCase, simOptionsOf, simShape, SIM_OPS } from '../library/simulate.js';
import { realScheduleArbitrary } from '../real/schedule.js';
import { realRun, simulatedRun } from './runs.js';

export interface ChaosTestOptions extends Omit<TestInput, 'nemeses' | 'name' | 'seed' | 'schedule' | 'replay' | 'command'> {
  /** The nemeses faults are drawn from (`'all'`: every one); default none. */
  readonly nemesis?: readonly Nemesis[] | 'all';
  /** How many runs, each with its own schedule and seed (default 10). */
  readonly runs?: number;
  /** Run in the deterministic simulator (our own store only) instead of against processes. */
  readonly simulate?: boolean;
  /** Simulator only: client operations per run (default 500). */
  readonly ops?: number;
  /** fast-check's seed (default: FAULTLINE_SEED, else random; printed in the test's name). */
  readonly seed?: number;
  /** fast-check's path: run only that run (default: FAULTLINE_PATH). */
  readonly path?: string;
  /** Candidate runs the shrinking may take (default: 600 simulated, 4 real). */
  readonly shrinkRuns?: number;
  /** vitest's timeout for the whole test. */
  readonly timeoutMs?: number;
}

interface Draw {
  readonly schedule: FaultSchedule;
  readonly seed: number;
}

/** A folder-safe name: "register survives partitions" → "register-survives-partitions". */
export function folderName(name: string): string {
  const safe = name
    .replace(/[^A-Za-z0-9._-]+/g, '-')
    .replace(/^[^A-Za-z0-9]+/, '')
    .replace(/-+$/, '');
  return safe === '' || safe === 'latest' ? 'chaos-test' : safe;
}

function envNumber(name: string): number | undefined {
  const text = process.env[name];
  return text === undefined || text === '' || !Number.isInteger(Number(text)) ? undefined : Number(text);
}

export function chaosTest(name: string, options: ChaosTestOptions): void {
  const { nemesis, runs = 10, simulate: simulated = false, ops = SIM_OPS, shrinkRuns, timeoutMs, path: givenPath, seed: givenSeed, ...input } = options;
  const nemeses = nemesis === 'all' ? NEMESIS_NAMES : [...(nemesis ?? [])];
  const test = defineTest({ ...input, nemeses, name: folderName(name), seed: 0 });
  if (simulated) simOptionsOf(test); // a test the simulator cannot run fails here, before any run
  const seed = givenSeed ?? envNumber('FAULTLINE_SEED') ?? randomSeed();
  const path = givenPath ?? process.env.FAULTLINE_PATH;
  const schedules = simulated
    ? scheduleArbitrary(simShape(test))
    : realScheduleArbitrary({ nodes: test.nodes, nemeses: test.nemeses, timeLimitMs: test.timeLimitMs, intervalMs: test.nemesisIntervalMs });
  const draw: fc.Arbitrary<Draw> = fc.noBias(fc.record({ schedule: schedules, seed: fc.integer({ min: 1, max: 2 ** 30 }) }));
  const perRunMs = simulated ? 5_000 : test.timeLimitMs + test.recoveryTimeoutMs + 60_000;
  const shrinkBudget = shrinkRuns ?? (simulated ? SIM_SHRINK_RUNS : 4);
  const timeout = timeoutMs ?? (simulated ? 60_000 + runs * perRunMs + shrinkBudget * 1_000 : (runs + shrinkBudget) * perRunMs);
  let run = path === undefined ? 0 : Number(path.split(':')[0]);
  const rerun = (runPath: string): string => `FAULTLINE_SEED=${seed} FAULTLINE_PATH=${runPath} npx vitest run -t ${JSON.stringify(name)}`;

  fcTest.prop([draw], {
    numRuns: runs,
    seed,
    ...(path === undefined ? {} : { path }),
    endOnFailure: true,
    reporter: (details) => {
      if (!details.failed) return;
      const error = details.errorInstance;
      if (error instanceof ChaosTestFailure) throw error;
      // The harness itself failed (a missing tool, a node that would not start): its own error, and how to replay the run.
      if (error instanceof Error) {
        const failedPath = details.counterexamplePath ?? '0';
        error.message = `${error.message}\n(run ${Number(failedPath.split(':')[0]) + 1} of ${runs}; rerun it: ${rerun(failedPath)})`;
        throw error;
      }
      throw new Error(fc.defaultReportMessage(details));
    },
  })(
    name,
    async ({ schedule, seed: runSeed }) => {
      run++;
      const failure = simulated ? await simulatedRun(test, simCase(schedule, runSeed, ops), shrinkBudget) : await realRun(test, { schedule, length: test.timeLimitMs, seed: runSeed }, shrinkBudget);
      const runPath = String(run - 1);
      if (failure !== null) throw new ChaosTestFailure({ ...failure, test: name, run, runs, seed, path: runPath, rerun: rerun(runPath) });
    },
    timeout,
  );
}
