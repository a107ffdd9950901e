/**
 * The ops of a history as the page draws them: every invocation with its completion,
 * failed ones included (the checker drops them: they never happened, but a reader
 * wants to see them), as columns (report-data.ts).
 */
import { operationOf, pairEvents, type EventPair, type SourcedEvent } from '../../checkers/history/pair.js';
import type { HistoryEvent } from '../../checkers/history/types.js';
import type { Model } from '../../checkers/linearizable/model.js';
import { assignLanes, type ProcessLife } from './lanes.js';
import { NONE, OUTCOMES, type OpColumns, type Outcome } from './report-data.js';
import type { StringTable } from './strings.js';

export interface EncodedOps {
  readonly ops: OpColumns;
  readonly processes: string[];
  readonly keys: string[];
  readonly lanes: string[][];
}

/** Ticks of an event: see TimeAxis. */
export type TickOf = (event: HistoryEvent, position: number) => number;

export function encodeOps(events: readonly HistoryEvent[], model: Model<unknown>, strings: StringTable, tickOf: TickOf): EncodedOps {
  const sourced: SourcedEvent[] = events.map((event, i) => ({ event, line: i + 1 }));
  const pairs = pairEvents('history', sourced);
  const processIds = new Map<string, number>();
  const keyIds = new Map<string, number>();
  const ops: OpColumns = {
    call: [], duration: [], outcome: [], process: [], lane: [], key: [], f: [], text: [], invoke: [], complete: [], node: [], error: [],
  };
  const lives: { first: number; last: number }[] = [];
  let previousCall = 0;
  let previousInvoke = 0;
  pairs.forEach((pair, id) => {
    const invoke = events[pair.invoke]!;
    const completion = pair.complete === null ? null : events[pair.complete]!;
    const outcome: Outcome = completion === null ? 'pending' : (completion.type as Exclude<Outcome, 'pending'>);
    const call = tickOf(invoke, pair.invoke);
    const ret = completion === null ? null : tickOf(completion, pair.complete!);
    const processName = String(invoke.process);
    let process = processIds.get(processName);
    if (process === undefined) {
      process = processIds.size;
      processIds.set(processName, process);
      lives.push({ first: call, last: call });
    }
    const life = lives[process]!;
    life.last = ret === null ? Infinity : Math.max(life.last, ret);
    let key = NONE;
    if (invoke.key !== undefined) {
      key = keyIds.get(invoke.key) ?? keyIds.size;
      if (key === keyIds.size) keyIds.set(invoke.key, key);
    }
    ops.call.push(call - previousCall);
    previousCall = call;
    ops.duration.push(ret === null ? NONE : ret - call);
    ops.outcome.push(OUTCOMES.indexOf(outcome));
    ops.process.push(process);
    ops.key.push(key);
    ops.f.push(strings.id(invoke.f));
    ops.text.push(strings.id(describe(model, id, sourced, pair, outcome === 'fail')));
    ops.invoke.push(pair.invoke - previousInvoke);
    previousInvoke = pair.invoke;
    ops.complete.push(pair.complete === null ? NONE : pair.complete - pair.invoke);
    const node = completion?.node ?? invoke.node;
    ops.node.push(node === undefined ? NONE : strings.id(node));
    const error = completion?.error;
    ops.error.push(error === undefined ? NONE : strings.id(error));
  });
  const processes = [...processIds.keys()];
  const { laneOf, lanes } = assignLanes(processes.map((p, i) => ({ process: p, first: lives[i]!.first, last: lives[i]!.last }) satisfies ProcessLife));
  for (const p of ops.process) ops.lane.push(laneOf[p]!);
  return { ops, processes, keys: [...keyIds.keys()], lanes };
}

/** As the checker's model words it; a failed op as what it attempted (its outcome is drawn apart, not as "?"). */
function describe(model: Model<unknown>, id: number, events: readonly SourcedEvent[], pair: EventPair, failed: boolean): string {
  const op = operationOf(id, events, pair);
  return model.describeOperation(failed ? { ...op, known: true, output: undefined } : op);
}
