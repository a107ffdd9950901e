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

/** The nemesis (Jepsen's `:nemesis`) records faults in the history; its events are not client ops. */
export function isClientProcess(process: ProcessId): boolean {
  return process !== 'nemesis' && process !== ':nemesis';
}

interface Open {
  readonly event: HistoryEvent;
  readonly position: number;
  readonly line: number;
}

/** An invocation and its completion, as positions in the history (null: never completed). */
export interface EventPair {
  readonly invoke: number;
  readonly complete: number | null;
}

/**
 * Every client invocation with its completion (ok, fail or info), in call order. The
 * checker keeps the ones that may have happened (`pairOperations`); a report shows all.
 */
export function pairEvents(file: string, events: readonly SourcedEvent[]): EventPair[] {
  const open = new Map<ProcessId, Open>();
  // Indexed by the invocation's position: walking it in order gives the pairs in call order.
  const byCall: Array<EventPair | undefined> = new Array(events.length);
  events.forEach(({ event, line }, position) => {
    if (!isClientProcess(event.process)) return;
    const pending = open.get(event.process);
    if (event.type === 'invoke') {
      if (pending !== undefined) {
        throw new MalformedHistoryError(
          file,
          line,
          `expected a completion of process ${String(event.process)}'s op from line ${pending.line} before its next invoke`,
        );
      }
      open.set(event.process, { event, position, line });
      return;
    }
    if (pending === undefined) {
      throw new MalformedHistoryError(file, line, `expected an invoke by process ${String(event.process)} before this ${event.type}`);
    }
    if (event.f !== pending.event.f) {
      throw new MalformedHistoryError(
        file,
        line,
        `expected the completion of process ${String(event.process)}'s ${pending.event.f} from line ${pending.line}, got a ${event.f}`,
      );
    }
    open.delete(event.process);
    byCall[pending.position] = { invoke: pending.position, complete: position };
  });
  for (const pending of open.values()) byCall[pending.position] = { invoke: pending.position, complete: null };
  const pairs: EventPair[] = [];
  for (const pair of byCall) if (pair !== undefined) pairs.push(pair);
  return pairs;
}

/**
 * `call`/`ret` are event positions: the file's order is the real-time order, and
 * positions keep it exact even where clocks tie.
 */
export function pairOperations(file: string, events: readonly SourcedEvent[]): Operation[] {
  const ops: Operation[] = [];
  for (const pair of pairEvents(file, events)) {
    if (pair.complete !== null && events[pair.complete]!.event.type === 'fail') continue;
    ops.push(operationOf(ops.length, events, pair));
  }
  return ops;
}

/** One object literal for every op, so that they all share one shape. */
export function operationOf(id: number, events: readonly SourcedEvent[], { invoke, complete }: EventPair): Operation {
  const event = events[invoke]!.event;
  const ok = complete === null || events[complete]!.event.type !== 'ok' ? null : events[complete]!.event;
  return {
    id,
    process: event.process,
    f: event.f,
    key: event.key,
    input: event.value ?? null,
    output: ok === null ? undefined : ok.value,
    known: ok !== null,
    call: invoke,
    ret: ok === null ? Infinity : complete!,
    invokeIndex: invoke,
    completeIndex: ok === null ? null : complete,
  };
}
