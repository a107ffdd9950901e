/**
 * Pairs invocations with completions into operations, under Jepsen's semantics: a
 * `fail` never happened; an `info`, or an invocation left open at the end, may take
 * effect at any time after its call, or never; nemesis events are not client ops; a
 * process runs one op at a time.
 */
import { MalformedHistoryError } from './errors.js';
import type { HistoryEvent, Operation, ProcessId } from './types.js';

/** An event as read from a file, with the line it came from. */
export interface SourcedEvent {
  readonly event: HistoryEvent;
  readonly line: number;
}

/** A file's events and, by position, the lines they start on. */
export interface ParsedEvents {
  readonly events: HistoryEvent[];
  readonly lines: number[];
}

/** The nemesis (Jepsen's `:nemesis`) records faults in the history; its events are not client ops. */
export function isClientProcess(process: ProcessId): boolean {
  return process !== 'nemesis' && process !== ':nemesis';
}

/** An invocation and its completion, as positions in the history (null: never completed). */
export interface EventPair {
  readonly invoke: number;
  readonly complete: number | null;
}

/** Per event position: for an invocation, its completion's position, or one of these. */
const NOT_AN_INVOCATION = -2;
const NEVER_COMPLETED = -1;

/**
 * Pairs each client invocation with its completion (ok, fail or info); the result
 * holds, per invocation position, the completion's position (NEVER_COMPLETED when
 * there is none), and NOT_AN_INVOCATION at every other position.
 */
function completions(file: string, events: readonly HistoryEvent[], lines: readonly number[]): Int32Array {
  const completion = new Int32Array(events.length).fill(NOT_AN_INVOCATION);
  const open = new OpenInvocations();
  for (let position = 0; position < events.length; position++) {
    const event = events[position]!;
    if (!isClientProcess(event.process)) continue;
    const pending = open.get(event.process);
    if (event.type === 'invoke') {
      if (pending >= 0) {
        throw new MalformedHistoryError(
          file,
          lines[position]!,
          `expected a completion of process ${String(event.process)}'s op from line ${lines[pending]} before its next invoke`,
        );
      }
      open.set(event.process, position);
      completion[position] = NEVER_COMPLETED;
      continue;
    }
    if (pending < 0) {
      throw new MalformedHistoryError(file, lines[position]!, `expected an invoke by process ${String(event.process)} before this ${event.type}`);
    }
    const invoked = events[pending]!;
    if (event.f !== invoked.f) {
      throw new MalformedHistoryError(
        file,
        lines[position]!,
        `expected the completion of process ${String(event.process)}'s ${invoked.f} from line ${lines[pending]}, got a ${event.f}`,
      );
    }
    if (event.key !== undefined && event.key !== invoked.key) {
      throw new MalformedHistoryError(
        file,
        lines[position]!,
        `expected the completion of process ${String(event.process)}'s ${invoked.f} from line ${lines[pending]} to be for ${describeKey(invoked.key)}, got ${describeKey(event.key)}`,
      );
    }
    open.set(event.process, -1);
    completion[pending] = position;
  }
  return completion;
}

/** By process, the position of its open invocation (-1: none); small process numbers in an array. */
class OpenInvocations {
  private byNumber = new Int32Array(64).fill(-1);
  private readonly byName = new Map<ProcessId, number>();

  get(process: ProcessId): number {
    if (typeof process === 'number' && process >= 0 && process < this.byNumber.length) return this.byNumber[process]!;
    return this.byName.get(process) ?? -1;
  }

  set(process: ProcessId, position: number): void {
    if (typeof process === 'number' && process >= 0 && process < SMALL_PROCESS) {
      if (process >= this.byNumber.length) {
        const grown = new Int32Array(Math.max(2 * this.byNumber.length, process + 1)).fill(-1);
        grown.set(this.byNumber);
        this.byNumber = grown;
      }
      this.byNumber[process] = position;
    } else if (position < 0) {
      this.byName.delete(process);
    } else {
      this.byName.set(process, position);
    }
  }
}

const SMALL_PROCESS = 1 << 20;

function describeKey(key: string | undefined): string {
  return key === undefined ? 'no key' : `key ${JSON.stringify(key)}`;
}

/**
 * Every client invocation with its completion (ok, fail or info), in call order. The
 * checker keeps the ones that may have happened (`pairOperations`); a report shows all.
 */
export function pairEvents(file: string, events: readonly SourcedEvent[]): EventPair[] {
  const completion = completions(
    file,
    events.map((s) => s.event),
    events.map((s) => s.line),
  );
  const pairs: EventPair[] = [];
  for (let invoke = 0; invoke < completion.length; invoke++) {
    const complete = completion[invoke]!;
    if (complete !== NOT_AN_INVOCATION) pairs.push({ invoke, complete: complete === NEVER_COMPLETED ? null : complete });
  }
  return pairs;
}

/**
 * `call`/`ret` are event positions: the file's order is the real-time order, and
 * positions keep it exact even where clocks tie.
 */
export function pairOperations(file: string, events: readonly SourcedEvent[]): Operation[] {
  return operationsOf(
    file,
    events.map((s) => s.event),
    events.map((s) => s.line),
  );
}

/** pairOperations on the events and, by position, the lines they came from. */
export function operationsOf(file: string, events: readonly HistoryEvent[], lines: readonly number[]): Operation[] {
  const completion = completions(file, events, lines);
  const ops: Operation[] = [];
  for (let invoke = 0; invoke < completion.length; invoke++) {
    const complete = completion[invoke]!;
    if (complete === NOT_AN_INVOCATION) continue;
    const ok = complete === NEVER_COMPLETED ? null : events[complete]!;
    if (ok !== null && ok.type === 'fail') continue;
    ops.push(operation(ops.length, events[invoke]!, invoke, ok !== null && ok.type === 'ok' ? ok : null, complete));
  }
  return ops;
}

/** The op of a pair, for a report (whatever the completion's type). */
export function operationOf(id: number, events: readonly SourcedEvent[], { invoke, complete }: EventPair): Operation {
  const ok = complete === null || events[complete]!.event.type !== 'ok' ? null : events[complete]!.event;
  return operation(id, events[invoke]!.event, invoke, ok, complete ?? NEVER_COMPLETED);
}

/** One object literal for every op, so that they all share one shape. */
function operation(id: number, event: HistoryEvent, invoke: number, ok: HistoryEvent | null, complete: number): Operation {
  return {
    id,
    process: event.process,
    f: event.f,
    key: event.key,
    input: event.value ?? null,
    output: ok === null ? undefined : ok.value,
    known: ok !== null,
    call: invoke,
    ret: ok === null ? Infinity : complete,
    invokeIndex: invoke,
    completeIndex: ok === null ? null : complete,
  };
}
