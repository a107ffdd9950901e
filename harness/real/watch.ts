/**
 * Checks the run while it goes on, and reports the first violation (`--fail-fast`):
 * the nodes' logs against the system's log invariants several times a second (cheap:
 * each line is read once), and the history recorded so far for linearizability on a
 * worker thread (watch-check.ts). A history cut short is still checkable — an operation
 * without its completion may or may not have happened — so anything found invalid now
 * stays invalid. One history check at a time, each bounded in time, and after each the
 * watch rests in proportion to how long it took, so that checking hard histories takes
 * at most a third of one core from the cluster under test.
 */
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import Tinypool from 'tinypool';
import type { ModelSpec } from '../../checkers/linearizable/models/index.js';
import type { NodeLogTail } from './node-log-tail.js';
import { packageRoot } from './paths.js';
import checkSoFar, { type WatchCheckResult, type WatchCheckTask } from './watch-check.js';

const LOG_POLL_MS = 250;
/** How long one history check may search. */
const CHECK_TIME_LIMIT_MS = 10_000;
/** After a check that took d ms, the next starts no sooner than this many times d later. */
const REST_PER_CHECK = 2;

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
  private logTimer: NodeJS.Timeout | null = null;
  private nextCheck: NodeJS.Timeout | null = null;
  private checking: Promise<void> | null = null;
  private pool: Tinypool | null = null;
  private readonly stopping = new AbortController();
  private everyMs = 0;
  found: Violation | null = null;

  constructor(private readonly options: WatchOptions) {}

  start(everyMs: number): void {
    const compiled = join(packageRoot(), 'dist', 'harness', 'real', 'watch-check.js');
    // Without a build (vitest on the sources), the check runs in this thread.
    if (existsSync(compiled)) this.pool = new Tinypool({ filename: compiled, minThreads: 1, maxThreads: 1, isolateWorkers: false });
    this.everyMs = everyMs;
    this.scheduleCheck(everyMs);
    if (this.options.logs !== null) this.logTimer = setInterval(() => this.checkLogs(), LOG_POLL_MS);
  }

  /** Ends the checks (one in progress is cancelled) and the worker thread; safe to call again. */
  async stop(): Promise<void> {
    if (this.logTimer !== null) clearInterval(this.logTimer);
    if (this.nextCheck !== null) clearTimeout(this.nextCheck);
    this.stopping.abort();
    await this.checking;
    const pool = this.pool;
    this.pool = null;
    await pool?.destroy();
  }

  private scheduleCheck(afterMs: number): void {
    this.nextCheck = setTimeout(() => {
      const started = performance.now();
      this.checking = this.checkHistory().finally(() => {
        this.checking = null;
        const tookMs = performance.now() - started;
        if (this.found === null && !this.stopping.signal.aborted) this.scheduleCheck(Math.max(this.everyMs, REST_PER_CHECK * tookMs));
      });
    }, afterMs);
  }

  private checkLogs(): void {
    if (this.found !== null) return;
    const [first] = this.options.logs!.poll().findings;
    if (first !== undefined) this.found = { foundAtMs: this.options.elapsedMs(), evidenceAtMs: null, what: first };
  }

  private async checkHistory(): Promise<void> {
    const task: WatchCheckTask = { historyPath: this.options.historyPath, model: this.options.model, timeLimitMs: CHECK_TIME_LIMIT_MS };
    let result: WatchCheckResult;
    try {
      result = this.pool === null ? await checkSoFar(task) : await this.pool.run(task, { signal: this.stopping.signal });
    } catch {
      // Cancelled by stop(), or a history this check could not read: the final check will judge it.
      return;
    }
    if (result.verdict !== 'invalid' || this.found !== null) return;
    this.found = { foundAtMs: this.options.elapsedMs(), evidenceAtMs: result.evidenceAtMs, what: result.what ?? 'not linearizable' };
  }
}
