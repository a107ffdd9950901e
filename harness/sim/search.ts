/**
 * Property-based search over fault schedules: fast-check generates (schedule, seed)
 * pairs, runs each in the simulator, and on the first failing run shrinks the
 * schedule to a minimal one. The fast-check seed and path replay the result exactly.
 */
import fc from 'fast-check';
import type { ModelSpec } from '../../checkers/linearizable/models/index.js';
import { checkRun } from './check-run.js';
import { scheduleArbitrary, type ScheduleShape } from '../faults/arbitrary.js';
import type { FaultSchedule } from '../faults/schedule.js';
import { runSchedule, type SimOptions } from './simulator.js';

export interface SearchOptions {
  readonly sim: SimOptions;
  readonly shape: ScheduleShape;
  readonly model: ModelSpec;
  readonly numRuns: number;
  /** fast-check's seed: the same seed explores the same schedules. */
  readonly seed: number;
  /** Shrink the first failure to a minimal schedule (slower). */
  readonly shrink: boolean;
  /** Stop searching after this long (a search bounded by numRuns alone finds the same failure however loaded the machine is). */
  readonly timeLimitMs?: number;
  /** Shrinking stops where it got to after this long. */
  readonly shrinkTimeLimitMs?: number;
}

export interface Counterexample {
  readonly schedule: FaultSchedule;
  readonly runSeed: number;
  readonly reason: string;
}

export interface SearchOutcome {
  readonly found: boolean;
  /** Schedules run before the first failure (or in all, when none failed). */
  readonly runsUntilFound: number;
  readonly elapsedMs: number;
  readonly seed: number;
  /** fast-check's path to the (shrunk) counterexample: with the seed it replays it. */
  readonly path: string | null;
  readonly counterexample: Counterexample | null;
  /** The first failing schedule, before shrinking. */
  readonly firstFailure: FaultSchedule | null;
  /** Milliseconds until the first failure was seen (the rest of elapsedMs went to shrinking). */
  readonly msUntilFound: number | null;
  readonly shrinks: number;
}

export async function searchSchedules(options: SearchOptions): Promise<SearchOutcome> {
  const started = performance.now();
  let firstFailure: FaultSchedule | null = null;
  let msUntilFound: number | null = null;
  const property = fc.asyncProperty(
    fc.noBias(scheduleArbitrary(options.shape)),
    fc.integer({ min: 1, max: 2 ** 30 }),
    async (schedule, runSeed) => {
      // Runs are synchronous: let timers and I/O (a test runner's heartbeat) through between them.
      await new Promise((resolve) => setImmediate(resolve));
      const verdict = await checkRun(runSchedule(schedule, { ...options.sim, seed: runSeed }), options.model);
      if (!verdict.valid && firstFailure === null) {
        firstFailure = schedule;
        msUntilFound = performance.now() - started;
      }
      return verdict.valid;
    },
  );
  const search = await fc.check(property, {
    numRuns: options.numRuns,
    seed: options.seed,
    endOnFailure: true,
    ...(options.timeLimitMs === undefined ? {} : { interruptAfterTimeLimit: options.timeLimitMs }),
  });
  // Shrinking starts again from the failure's path, under its own time limit.
  const details =
    options.shrink && search.failed
      ? await fc.check(property, {
          seed: options.seed,
          path: search.counterexamplePath!,
          ...(options.shrinkTimeLimitMs === undefined ? {} : { interruptAfterTimeLimit: options.shrinkTimeLimitMs }),
        })
      : search;
  const elapsedMs = performance.now() - started;
  if (!details.failed || details.counterexample === null) {
    return { found: false, runsUntilFound: search.numRuns, elapsedMs, seed: options.seed, path: null, counterexample: null, firstFailure, msUntilFound, shrinks: 0 };
  }
  const [schedule, runSeed] = details.counterexample;
  // Re-run the reported counterexample so that its reason is its own, not the last shrink's.
  const verdict = await checkRun(runSchedule(schedule, { ...options.sim, seed: runSeed }), options.model);
  if (verdict.valid) throw new Error(`the counterexample did not replay (run seed ${runSeed}): the simulator is not deterministic`);
  return {
    found: true,
    runsUntilFound: search.numRuns,
    elapsedMs,
    seed: options.seed,
    path: details.counterexamplePath,
    counterexample: { schedule, runSeed, reason: verdict.reason! },
    firstFailure,
    msUntilFound,
    shrinks: details.numShrinks,
  };
}
