/**
 * The history as recorded (one event per line of history.jsonl, DESIGN.md) and the
 * paired operations the checker searches over.
 */

export type EventType = 'invoke' | 'ok' | 'fail' | 'info';

/** A process is a client's number, or a named actor such as "nemesis". */
export type ProcessId = number | string;

export interface HistoryEvent {
  readonly index: number;
  /** Nanoseconds since the test started (monotonic). */
  readonly time: number;
  readonly type: EventType;
  readonly process: ProcessId;
  readonly f: string;
  readonly key?: string;
  readonly value?: unknown;
  /** The node that answered, when known. */
  readonly node?: string;
  /** Why an op failed or is unknown, when known. */
  readonly error?: string;
}

/**
 * One client operation, its invocation paired with its completion, after Jepsen's
 * semantics: `fail` ops are gone (they never happened); an `info` op or an invocation
 * with no completion is `known: false` with `ret = Infinity` (it may take effect at
 * any time after its call, or never).
 */
export interface Operation {
  /** Dense, 0..n-1, in call order. */
  readonly id: number;
  readonly process: ProcessId;
  readonly f: string;
  /** The key the op touches, for models partitioned by key. */
  readonly key: string | undefined;
  /** The invocation's value. */
  readonly input: unknown;
  /**
   * The completion's value; meaningless when `known` is false. Undefined when the
   * completion carried no value (it constrains nothing, e.g. Knossos' nil reads).
   */
  readonly output: unknown;
  readonly known: boolean;
  /** Ordering positions: event times, or event positions when a format has no times. */
  readonly call: number;
  readonly ret: number;
  /** Position of the invoke / completion event in the source history (for explanations). */
  readonly invokeIndex: number;
  readonly completeIndex: number | null;
}
