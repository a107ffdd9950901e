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
  readonly source: SourcedEvent;
}

/**
 * `call`/`ret` are event positions: the file's order is the real-time order, and
 * positions keep it exact even where clocks tie.
 */
export function pairOperations(file: string, events: readonly SourcedEvent[]): Operation[] {
  const open = new Map<ProcessId, Open>();
  const ops: Array<Omit<Operation, 'id'>> = [];
  events.forEach((source, position) => {
    const { event, line } = source;
    if (!isClientProcess(event.process)) return;
    const pending = open.get(event.process);
    if (event.type === 'invoke') {
      if (pending !== undefined) {
        throw new MalformedHistoryError(
          file,
          line,
          `expected a completion of process ${String(event.process)}'s op from line ${pending.source.line} before its next invoke`,
        );
      }
      open.set(event.process, { source: { event: { ...event, index: position }, line } });
      return;
    }
    if (pending === undefined) {
      throw new MalformedHistoryError(file, line, `expected an invoke by process ${String(event.process)} before this ${event.type}`);
    }
    if (event.f !== pending.source.event.f) {
      throw new MalformedHistoryError(
        file,
        line,
        `expected the completion of process ${String(event.process)}'s ${pending.source.event.f} from line ${pending.source.line}, got a ${event.f}`,
      );
    }
    open.delete(event.process);
    if (event.type === 'fail') return;
    ops.push(operation(pending.source.event, event.type === 'ok' ? { ...event, index: position } : null));
  });
  for (const { source } of open.values()) ops.push(operation(source.event, null));
  ops.sort((a, b) => a.call - b.call);
  return ops.map((op, id) => ({ ...op, id }));
}

function operation(invoke: HistoryEvent, ok: HistoryEvent | null): Omit<Operation, 'id'> {
  return {
    process: invoke.process,
    f: invoke.f,
    key: invoke.key,
    input: invoke.value ?? null,
    output: ok === null ? undefined : ok.value,
    known: ok !== null,
    call: invoke.index,
    ret: ok === null ? Infinity : ok.index,
    invokeIndex: invoke.index,
    completeIndex: ok === null ? null : ok.index,
  };
}
