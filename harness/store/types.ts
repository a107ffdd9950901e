/**
 * What a run folder holds (`store/<test>/<timestamp>/`), as types: the harness writes
 * these files, the reports render them. `test.json` is the test value as it ran;
 * `results.json` what the checker and the statistics made of its history.
 */
import type { CheckResult, Verdict } from '../../checkers/linearizable/result.js';

export const RUN_FILES = {
  test: 'test.json',
  history: 'history.jsonl',
  results: 'results.json',
  report: 'report.html',
  nodes: 'nodes',
  toxiproxyLog: 'toxiproxy.log',
} as const;

/** `test.json`: the test as a plain value, enough to say what ran and to run it again. */
export interface TestRecord {
  /** The test's name: the folder under the store. */
  readonly name: string;
  /** When history time 0 was, as ISO 8601 and as the harness's Date.now(). */
  readonly startedAt: string;
  readonly startedAtMs: number;
  readonly seed: number;
  /** The command line that started the run, as the user typed it (argv after node). */
  readonly command: readonly string[];
  /** faultline's, Node's and the tools' versions. */
  readonly versions: Readonly<Record<string, string>>;
  /** The test's configuration: system, workload, nemeses, limits (each mode adds its own fields). */
  readonly config: Readonly<Record<string, unknown>>;
  /** The fault schedule the run played (null when it had no nemesis). */
  readonly schedule: unknown;
}

export interface OutcomeCounts {
  readonly ok: number;
  readonly fail: number;
  readonly info: number;
  /** Invoked and never completed (the run stopped first). */
  readonly open: number;
}

export interface Counts extends OutcomeCounts {
  /** Client operations invoked. */
  readonly ops: number;
  readonly byF: Readonly<Record<string, OutcomeCounts>>;
  /** Nemesis events (fault starts and ends). */
  readonly nemesis: number;
}

/** Milliseconds from invoke to completion. */
export interface LatencyQuantiles {
  readonly count: number;
  readonly p50: number;
  readonly p90: number;
  readonly p99: number;
  readonly max: number;
}

/** Latency of completed ops by outcome (`ok`, `fail`, `info`) and by `f` of `ok` ops. */
export interface Latency {
  readonly ok: LatencyQuantiles | null;
  readonly fail: LatencyQuantiles | null;
  readonly info: LatencyQuantiles | null;
  readonly okByF: Readonly<Record<string, LatencyQuantiles>>;
}

/** `results.json`. */
export interface Results {
  readonly verdict: Verdict;
  /** The linearizability checker's result, as checkers/linearizable/check.ts returns it. */
  readonly checker: CheckResult;
  readonly counts: Counts;
  readonly latency: Latency;
  /**
   * Violations found besides the history's check, one line each (the system's log
   * invariants, e.g. two leaders in one term); any makes the verdict invalid.
   */
  readonly findings?: readonly string[];
  /** The command that runs this test again. */
  readonly replay: string;
  /** When the run ended otherwise than by its time limit (e.g. interrupted), why. */
  readonly stopped?: string;
  /** Wall time from history time 0 to the end of the check, in ms. */
  readonly durationMs: number;
}
