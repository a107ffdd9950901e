/**
 * Checks the run while it goes on, and reports the first violation (`--fail-fast`):
 * the nodes' logs against the system's log invariants several times a second (cheap:
 * each line is read once), and the history recorded so far for linearizability every
 * `everyMs`. A history cut short is still checkable — an operation without its
 * completion may or may not have happened — so anything found invalid now stays
 * invalid. One history check at a time; each is bounded in time.
 */
import { readHistory } from '../../checkers/history/read.js';
import { checkOperations } from '../../checkers/linearizable/check.js';
import type { ModelSpec } from '../../checkers/linearizable/models/index.js';
import type { NodeLogTail } from './node-log-tail.js';

const LOG_POLL_MS = 250;

export interface Violation {
  /** Milliseconds from time 0 to the check that found it. */
  readonly foundAtMs: number;
  /** Milliseconds from time 0 to the completion of the op that cannot be linearized (null for a log finding). */
  readonly evidenceAtMs: number | null;
  /** What was found, in one line. */
  readonly what: string;
}

export interface WatchOptions {
  readonly historyPath: string;
  readonly model: ModelSpec;
  /** The nodes' logs and the system's checker of them, when it has one. */
  readonly logs: NodeLogTail | null;
  readonly elapsedMs: () => number;
}

export class ViolationWatch {
  private readonly timers: NodeJS.Timeout[] = [];
  private checking: Promise<void> | null = null;
  found: Violation | null = null;

  constructor(private readonly options: WatchOptions) {}

  start(everyMs: number): void {
    this.timers.push(
      setInterval(() => {
        if (this.checking === null && this.found === null) this.checking = this.checkHistory().finally(() => (this.checking = null));
      }, everyMs),
    );
    if (this.options.logs !== null) this.timers.push(setInterval(() => this.checkLogs(), LOG_POLL_MS));
  }

  async stop(): Promise<void> {
    for (const timer of this.timers) clearInterval(timer);
    await this.checking;
  }

  private checkLogs(): void {
    if (this.found !== null) return;
    const [first] = this.options.logs!.poll().findings;
    if (first !== undefined) this.found = { foundAtMs: this.options.elapsedMs(), evidenceAtMs: null, what: first };
  }

  private async checkHistory(): Promise<void> {
    const history = readHistory(this.options.historyPath, { format: 'jsonl' });
    const result = await checkOperations(history.operations, this.options.model, { timeLimitMs: 10_000 });
    if (result.verdict !== 'invalid' || this.found !== null) return;
    const op = result.counterexample?.op;
    const index = op === undefined ? null : (op.completeIndex ?? op.invokeIndex);
    const evidence = index === null ? undefined : history.events[index];
    this.found = {
      foundAtMs: this.options.elapsedMs(),
      evidenceAtMs: evidence === undefined ? null : evidence.time / 1e6,
      what: op === undefined ? 'not linearizable' : `not linearizable: process ${String(op.process)}: ${op.description}`,
    };
  }
}
