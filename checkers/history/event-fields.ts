/** Validation of one event's fields, shared by every reader. */
import { MalformedHistoryError } from './errors.js';
import type { EventType, HistoryEvent, ProcessId } from './types.js';

const EVENT_TYPES: readonly EventType[] = ['invoke', 'ok', 'fail', 'info'];

/** A value as it appears in an error message (BigInt and undefined included). */
export function quote(value: unknown): string {
  if (value === undefined) return 'nothing';
  try {
    return JSON.stringify(value, (_k, v: unknown) => (typeof v === 'bigint' ? `${v}` : v)) ?? String(value);
  } catch {
    return String(value);
  }
}

/**
 * Keys are kept as text. A number key and a string key with the same text (1 and "1")
 * would then be one key: a file that has both is refused.
 */
export class KeyKinds {
  private readonly kinds = new Map<string, { readonly numeric: boolean; readonly line: number }>();

  constructor(private readonly file: string) {}

  /** The key as text, or an error naming the line of the other spelling. */
  text(key: string | number | bigint, line: number): string {
    const text = String(key);
    const numeric = typeof key !== 'string';
    const seen = this.kinds.get(text);
    if (seen === undefined) this.kinds.set(text, { numeric, line });
    else if (seen.numeric !== numeric) {
      const [asNumber, asString] = numeric ? [line, seen.line] : [seen.line, line];
      throw new MalformedHistoryError(
        this.file,
        line,
        `expected each key to be always a number or always a string: key ${text} is a number on line ${asNumber} and the string "${text}" on line ${asString}`,
      );
    }
    return text;
  }
}

/**
 * Builds a HistoryEvent from a parsed object, or throws naming the line and the field.
 * Every event has the same shape (absent fields are undefined).
 */
export function toEvent(file: string, line: number, raw: unknown, index: number, keys: KeyKinds): HistoryEvent {
  if (raw === null || typeof raw !== 'object' || Array.isArray(raw)) throw new MalformedHistoryError(file, line, 'expected an event object');
  const fields = raw as Record<string, unknown>;
  return makeEvent(file, line, index, keys, fields.type, fields.process, fields.f, fields.key, fields.time, fields.value, fields.node, fields.error);
}

/** toEvent on fields already taken apart. */
export function makeEvent(
  file: string,
  line: number,
  index: number,
  keys: KeyKinds,
  type: unknown,
  process: unknown,
  f: unknown,
  key: unknown,
  time: unknown,
  value: unknown,
  node: unknown,
  error: unknown,
): HistoryEvent {
  const fail = (expected: string): never => {
    throw new MalformedHistoryError(file, line, expected);
  };
  if (type !== 'invoke' && type !== 'ok' && type !== 'fail' && type !== 'info') {
    fail(`expected "type" to be one of ${EVENT_TYPES.join(', ')}, got ${quote(type)}`);
  }
  if (!(typeof process === 'number' && Number.isInteger(process)) && typeof process !== 'string') {
    fail(`expected "process" to be an integer or a name, got ${quote(process)}`);
  }
  if (typeof f !== 'string') fail(`expected "f" to be a string, got ${quote(f)}`);
  if (key !== undefined && key !== null && typeof key !== 'string' && typeof key !== 'number' && typeof key !== 'bigint') {
    fail(`expected "key" to be a string or a number, got ${quote(key)}`);
  }
  if (time !== undefined && typeof time !== 'number' && typeof time !== 'bigint') fail(`expected "time" to be a number, got ${quote(time)}`);
  return {
    index,
    time: typeof time === 'number' ? time : typeof time === 'bigint' ? Number(time) : index,
    type: type as EventType,
    process: process as ProcessId,
    f: f as string,
    key: key === undefined || key === null ? undefined : keys.text(key as string | number | bigint, line),
    value,
    node: typeof node === 'string' ? node : undefined,
    error: error === undefined || error === null ? undefined : typeof error === 'string' ? error : quote(error),
  };
}
