/** Turns a history, its check result and what is known of the run into the data a report page embeds. */
import type { HistoryEvent } from '../../checkers/history/types.js';
import type { Model } from '../../checkers/linearizable/model.js';
import { createModel, isModelName } from '../../checkers/linearizable/models/index.js';
import type { CheckResult, Verdict } from '../../checkers/linearizable/result.js';
import { collectFaults } from './faults.js';
import { parseNodeLogs, type NodeLog } from './node-logs.js';
import { encodeOps, type TickOf } from './ops.js';
import { NONE, OUTCOMES, type ReportData, type Series, type TextLog, type TimeAxis } from './report-data.js';
import { computeSeries } from './series.js';
import { StringTable } from './strings.js';

export type { NodeLog } from './node-logs.js';
export type { TextLog } from './report-data.js';

export interface ReportInput {
  readonly title: string;
  /** Where the history came from, shown under the title. */
  readonly source: string;
  readonly events: readonly HistoryEvent[];
  readonly check: CheckResult;
  /** The run's verdict when it is not the checker's alone (e.g. a Raft invariant failed). */
  readonly verdict?: Verdict;
  /** Why the run is invalid besides the checker, one line each. */
  readonly findings?: readonly string[];
  readonly config?: unknown;
  readonly replay?: string;
  readonly seed?: number | string;
  /** The harness's Date.now() at history time 0: puts node logs on the history's clock. */
  readonly startedAtMs?: number;
  readonly nodeLogs?: readonly NodeLog[];
  readonly textLogs?: readonly TextLog[];
  readonly warnings?: readonly string[];
  /** For reproducible output in tests (default: now). */
  readonly generatedAt?: string;
}

const NS_PER_TICK = 1000;

export function prepareReport(input: ReportInput): ReportData {
  const { events, check } = input;
  const axis = timeAxisOf(events);
  const tickOf: TickOf = axis.kind === 'time' ? (event) => Math.round(event.time / NS_PER_TICK) : (_event, position) => position;
  const strings = new StringTable();
  const encoded = encodeOps(events, describer(check), strings, tickOf);
  const { faults, marks } = collectFaults(events, tickOf);
  let span = 0;
  events.forEach((event, i) => {
    span = Math.max(span, tickOf(event, i));
  });
  const logTick = axis.kind === 'time' && input.startedAtMs !== undefined ? (ms: number) => Math.round((ms - input.startedAtMs!) * 1000) : null;
  const logs = parseNodeLogs(input.nodeLogs ?? [], logTick);
  return {
    version: 1,
    title: input.title,
    source: input.source,
    generatedAt: input.generatedAt ?? new Date().toISOString(),
    verdict: input.verdict ?? check.verdict,
    findings: input.findings ?? [],
    replay: input.replay ?? null,
    seed: input.seed === undefined ? null : String(input.seed),
    config: input.config ?? null,
    warnings: input.warnings ?? [],
    check,
    axis,
    span,
    strings: strings.strings,
    processes: encoded.processes,
    keys: encoded.keys,
    lanes: encoded.lanes,
    ops: encoded.ops,
    faults,
    marks: [...marks, ...logs.marks],
    nodes: logs.nodes,
    logs: logs.lines,
    leaders: logs.leaders,
    logsOffClock: logs.lines.length === 0 || logTick !== null ? null : offClockReason(axis),
    textLogs: input.textLogs ?? [],
    series: axis.kind === 'time' ? seriesOf(encoded.ops, span, axis.ticksPerSecond) : null,
  };
}

/** A history whose every time is its own position was read from a format without times. */
export function timeAxisOf(events: readonly HistoryEvent[]): TimeAxis {
  const timed = events.some((e, i) => e.time !== i);
  return timed ? { kind: 'time', ticksPerSecond: 1e9 / NS_PER_TICK } : { kind: 'position' };
}

function describer(check: CheckResult): Model<unknown> {
  if (isModelName(check.model)) return createModel({ name: check.model, initial: check.initial });
  return createModel({ name: 'register' });
}

function offClockReason(axis: TimeAxis): string {
  return axis.kind === 'position'
    ? 'the history has no times, so node logs cannot be placed on its timeline'
    : 'the run does not record when its history started (test.json "startedAtMs"), so node logs cannot be placed on its timeline';
}

function seriesOf(ops: ReportData['ops'], span: number, ticksPerSecond: number): Series {
  const timed = [];
  let call = 0;
  for (let i = 0; i < ops.call.length; i++) {
    call += ops.call[i]!;
    const duration = ops.duration[i]!;
    const outcome = OUTCOMES[ops.outcome[i]!]!;
    timed.push({
      end: duration === NONE ? null : (call + duration) / ticksPerSecond,
      latencyMs: duration === NONE ? null : (duration / ticksPerSecond) * 1000,
      outcome,
    });
  }
  return computeSeries(timed, span / ticksPerSecond);
}
