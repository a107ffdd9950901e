/** Validation of one event's fields, shared by every reader. */
import { MalformedHistoryError } from './errors.js';
import type { EventType, HistoryEvent, ProcessId } from './types.js';

const EVENT_TYPES: readonly EventType[] = ['invoke', 'ok', 'fail', 'info'];

/** Builds a HistoryEvent from a parsed object, or throws naming the line and the field. */
export function toEvent(file: string, line: number, raw: unknown, index: number): HistoryEvent {
  const fail = (expected: string): never => {
    throw new MalformedHistoryError(file, line, expected);
  };
  if (raw === null || typeof raw !== 'object' || Array.isArray(raw)) fail('expected an event object');
  const fields = raw as Record<string, unknown>;
  const type = fields.type;
  if (typeof type !== 'string' || !EVENT_TYPES.includes(type as EventType)) {
    fail(`expected "type" to be one of ${EVENT_TYPES.join(', ')}, got ${JSON.stringify(type) ?? 'nothing'}`);
  }
  const process = fields.process;
  if (!(typeof process === 'number' && Number.isInteger(process)) && typeof process !== 'string') {
    fail(`expected "process" to be an integer or a name, got ${JSON.stringify(process) ?? 'nothing'}`);
  }
  const f = fields.f;
  if (typeof f !== 'string') fail(`expected "f" to be a string, got ${JSON.stringify(f) ?? 'nothing'}`);
  const key = fields.key;
  if (key !== undefined && key !== null && typeof key !== 'string' && typeof key !== 'number') {
    fail(`expected "key" to be a string, got ${JSON.stringify(key)}`);
  }
  const time = fields.time;
  if (time !== undefined && typeof time !== 'number') fail(`expected "time" to be a number, got ${JSON.stringify(time)}`);
  return {
    index,
    time: typeof time === 'number' ? time : index,
    type: type as EventType,
    process: process as ProcessId,
    f: f as string,
    ...(key === undefined || key === null ? {} : { key: String(key) }),
    ...(fields.value === undefined ? {} : { value: fields.value }),
    ...(typeof fields.node === 'string' ? { node: fields.node } : {}),
    ...(fields.error === undefined || fields.error === null ? {} : { error: errorText(fields.error) }),
  };
}

/** Jepsen errors are often structured (`:error [:timeout nil]`); kept readable as text. */
function errorText(error: unknown): string {
  return typeof error === 'string' ? error : JSON.stringify(error);
}
