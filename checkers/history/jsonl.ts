/** Our own history format: one JSON event per line (DESIGN.md). */
import { appendFileSync, closeSync, fsyncSync, openSync, writeFileSync } from 'node:fs';
import { MalformedHistoryError } from './errors.js';
import { KeyKinds, makeEvent, toEvent } from './event-fields.js';
import { JsonBytes, JsonSyntaxError } from './json-bytes.js';
import { jsonText } from './json-text.js';
import type { ParsedEvents } from './pair.js';
import type { HistoryEvent } from './types.js';

/**
 * A last line with no newline that is not JSON is an event the recorder was writing
 * when it died: it never finished, so it is left out (with a warning). Leaving out an
 * invoke is safe because the recorder writes it before the op is sent; leaving out a
 * completion leaves the op unknown, which is what it is.
 *
 * Read from the bytes, line by line, without decoding the file to a string.
 */
export function parseJsonl(file: string, text: string | Uint8Array, warn: (message: string) => void = () => {}): ParsedEvents {
  const bytes = typeof text === 'string' ? Buffer.from(text, 'utf8') : text;
  const events: HistoryEvent[] = [];
  const lines: number[] = [];
  const keys = new KeyKinds(file);
  const cursor = new JsonBytes(bytes);
  for (let start = 0, line = 1; start < bytes.length; line++) {
    let end = bytes.indexOf(NEWLINE, start);
    const last = end < 0;
    if (last) end = bytes.length;
    cursor.pos = start;
    cursor.skipSpace();
    if (cursor.pos < end) {
      let event: HistoryEvent;
      try {
        event = eventAt(cursor, file, line, events.length, keys);
        cursor.skipSpace();
        if (cursor.pos < end) cursor.fail('the end of the line after the event');
      } catch (error) {
        if (!(error instanceof JsonSyntaxError)) throw error;
        if (last) {
          warn(`${file}:${line}: left out an incomplete last event (the recorder stopped while writing it)`);
          break;
        }
        throw new MalformedHistoryError(file, line, `expected one JSON object per line (${error.message})`);
      }
      events.push(event);
      lines.push(line);
    }
    start = end + 1;
  }
  return { events, lines };
}

/** The event whose JSON object starts at the cursor, reading only the fields an event has. */
function eventAt(cursor: JsonBytes, file: string, line: number, index: number, keys: KeyKinds): HistoryEvent {
  if (!cursor.take(OPEN_BRACE)) return toEvent(file, line, cursor.value(), index, keys);
  let type: unknown, process: unknown, f: unknown, key: unknown, time: unknown, value: unknown, node: unknown, error: unknown;
  if (!cursor.take(CLOSE_BRACE)) {
    do {
      cursor.skipSpace();
      const name = cursor.string();
      cursor.expect(COLON, '":"');
      const field = cursor.value();
      switch (name) {
        case 'type':
          type = field;
          break;
        case 'process':
          process = field;
          break;
        case 'f':
          f = field;
          break;
        case 'key':
          key = field;
          break;
        case 'time':
          time = field;
          break;
        case 'value':
          value = field;
          break;
        case 'node':
          node = field;
          break;
        case 'error':
          error = field;
          break;
      }
    } while (cursor.take(COMMA));
    cursor.expect(CLOSE_BRACE, '"," or "}"');
  }
  return makeEvent(file, line, index, keys, type, process, f, key, time, value, node, error);
}

const OPEN_BRACE = 0x7b;
const CLOSE_BRACE = 0x7d;
const COLON = 0x3a;
const COMMA = 0x2c;
const NEWLINE = 0x0a;

export function formatEvent(event: HistoryEvent): string {
  return `${jsonText(event)}\n`;
}

export function historyToJsonl(events: readonly HistoryEvent[]): string {
  return events.map(formatEvent).join('');
}

/** Writes a whole history at once (replacing the file). */
export function writeHistory(path: string, events: readonly HistoryEvent[]): void {
  writeFileSync(path, historyToJsonl(events));
}

/**
 * Records a run's history as it happens: each event is written straight to the file
 * descriptor (no buffering in this process), so a harness that dies mid-run still
 * leaves every event it recorded. The file is created anew; indexes count from 0.
 */
export class HistoryWriter {
  private readonly fd: number;
  private count = 0;
  private closed = false;

  constructor(readonly path: string) {
    this.fd = openSync(path, 'w');
  }

  /** Appends an event, numbering it with the next index, and returns it as written. */
  append(event: Omit<HistoryEvent, 'index'>): HistoryEvent {
    if (this.closed) throw new Error(`HistoryWriter: ${this.path} is closed`);
    const { index: _renumbered, ...fields } = event as HistoryEvent;
    const indexed: HistoryEvent = { index: this.count, ...fields };
    appendFileSync(this.fd, formatEvent(indexed));
    this.count++;
    return indexed;
  }

  /** How many events have been written. */
  get length(): number {
    return this.count;
  }

  /** Flushes to stable storage and closes; later appends throw. Safe to call twice. */
  close(): void {
    if (this.closed) return;
    this.closed = true;
    fsyncSync(this.fd);
    closeSync(this.fd);
  }
}
