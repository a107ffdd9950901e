/**
 * Nemesis events in the history (TEAM.md): `"process": "nemesis"`, `"type": "info"`,
 * `"f"` the fault kind, `"value": {"fault": <id>, "phase": "start"|"end", …details}`.
 * A fault's start and its end share the id, so a report can draw a band between them.
 */

/** What the history records for a fault (`f`): an isolation is a partition in two groups. */
export type NemesisF = 'partition' | 'grudge' | 'crash' | 'crash-voters' | 'pause' | 'clock' | 'latency' | 'membership' | 'leader-churn';

export type NemesisPhase = 'start' | 'end';

export interface NemesisEventValue {
  readonly fault: number;
  readonly phase: NemesisPhase;
  readonly [detail: string]: unknown;
}

/** A history event without its index and time (the recorder adds them). */
export interface NemesisEvent {
  readonly type: 'info';
  readonly process: 'nemesis';
  readonly f: NemesisF;
  readonly value: NemesisEventValue;
}

/** A fault in force: ending it records its end under the same id. */
export interface ActiveFault {
  readonly id: number;
  end(details?: Readonly<Record<string, unknown>>): void;
}

/** Numbers faults as they start and records their starts and ends. */
export class NemesisLog {
  private nextId = 0;

  constructor(private readonly record: (event: NemesisEvent) => void) {}

  start(f: NemesisF, details: Readonly<Record<string, unknown>>): ActiveFault {
    const id = this.nextId++;
    this.record({ type: 'info', process: 'nemesis', f, value: { fault: id, phase: 'start', ...details } });
    let ended = false;
    return {
      id,
      end: (more = {}) => {
        if (ended) return;
        ended = true;
        this.record({ type: 'info', process: 'nemesis', f, value: { fault: id, phase: 'end', ...details, ...more } });
      },
    };
  }
}
