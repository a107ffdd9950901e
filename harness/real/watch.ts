/**
 * Checks the history recorded so far while the run goes on, and reports the first
 * violation (`--fail-fast`): a history cut short is still checkable — an operation
 * without its completion may or may not have happened — so anything found invalid
 * now stays invalid. One check at a time; each is bounded in time.
 */
import { readHistory } from '../../checkers/history/read.js';
import { checkOperations } from '../../checkers/linearizable/check.js';
import type { ModelSpec } from '../../checkers/linearizable/models/index.js';

export interface Violation {
  /** Milliseconds from time 0 to the check that found it. */
  readonly foundAtMs: number;
  /** Milliseconds from time 0 to the completion of the op that cannot be linearized. */
  readonly evidenceAtMs: number | null;
}

export class ViolationWatch {
  private timer: NodeJS.Timeout | null = null;
  private checking: Promise<void> | null = null;
  found: Violation | null = null;

  constructor(
    private readonly historyPath: string,
    private readonly model: ModelSpec,
    private readonly elapsedMs: () => number,
    private readonly onViolation: (violation: Violation) => void,
  ) {}

  start(everyMs: number): void {
    this.timer = setInterval(() => {
      if (this.checking === null && this.found === null) this.checking = this.check().finally(() => (this.checking = null));
    }, everyMs);
  }

  async stop(): Promise<void> {
    if (this.timer !== null) clearInterval(this.timer);
    await this.checking;
  }

  private async check(): Promise<void> {
    const history = readHistory(this.historyPath, { format: 'jsonl' });
    const result = await checkOperations(history.operations, this.model, { timeLimitMs: 10_000 });
    if (result.verdict !== 'invalid' || this.found !== null) return;
    const op = result.counterexample?.op;
    const index = op === undefined ? null : (op.completeIndex ?? op.invokeIndex);
    const evidence = index === null ? undefined : history.events[index];
    this.found = { foundAtMs: this.elapsedMs(), evidenceAtMs: evidence === undefined ? null : evidence.time / 1e6 };
    this.onViolation(this.found);
  }
}
