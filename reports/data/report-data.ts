/**
 * What a report page embeds: one JSON value, prepared in Node (prepare.ts) and drawn
 * by the page (reports/page). Per-op fields are columns of small integers (times as
 * deltas, strings as indexes into one table), so the file grows linearly with the
 * history and stays a few bytes per field.
 */
import type { CheckResult, Verdict } from '../../checkers/linearizable/result.js';

/** An op's outcome: `pending` was never completed at all (the history ended first). */
export const OUTCOMES = ['ok', 'fail', 'info', 'pending'] as const;
export type Outcome = (typeof OUTCOMES)[number];

/** A missing index in a column. */
export const NONE = -1;

/**
 * Times on the page are ticks. A history with real times (nanoseconds since the test
 * started) has microsecond ticks; one without times (Knossos EDN, Porcupine logs) has
 * event positions, and then the page draws order, not duration.
 */
export type TimeAxis = { readonly kind: 'time'; readonly ticksPerSecond: number } | { readonly kind: 'position' };

/** One column per op field, ops in call order. Indexes point into `ReportData.strings`. */
export interface OpColumns {
  /** Call tick, each as the difference from the previous op's (the first from 0). */
  readonly call: number[];
  /** Completion tick minus call tick; NONE when never completed. */
  readonly duration: number[];
  /** Index into OUTCOMES. */
  readonly outcome: number[];
  /** Index into `processes`. */
  readonly process: number[];
  /** The row the op is drawn in (lanes.ts). */
  readonly lane: number[];
  /** Index into `keys`; NONE when the op has no key. */
  readonly key: number[];
  /** Index into `strings`: the op's function. */
  readonly f: number[];
  /** Index into `strings`: the op as the model describes it. */
  readonly text: number[];
  /** Position of the invoke event in the history, as the difference from the previous op's. */
  readonly invoke: number[];
  /** Position of the completion minus the invoke's; NONE when never completed. */
  readonly complete: number[];
  /** Index into `strings`: the node that answered; NONE when unknown. */
  readonly node: number[];
  /** Index into `strings`: why the op failed or is unknown; NONE when no reason was given. */
  readonly error: number[];
}

/** A fault from its start to its end (null: never ended in the history). */
export interface FaultBand {
  readonly start: number;
  readonly end: number | null;
  /** The fault's kind, e.g. partition, crash, pause, clock. */
  readonly kind: string;
  /** Its details in one line, e.g. "n1 n2 | n3 n4 n5". */
  readonly label: string;
  /** Nodes it names (drawn on their rows). */
  readonly nodes: readonly string[];
}

/** Something that happened at one instant: a nemesis event with no interval, or a notable node-log line. */
export interface Mark {
  readonly time: number;
  /** The node it concerns, or null for the nemesis. */
  readonly node: string | null;
  readonly label: string;
  readonly level: LogLevel;
}

export type LogLevel = 'info' | 'warn' | 'error';

/** A node's time as leader, from its log's role changes (end null: still leading when its log ends). */
export interface Leadership {
  readonly node: string;
  readonly start: number;
  readonly end: number | null;
}

/** A node's log line: [node index, tick (null: not on the history's clock), level, event, other fields as JSON]. */
export type LogLine = readonly [node: number, time: number | null, level: LogLevel, event: string, fields: string];

/** A log as text lines (e.g. toxiproxy.log). */
export interface TextLog {
  readonly name: string;
  readonly lines: readonly string[];
}

/** Counts per time bucket, and latency quantiles of the ok ops completed in it. */
export interface Series {
  /** Bucket start times in seconds. */
  readonly t: number[];
  readonly bucketSeconds: number;
  /** Ops completed per second in each bucket, by outcome. */
  readonly ok: number[];
  readonly fail: number[];
  readonly info: number[];
  /** Latency quantiles of ok ops in milliseconds; null for a bucket with none. */
  readonly p50: (number | null)[];
  readonly p95: (number | null)[];
  readonly p99: (number | null)[];
  readonly max: (number | null)[];
}

export interface ReportData {
  readonly version: 1;
  readonly title: string;
  /** Where the history came from: a run folder, a history file, a simulator schedule. */
  readonly source: string;
  readonly generatedAt: string;
  /** The run's verdict: the checker's, or invalid when another check (e.g. a Raft invariant) failed. */
  readonly verdict: Verdict;
  /** Why a run is invalid besides the checker, one line each. */
  readonly findings: readonly string[];
  readonly replay: string | null;
  readonly seed: string | null;
  /** The test value (test.json), or what the report knows of the check. */
  readonly config: unknown;
  readonly warnings: readonly string[];
  readonly check: CheckResult;
  readonly axis: TimeAxis;
  /** Ticks from the first to the last event. */
  readonly span: number;
  readonly strings: readonly string[];
  readonly processes: readonly string[];
  readonly keys: readonly string[];
  /** Per lane, the processes drawn in it, in order. */
  readonly lanes: readonly (readonly string[])[];
  readonly ops: OpColumns;
  readonly faults: readonly FaultBand[];
  readonly marks: readonly Mark[];
  readonly nodes: readonly string[];
  readonly logs: readonly LogLine[];
  readonly leaders: readonly Leadership[];
  /** Why node logs are not on the timeline, when they are not. */
  readonly logsOffClock: string | null;
  readonly textLogs: readonly TextLog[];
  /** Null for a history without times. */
  readonly series: Series | null;
}
