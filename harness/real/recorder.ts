/**
 * The run's history as it happens: every event is numbered, stamped with nanoseconds
 * since time 0 (the monotonic clock) and written to history.jsonl at once, so that a
 * harness killed half-way still leaves a checkable history. It also keeps the tallies
 * the live progress display shows.
 */
import type { HistoryWriter } from '../../checkers/history/jsonl.js';
import type { EventType, HistoryEvent, ProcessId } from '../../checkers/history/types.js';

export interface Tallies {
  invoked: number;
  ok: number;
  fail: number;
  info: number;
}

export class Recorder {
  private readonly origin = process.hrtime.bigint();
  /** The harness's Date.now() at time 0 (test.json's startedAtMs). */
  readonly startedAtMs = Date.now();
  readonly tallies: Tallies = { invoked: 0, ok: 0, fail: 0, info: 0 };
  private readonly listeners: Array<(event: HistoryEvent) => void> = [];

  constructor(private readonly writer: HistoryWriter) {}

  /** Nanoseconds since time 0. */
  now(): number {
    return Number(process.hrtime.bigint() - this.origin);
  }

  /** Milliseconds since time 0. */
  elapsedMs(): number {
    return this.now() / 1e6;
  }

  onEvent(listener: (event: HistoryEvent) => void): void {
    this.listeners.push(listener);
  }

  client(type: EventType, process: ProcessId, fields: { f: string; key: string; value: unknown; node?: string; error?: string }): HistoryEvent {
    if (type === 'invoke') this.tallies.invoked++;
    else this.tallies[type]++;
    return this.append({ type, process, ...fields });
  }

  nemesis(f: string, value: unknown): HistoryEvent {
    return this.append({ type: 'info', process: 'nemesis', f, value });
  }

  close(): void {
    this.writer.close();
  }

  private append(fields: Omit<HistoryEvent, 'index' | 'time'>): HistoryEvent {
    const event = this.writer.append({ time: this.now(), ...withoutUndefined(fields) });
    for (const listener of this.listeners) listener(event);
    return event;
  }
}

function withoutUndefined<T extends object>(fields: T): T {
  return Object.fromEntries(Object.entries(fields).filter(([, v]) => v !== undefined)) as T;
}
