/**
 * Checks the run while it goes on, and reports the first violation (`--fail-fast`):
 * the nodes' logs against the system's log invariants several times a second (cheap:
 * each line is read once), and the history recorded so far for linearizability on a
 * worker thread (watch-check.ts). A history cut short is still checkable — an operation
 * without its completion may or may not have happened — so anything found invalid now
 * stays invalid. One history check at a time, each bounded in time, and after each
 * search the watch rests in proportion to how long it took, so that searching hard
 * histories takes at most a third of one core from the cluster under test. While it
 * rests, it still looks for a stale read every interval (one pass over the history,
 * stale-witness.ts, then a search given no time: some 50–200 ms for 20,000–35,000
 * operations).
 */
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import Tinypool from 'tinypool';
import type { ModelSpec } from '../../checkers/linearizable/models/index.js';
import type { NodeLogTail } from './node-log-tail.js';
import { packageRoot } from './paths.js';
import checkSoFar, { type WatchCheckResult, type WatchCheckTask } from './watch-check.js';

const LOG_POLL_MS = 250;
/** How long one history check may search, by default. */
const CHECK_TIME_LIMIT_MS = 10_000;
/** After a search that took d ms, the next starts no sooner than this many times d later. */
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
  /** How long one search may take (default: 10 s). */
  readonly searchLimitMs?: number;
}

export class ViolationWatch {
  private logTimer: NodeJS.Timeout | null = null;
  private nextCheck: NodeJS.Timeout | null = null;
  private checking: Promise<void> | null = null;
  private pool: Tinypool | null = null;
  private readonly stopping = new AbortController();
  private everyMs = 0;
  /** When the next check may search (performance.now()): after a search of d ms, the watch rests REST_PER_CHECK × d. */
  private searchFrom = 0;
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
      // While the watch rests from a long search, it still looks for a stale read (one pass, a search given no time) at every interval.
      const search = started >= this.searchFrom;
      this.checking = this.checkHistory(search ? (this.options.searchLimitMs ?? CHECK_TIME_LIMIT_MS) : 0).finally(() => {
        this.checking = null;
        const tookMs = performance.now() - started;
        if (search) this.searchFrom = performance.now() + REST_PER_CHECK * tookMs;
        if (this.found === null && !this.stopping.signal.aborted) this.scheduleCheck(this.everyMs);
      });
    }, afterMs);
  }

  private checkLogs(): void {
    if (this.found !== null) return;
    const [first] = this.options.logs!.poll().findings;
    if (first !== undefined) this.found = { foundAtMs: this.options.elapsedMs(), evidenceAtMs: null, what: first };
  }

  private async checkHistory(timeLimitMs: number): Promise<void> {
    const task: WatchCheckTask = { historyPath: this.options.historyPath, model: this.options.model, timeLimitMs };
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
