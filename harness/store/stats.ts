/** Counts and latency quantiles of a recorded history, for results.json and the run summary. */
import { isClientProcess } from '../../checkers/history/pair.js';
import type { HistoryEvent, ProcessId } from '../../checkers/history/types.js';
import type { Counts, Latency, LatencyQuantiles, OutcomeCounts } from './types.js';

type Outcome = 'ok' | 'fail' | 'info';

interface Tally {
  ok: number;
  fail: number;
  info: number;
  open: number;
}

const emptyTally = (): Tally => ({ ok: 0, fail: 0, info: 0, open: 0 });

export interface HistoryStats {
  readonly counts: Counts;
  readonly latency: Latency;
}

export function historyStats(events: readonly HistoryEvent[]): HistoryStats {
  const open = new Map<ProcessId, HistoryEvent>();
  const total = emptyTally();
  const byF = new Map<string, Tally>();
  const durations: Record<Outcome, number[]> = { ok: [], fail: [], info: [] };
  const okByF = new Map<string, number[]>();
  let ops = 0;
  let nemesis = 0;
  for (const event of events) {
    if (!isClientProcess(event.process)) {
      nemesis++;
      continue;
    }
    if (event.type === 'invoke') {
      ops++;
      open.set(event.process, event);
      continue;
    }
    const invoke = open.get(event.process);
    if (invoke === undefined) continue;
    open.delete(event.process);
    const outcome = event.type;
    total[outcome]++;
    tallyOf(byF, invoke.f)[outcome]++;
    const ms = (event.time - invoke.time) / 1e6;
    durations[outcome].push(ms);
    if (outcome === 'ok') listOf(okByF, invoke.f).push(ms);
  }
  for (const invoke of open.values()) {
    total.open++;
    tallyOf(byF, invoke.f).open++;
  }
  return {
    counts: { ops, ...total, byF: Object.fromEntries(byF) as Record<string, OutcomeCounts>, nemesis },
    latency: {
      ok: quantiles(durations.ok),
      fail: quantiles(durations.fail),
      info: quantiles(durations.info),
      okByF: Object.fromEntries([...okByF].flatMap(([f, list]) => {
        const q = quantiles(list);
        return q === null ? [] : [[f, q]];
      })),
    },
  };
}

function tallyOf(map: Map<string, Tally>, f: string): Tally {
  let tally = map.get(f);
  if (tally === undefined) map.set(f, (tally = emptyTally()));
  return tally;
}

function listOf(map: Map<string, number[]>, f: string): number[] {
  let list = map.get(f);
  if (list === undefined) map.set(f, (list = []));
  return list;
}

/** Nearest-rank quantiles, rounded to 0.1 ms; null for no samples. */
export function quantiles(samples: readonly number[]): LatencyQuantiles | null {
  if (samples.length === 0) return null;
  const sorted = [...samples].sort((a, b) => a - b);
  const at = (q: number): number => round(sorted[Math.min(sorted.length - 1, Math.ceil(q * sorted.length) - 1)]!);
  return { count: sorted.length, p50: at(0.5), p90: at(0.9), p99: at(0.99), max: round(sorted[sorted.length - 1]!) };
}

const round = (ms: number): number => Math.round(ms * 10) / 10;
