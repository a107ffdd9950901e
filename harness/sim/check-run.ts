/** Checks one simulated run: Raft invariants seen during it, then linearizability of its history. */
import { pairOperations } from '../../checkers/history/pair.js';
import { checkOperations, type CheckResult } from '../../checkers/linearizable/check.js';
import type { ModelSpec } from '../../checkers/linearizable/models/index.js';
import type { SimResult } from './simulator.js';

export interface RunVerdict {
  readonly valid: boolean;
  /** Why not, in one line: the first invariant violated or the op that cannot be linearized. */
  readonly reason: string | null;
  readonly linearizability: CheckResult;
}

export async function checkRun(result: SimResult, model: ModelSpec, timeLimitMs = 10_000): Promise<RunVerdict> {
  const operations = pairOperations('simulated history', result.history.map((event, i) => ({ event, line: i + 1 })));
  const linearizability = await checkOperations(operations, model, { timeLimitMs, workers: 0 });
  if (result.violations.length > 0) return { valid: false, reason: result.violations[0]!, linearizability };
  if (linearizability.verdict === 'invalid') {
    const c = linearizability.counterexample!;
    return { valid: false, reason: `not linearizable: process ${String(c.op.process)} ${c.op.description} (event ${c.op.completeIndex ?? c.op.invokeIndex})`, linearizability };
  }
  if (linearizability.verdict === 'unknown') return { valid: false, reason: `linearizability unknown: ran out of ${linearizability.unknown?.reason}`, linearizability };
  return { valid: true, reason: null, linearizability };
}
