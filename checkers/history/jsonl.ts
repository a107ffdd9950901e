/** Our own history format: one JSON event per line (DESIGN.md). */
import { closeSync, openSync, writeSync, fsyncSync } from 'node:fs';
import { MalformedHistoryError } from './errors.js';
import { toEvent } from './event-fields.js';
import type { SourcedEvent } from './pair.js';
import type { HistoryEvent } from './types.js';

export function parseJsonl(file: string, text: string): SourcedEvent[] {
  const events: SourcedEvent[] = [];
  text.split('\n').forEach((content, i) => {
    const line = i + 1;
    if (content.trim() === '') return;
    let raw: unknown;
    try {
      raw = JSON.parse(content);
    } catch (error) {
      throw new MalformedHistoryError(file, line, `expected one JSON object per line (${(error as Error).message})`);
    }
    events.push({ event: toEvent(file, line, raw, events.length), line });
  });
  return events;
}

export function formatEvent(event: HistoryEvent): string {
  return `${JSON.stringify(event)}\n`;
}

/**
 * Appends events as they happen: each is written straight to the file descriptor, so
 * a process that dies mid-run still leaves every event it recorded.
 */
export class HistoryWriter {
  private readonly fd: number;
  private count = 0;

  constructor(readonly path: string) {
    this.fd = openSync(path, 'a');
  }

  /** Appends an event, numbering it with the next index. */
  append(event: Omit<HistoryEvent, 'index'>): HistoryEvent {
    const indexed = { index: this.count++, ...event } as HistoryEvent;
    writeSync(this.fd, formatEvent(indexed));
    return indexed;
  }

  close(): void {
    fsyncSync(this.fd);
    closeSync(this.fd);
  }
}

export function historyToJsonl(events: readonly HistoryEvent[]): string {
  return events.map(formatEvent).join('');
}
