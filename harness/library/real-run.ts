/**
 * A chaos test run against processes for one case — a schedule, a seed, a time limit —
 * and what its verdict says, for the library and shrinking. Real runs are not
 * deterministic: the same case may come out differently, so shrinking them is worth a
 * few runs only.
 */
import type { Judge, ShrinkCase } from '../faults/shrink.js';
import { runChaosTest, type RunHooks, type RunOutcome } from '../real/run.js';
import type { ChaosTest } from '../real/test.js';
import type { Results } from '../store/types.js';

export function withCase(test: ChaosTest, c: ShrinkCase): ChaosTest {
  return { ...test, schedule: c.schedule, seed: c.seed, timeLimitMs: c.length, nodes: c.schedule.nodes };
}

export function runCase(test: ChaosTest, c: ShrinkCase, hooks: RunHooks = {}): Promise<RunOutcome> {
  return runChaosTest(withCase(test, c), hooks);
}

/** Why a run is not valid, in one line (null when it is). */
export function failureOf(results: Results): string | null {
  const { checker } = results;
  if (results.verdict === 'valid') return null;
  const [finding] = results.findings ?? [];
  if (finding !== undefined) return finding;
  if (checker.counterexample !== undefined) {
    const c = checker.counterexample;
    return `not linearizable: key ${c.partition ?? '(all)'}, process ${String(c.op.process)}: ${c.op.description} (history event ${c.op.completeIndex ?? c.op.invokeIndex})`;
  }
  return `linearizability unknown: the checker ran out of ${checker.unknown?.reason ?? 'time'}`;
}

/** Runs candidates against processes, for shrinking. */
export function realJudge(test: ChaosTest, hooks: RunHooks = {}): Judge {
  return async (c) => failureOf((await runCase(test, c, hooks)).results);
}
