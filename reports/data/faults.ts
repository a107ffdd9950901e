/**
 * Nemesis events as the page draws them: intervals (bands) where a fault starts and
 * ends, and marks for events with no interval.
 *
 * Two shapes pair into bands. Ours (TEAM.md): `value: {fault: id, phase: "start"|"end",
 * …details}`, a start and its end sharing the id. Jepsen's: `f: start` … `f: stop` (or
 * `start-partition` … `stop-partition`), often twice each (an invoke, then an info
 * with the details). Any other nemesis event is a mark.
 */
import { isClientProcess } from '../../checkers/history/pair.js';
import type { HistoryEvent } from '../../checkers/history/types.js';
import type { TickOf } from './ops.js';
import type { FaultBand, Mark } from './report-data.js';

export interface Faults {
  readonly faults: FaultBand[];
  readonly marks: Mark[];
}

interface OpenBand {
  start: number;
  end: number | null;
  kind: string;
  label: string;
  nodes: string[];
}

export function collectFaults(events: readonly HistoryEvent[], tickOf: TickOf): Faults {
  const bands: OpenBand[] = [];
  const marks: Mark[] = [];
  const byFaultId = new Map<string, OpenBand>();
  /** Jepsen's open band per kind, and its last closed one (a second stop extends it). */
  const jepsenOpen = new Map<string, OpenBand>();
  const jepsenClosed = new Map<string, OpenBand>();
  events.forEach((event, position) => {
    if (isClientProcess(event.process)) return;
    const time = tickOf(event, position);
    const phased = phaseOf(event.value);
    if (phased !== null) {
      const id = `${event.f}\u0000${phased.fault}`;
      const open = byFaultId.get(id);
      if (phased.phase === 'start' && open === undefined) {
        const band: OpenBand = { start: time, end: null, kind: event.f, label: describeDetails(phased.details), nodes: nodesIn(phased.details) };
        bands.push(band);
        byFaultId.set(id, band);
      } else if (phased.phase === 'end' && open !== undefined) {
        open.end = time;
        byFaultId.delete(id);
      } else {
        marks.push({ time, node: null, label: `${event.f} ${phased.phase} (${phased.fault})`, level: 'warn' });
      }
      return;
    }
    const jepsen = /^(start|stop)(?:-(.+))?$/.exec(event.f);
    if (jepsen !== null) {
      const kind = jepsen[2] ?? 'nemesis';
      const detail = event.value === null || event.value === undefined ? '' : describeValue(event.value);
      const open = jepsenOpen.get(kind);
      if (jepsen[1] === 'start') {
        if (open === undefined) {
          const band: OpenBand = { start: time, end: null, kind, label: detail, nodes: nodesIn(event.value) };
          bands.push(band);
          jepsenOpen.set(kind, band);
          jepsenClosed.delete(kind);
        } else if (open.label === '') {
          open.label = detail;
          open.nodes = nodesIn(event.value);
        }
      } else if (open !== undefined) {
        open.end = time;
        jepsenOpen.delete(kind);
        jepsenClosed.set(kind, open);
      } else {
        const closed = jepsenClosed.get(kind);
        if (closed !== undefined) closed.end = time;
        else marks.push({ time, node: null, label: `${event.f} ${detail}`.trim(), level: 'info' });
      }
      return;
    }
    const nodes = nodesIn(event.value);
    const label = event.value === null || event.value === undefined ? event.f : `${event.f} ${describeValue(event.value)}`;
    marks.push({ time, node: nodes.length === 1 ? nodes[0]! : null, label, level: 'info' });
  });
  return { faults: bands.map(({ start, end, kind, label, nodes }) => ({ start, end, kind, label, nodes })), marks };
}

function phaseOf(value: unknown): { fault: string; phase: 'start' | 'end'; details: Record<string, unknown> } | null {
  if (value === null || typeof value !== 'object' || Array.isArray(value)) return null;
  const { fault, phase, ...details } = value as Record<string, unknown>;
  if ((phase !== 'start' && phase !== 'end') || (typeof fault !== 'string' && typeof fault !== 'number')) return null;
  return { fault: String(fault), phase, details };
}

/** A fault's details in one line: groups as "n1 n2 | n3", lists spaced, fields as name=value. */
export function describeDetails(details: Record<string, unknown>): string {
  return Object.entries(details)
    .map(([name, value]) => (name === 'nodes' || name === 'groups' || name === 'node' ? describeValue(value) : `${name} ${describeValue(value)}`))
    .join(', ');
}

export function describeValue(value: unknown): string {
  if (typeof value === 'string') return value;
  if (Array.isArray(value)) {
    const nested = value.some(Array.isArray);
    return value.map(describeValue).join(nested ? ' | ' : ' ');
  }
  if (value !== null && typeof value === 'object') {
    return Object.entries(value as Record<string, unknown>)
      .map(([k, v]) => `${k}=${describeValue(v)}`)
      .join(' ');
  }
  return JSON.stringify(value) ?? String(value);
}

/** Node names a fault names: a string value, or strings under nodes/node/groups/targets. */
export function nodesIn(value: unknown): string[] {
  if (typeof value === 'string') return /^[\w.-]+$/.test(value) ? [value] : [];
  if (Array.isArray(value)) return value.flatMap((v) => (typeof v === 'string' || Array.isArray(v) ? nodesIn(v) : []));
  if (value === null || typeof value !== 'object') return [];
  const fields = value as Record<string, unknown>;
  const found = ['node', 'nodes', 'groups', 'target', 'targets'].flatMap((name) => nodesIn(fields[name]));
  return [...new Set(found)];
}
