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

/**
 * `call`/`ret` are event positions: the file's order is the real-time order, and
 * positions keep it exact even where clocks tie.
 */
export function pairOperations(file: string, events: readonly SourcedEvent[]): Operation[] {
  const open = new Map<ProcessId, Open>();
  // Indexed by the invocation's position: walking it in order gives the ops in call order.
  const byCall: Array<Completed | undefined> = new Array(events.length);
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
    if (event.type === 'fail') return;
    byCall[pending.position] = { invoke: pending, ok: event.type === 'ok' ? event : null, okPosition: position };
  });
  for (const pending of open.values()) byCall[pending.position] = { invoke: pending, ok: null, okPosition: -1 };

  const ops: Operation[] = [];
  for (const completed of byCall) if (completed !== undefined) ops.push(operation(ops.length, completed));
  return ops;
}

interface Completed {
  readonly invoke: Open;
  /** Null when the outcome is unknown. */
  readonly ok: HistoryEvent | null;
  readonly okPosition: number;
}

/** One object literal for every op, so that they all share one shape. */
function operation(id: number, { invoke, ok, okPosition }: Completed): Operation {
  const event = invoke.event;
  return {
    id,
    process: event.process,
    f: event.f,
    key: event.key,
    input: event.value ?? null,
    output: ok === null ? undefined : ok.value,
    known: ok !== null,
    call: invoke.position,
    ret: ok === null ? Infinity : okPosition,
    invokeIndex: invoke.position,
    completeIndex: ok === null ? null : okPosition,
  };
}
