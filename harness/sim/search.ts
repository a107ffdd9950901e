/**
 * Property-based search over fault schedules: fast-check generates (schedule, seed)
 * pairs and runs each in the simulator; the first failing run is then shrunk on the
 * schedule's structure (harness/faults/shrink.ts: drop faults, merge them, fewer ops,
 * fewer targets, shorter faults, a calmer network, other seeds) to a minimal one. The
 * fast-check seed and path replay the first failure; the shrunk schedule with its run
 * seed and op count replays the shrunk one.
 */
import fc from 'fast-check';
import type { ModelSpec } from '../../checkers/linearizable/models/index.js';
import { checkRun } from './check-run.js';
import { scheduleArbitrary, type ScheduleShape } from '../faults/arbitrary.js';
import type { FaultSchedule } from '../faults/schedule.js';
import { shrinkCase, SIM_SHRINK_RUNS, type Judge, type ShrinkOutcome } from '../faults/shrink.js';
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
  /** Shrinking runs at most this many candidates (default SIM_SHRINK_RUNS): bounded by runs, it ends in the same place on any machine. */
  readonly shrinkRuns?: number;
}

export interface Counterexample {
  readonly schedule: FaultSchedule;
  readonly runSeed: number;
  /** The run's client operations (shrinking makes them fewer than `sim.ops`). */
  readonly ops: number;
  readonly reason: string;
}

export interface SearchOutcome {
  readonly found: boolean;
  /** Schedules run before the first failure (or in all, when none failed). */
  readonly runsUntilFound: number;
  readonly elapsedMs: number;
  readonly seed: number;
  /** fast-check's path to the first failure: with the seed it replays it. */
  readonly path: string | null;
  /** The failure, shrunk when shrinking was asked for. */
  readonly counterexample: Counterexample | null;
  /** The first failing schedule, before shrinking. */
  readonly firstFailure: FaultSchedule | null;
  /** Milliseconds until the first failure was seen (the rest of elapsedMs went to shrinking). */
  readonly msUntilFound: number | null;
  /** Sizes before and after, candidate runs and kept steps of the shrinking (null when not shrunk). */
  readonly shrink: ShrinkOutcome | null;
}

/** Runs a case in the simulator and checks it: the failure's reason, or null when valid. */
export function simJudge(sim: SimOptions, model: ModelSpec): Judge {
  return async ({ schedule, length, seed }) => (await checkRun(runSchedule(schedule, { ...sim, ops: length, seed }), model)).reason;
}

interface Failure {
  readonly schedule: FaultSchedule;
  readonly runSeed: number;
  readonly reason: string;
  readonly atMs: number;
}

export async function searchSchedules(options: SearchOptions): Promise<SearchOutcome> {
  const started = performance.now();
  const failures: Failure[] = [];
  const property = fc.asyncProperty(
    fc.noBias(scheduleArbitrary(options.shape)),
    fc.integer({ min: 1, max: 2 ** 30 }),
    async (schedule, runSeed) => {
      // Runs are synchronous: let timers and I/O (a test runner's heartbeat) through between them.
      await new Promise((resolve) => setImmediate(resolve));
      const verdict = await checkRun(runSchedule(schedule, { ...options.sim, seed: runSeed }), options.model);
      if (!verdict.valid) failures.push({ schedule, runSeed, reason: verdict.reason!, atMs: performance.now() - started });
      return verdict.valid;
    },
  );
  const search = await fc.check(property, {
    numRuns: options.numRuns,
    seed: options.seed,
    endOnFailure: true,
    ...(options.timeLimitMs === undefined ? {} : { interruptAfterTimeLimit: options.timeLimitMs }),
  });
  const first = failures[0];
  if (!search.failed || first === undefined) {
    return { found: false, runsUntilFound: search.numRuns, elapsedMs: performance.now() - started, seed: options.seed, path: null, counterexample: null, firstFailure: null, msUntilFound: null, shrink: null };
  }
  const judge = simJudge(options.sim, options.model);
  const unshrunk = { schedule: first.schedule, length: options.sim.ops, seed: first.runSeed };
  const shrink = options.shrink ? await shrinkCase(unshrunk, first.reason, judge, { maxRuns: options.shrinkRuns ?? SIM_SHRINK_RUNS, minLength: 10 }) : null;
  const found = shrink?.shrunk ?? unshrunk;
  // Re-run the reported counterexample so that its reason is its own.
  const reason = await judge(found);
  if (reason === null) throw new Error(`the counterexample did not replay (run seed ${found.seed}): the simulator is not deterministic`);
  return {
    found: true,
    runsUntilFound: search.numRuns,
    elapsedMs: performance.now() - started,
    seed: options.seed,
    path: search.counterexamplePath,
    counterexample: { schedule: found.schedule, runSeed: found.seed, ops: found.length, reason },
    firstFailure: first.schedule,
    msUntilFound: first.atMs,
    shrink,
  };
}
