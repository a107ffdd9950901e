/**
 * One run of a chaos test and, when it fails, its shrinking: in the simulator (a seed
 * replays a run exactly, so shrinking takes many cheap runs) or against processes (a
 * few expensive ones). What comes back is what the failure message says.
 */
import { shrinkCase, type ShrinkCase, type ShrinkOutcome } from '../faults/shrink.js';
import type { FailureFacts } from '../library/failure.js';
import { failureOf, runCase } from '../library/real-run.js';
import { simulate, storeSimRun, testSimJudge } from '../library/simulate.js';
import type { RunOutcome } from '../real/run.js';
import type { ChaosTest } from '../real/test.js';
import { isKnownSystem } from '../systems/registry.js';

export type RunFailure = Omit<FailureFacts, 'test' | 'run' | 'runs' | 'seed' | 'path' | 'rerun'>;

export async function simulatedRun(test: ChaosTest, c: ShrinkCase, shrinkRuns: number): Promise<RunFailure | null> {
  const first = await simulate(test, c);
  if (first.verdict.valid) return null;
  const shrink = shrinkRuns > 0 ? await shrinkCase(c, first.verdict.reason!, testSimJudge(test), { maxRuns: shrinkRuns, minLength: 10 }) : null;
  const final = shrink?.shrunk ?? c;
  const finalRun = shrink === null ? first : await simulate(test, final);
  const stored = storeSimRun(test, final, finalRun);
  return {
    runSeed: final.seed,
    reason: finalRun.verdict.reason ?? first.verdict.reason!,
    schedule: final.schedule,
    shrink,
    unit: 'ops',
    check: finalRun.verdict.linearizability,
    replay: stored.replay,
    report: stored.report,
  };
}

export async function realRun(test: ChaosTest, c: ShrinkCase, shrinkRuns: number): Promise<RunFailure | null> {
  const failures = new Map<ShrinkCase, RunOutcome>();
  const judge = async (candidate: ShrinkCase): Promise<string | null> => {
    const outcome = await runCase(test, candidate);
    const reason = failureOf(outcome.results);
    if (reason !== null) failures.set(candidate, outcome);
    return reason;
  };
  const reason = await judge(c);
  if (reason === null) return null;
  // An unknown verdict is not a failure to shrink: the checker gave up.
  const shrink: ShrinkOutcome | null =
    shrinkRuns > 0 && failures.get(c)!.results.verdict === 'invalid' ? await shrinkCase(c, reason, judge, { maxRuns: shrinkRuns, minLength: 1000, reseeds: 0 }) : null;
  const final = shrink?.shrunk ?? c;
  const outcome = failures.get(final)!;
  return {
    runSeed: final.seed,
    reason: failureOf(outcome.results)!,
    schedule: final.schedule,
    shrink,
    unit: 'ms',
    check: outcome.results.checker,
    replay: isKnownSystem(test.system.name) ? `faultline run --replay ${outcome.folder.dir}` : `the run folder ${outcome.folder.dir} holds its test.json and schedule`,
    report: outcome.folder.reportPath,
  };
}
