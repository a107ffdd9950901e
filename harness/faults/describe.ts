/** A fault, and a schedule, in words: "at 1874 ms for 25 ms: crash leader". */
import type { Fault, FaultSchedule, Target } from './schedule.js';

function target(t: Target): string {
  return t === 'leader' ? 'the leader' : t.join(',');
}

export function describeFault(f: Fault): string {
  const what = ((): string => {
    switch (f.kind) {
      case 'partition':
        return `partition ${f.groups.map((g) => g.join(',')).join(' | ')}`;
      case 'isolate':
        return `isolate ${target(f.nodes)}`;
      case 'grudge':
        return `grudge: ${Object.entries(f.cannotHear)
          .map(([to, froms]) => `${to} cannot hear ${froms.join(',')}`)
          .join('; ')}`;
      case 'crash':
        return `crash ${target(f.nodes)}`;
      case 'pause':
        return `pause ${target(f.nodes)}`;
      case 'clock':
        return `clock of ${target(f.nodes)}: ${f.mode === 'drift' ? `runs at ${f.rate}×` : f.mode === 'bump' ? `jumps ${f.deltaMs} ms` : `strobes ${f.deltaMs} ms every ${f.periodMs} ms`}`;
      case 'latency':
        return `latency ${f.delayMs} ± ${f.jitterMs} ms at ${target(f.nodes)}`;
      case 'membership':
        return f.change.action === 'add' ? 'add a node' : `remove ${f.change.node === 'leader' ? 'the leader' : f.change.node}`;
      case 'crash-voters':
        return `crash voters: when a term's election starts, every other node is killed within ${f.strikeWithinMs} ms, for ${f.outageMs} ms`;
      case 'leader-churn':
        return `leader churn: each leader cut off within ${f.strikeWithinMs} ms of its win, for ${f.outageMs} ms`;
    }
  })();
  return `at ${f.at} ms for ${f.durationMs} ms: ${what}`;
}

/** One line per fault, or "no faults". */
export function describeSchedule(schedule: FaultSchedule): string[] {
  return schedule.faults.length === 0 ? ['no faults'] : schedule.faults.map(describeFault);
}
