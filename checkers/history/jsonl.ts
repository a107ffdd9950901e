/** Our own history format: one JSON event per line (DESIGN.md). */
import { appendFileSync, closeSync, fsyncSync, openSync, writeFileSync } from 'node:fs';
import { MalformedHistoryError } from './errors.js';
import { toEvent } from './event-fields.js';
import type { SourcedEvent } from './pair.js';
import type { HistoryEvent } from './types.js';

/**
 * A last line with no newline that is not JSON is an event the recorder was writing
 * when it died: it never finished, so it is left out (with a warning). Leaving out an
 * invoke is safe because the recorder writes it before the op is sent; leaving out a
 * completion leaves the op unknown, which is what it is.
 */
export function parseJsonl(file: string, text: string, warn: (message: string) => void = () => {}): SourcedEvent[] {
  const events: SourcedEvent[] = [];
  const lines = text.split('\n');
  lines.forEach((content, i) => {
    const line = i + 1;
    if (content.trim() === '') return;
    let raw: unknown;
    try {
      raw = JSON.parse(content);
    } catch (error) {
      if (i === lines.length - 1) {
        warn(`${file}:${line}: left out an incomplete last event (the recorder stopped while writing it)`);
        return;
      }
      throw new MalformedHistoryError(file, line, `expected one JSON object per line (${(error as Error).message})`);
    }
    events.push({ event: toEvent(file, line, raw, events.length), line });
  });
  return events;
}

export function formatEvent(event: HistoryEvent): string {
  return `${JSON.stringify(event)}\n`;
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
