/**
 * One check of the history recorded so far, run by the violation watch on a worker
 * thread (tinypool loads the compiled file): reading and searching a long history takes
 * from milliseconds to seconds, and in the harness's own thread it would hold up the
 * clients' timeouts and the nemesis — every op would then time out, and the next check
 * would be harder still.
 */
import { readHistory } from '../../checkers/history/read.js';
import { checkOperations } from '../../checkers/linearizable/check.js';
import type { ModelSpec } from '../../checkers/linearizable/models/index.js';
import type { Verdict } from '../../checkers/linearizable/result.js';

export interface WatchCheckTask {
  readonly historyPath: string;
  readonly model: ModelSpec;
  readonly timeLimitMs: number;
}

export interface WatchCheckResult {
  readonly verdict: Verdict;
  /** The op that cannot be linearized, in one line, when invalid. */
  readonly what: string | null;
  /** Milliseconds from time 0 to that op's completion (or invocation). */
  readonly evidenceAtMs: number | null;
}

export default async function checkSoFar(task: WatchCheckTask): Promise<WatchCheckResult> {
  const history = readHistory(task.historyPath, { format: 'jsonl' });
  // This thread is the check's one core: the other is left to the cluster. A stale read
  // proved in one pass is reported before a search that may take the whole time limit.
  const result = await checkOperations(history.operations, task.model, { timeLimitMs: task.timeLimitMs, workers: 0, witnessFirst: true });
  if (result.verdict !== 'invalid') return { verdict: result.verdict, what: null, evidenceAtMs: null };
  const op = result.counterexample?.op;
  const index = op === undefined ? null : (op.completeIndex ?? op.invokeIndex);
  const evidence = index === null ? undefined : history.events[index];
  return {
    verdict: 'invalid',
    what: op === undefined ? 'not linearizable' : `not linearizable: process ${String(op.process)}: ${op.description}`,
    evidenceAtMs: evidence === undefined ? null : evidence.time / 1e6,
  };
}
