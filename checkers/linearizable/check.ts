/**
 * The one call: is this history linearizable under this model? Partitions the ops
 * (P-compositionality), checks the partitions (on worker threads when they are
 * costly: run-partitions.ts), and explains the first invalid partition.
 */
import type { Operation } from '../history/types.js';
import { explain, opView } from './explain.js';
import { OpError } from './op-error.js';
import { partitionByKey } from './models/kv.js';
import { createModel, type ModelSpec } from './models/index.js';
import type { Model } from './model.js';
import type { PartitionOutcome } from './partition-task.js';
import { runPartitions } from './run-partitions.js';
import type { CheckResult, Counterexample, PartitionSummary, UnknownProgress, Verdict } from './result.js';
import type { SearchBudget } from './search.js';
import { findStaleWitness, WITNESS_MODELS, witnessCounterexample } from './stale-witness.js';

export type { ModelSpec } from './models/index.js';
export type { CheckResult, Verdict } from './result.js';
export { OpError } from './op-error.js';

export interface CheckOptions {
  /** Give up with `unknown` after this long (default: 60 s). */
  readonly timeLimitMs?: number;
  /** Give up with `unknown` when the memo tables would exceed this (default: 1024 MiB). */
  readonly memoryLimitMb?: number;
  /**
   * Worker threads; 0 checks in-process. Default: in-process, moving the remaining
   * partitions to one thread per core once those done show that it pays.
   */
  readonly workers?: number;
  /**
   * Look for a stale observation (stale-witness.ts) before searching, not only when the
   * search cannot finish: what it proves is reported at once (the violation watch wants
   * the first one soonest). Default: false.
   */
  readonly witnessFirst?: boolean;
}

/**
 * Throws an OpError when an op does not fit the model (an f it does not have, a value
 * of the wrong shape): the history is not one this model can judge.
 */
export async function checkOperations(
  ops: readonly Operation[],
  spec: ModelSpec,
  options: CheckOptions = {},
): Promise<CheckResult> {
  const started = performance.now();
  const model = createModel(spec);
  const partitions = validatedPartitions(ops, model);
  const budget: SearchBudget = {
    // One clock read for both: the deadline is Date.now()'s epoch milliseconds.
    deadline: TIME_ORIGIN + started + (options.timeLimitMs ?? 60_000),
    memoryBytes: (options.memoryLimitMb ?? 1024) * 1024 * 1024,
  };

  const proved = (witnessed: Witnessed, searched: readonly PartitionSummary[]): CheckResult => {
    const { partition } = witnessed.counterexample;
    const summary: PartitionSummary = { partition, ops: partitions[witnessed.index]!.length, verdict: 'invalid', steps: 0 };
    const base: ResultBase = { ...baseOf(searched), partitions: [...searched.filter((p) => p.partition !== partition), summary] };
    return result(base, 'invalid', elapsedMs(), { counterexample: witnessed.counterexample });
  };
  const baseOf = (searched: readonly PartitionSummary[]): ResultBase => ({
    model: model.name,
    initial: spec.initial ?? null,
    opCount: ops.length,
    partitionCount: partitions.length,
    partitions: searched,
    warnings: warningsFor(ops, partitions, model.name),
  });
  const elapsedMs = (): number => Math.round((performance.now() - started) * 1000) / 1000;
  const early = options.witnessFirst === true ? staleWitnessIn(partitions, spec, model) : null;
  if (early !== null) return proved(early, []);

  // Searched in this thread, the outcomes need no waiting (a tiny check would notice).
  const running = runPartitions(partitions, { spec, model, budget, workers: options.workers });
  const outcomes = Array.isArray(running) ? running : await running;

  const summaries: PartitionSummary[] = outcomes.map((o) => ({
    partition: partitions[o.index]![0]!.key ?? null,
    ops: partitions[o.index]!.length,
    verdict: o.kind,
    steps: o.steps,
  }));
  const base = baseOf(summaries);

  const invalid = outcomes.find((o) => o.kind === 'invalid');
  if (invalid !== undefined && invalid.kind === 'invalid') {
    const counterexample = explain(partitions[invalid.index]!, model, invalid.deepest);
    return result(base, 'invalid', elapsedMs(), { counterexample });
  }
  // A search that could not finish may still face a violation this one pass proves.
  const settled = options.witnessFirst === true || (outcomes.length === partitions.length && outcomes.every((o) => o.kind === 'valid'));
  const witnessed = settled ? null : staleWitnessIn(partitions, spec, model);
  if (witnessed !== null) return proved(witnessed, summaries);
  const unknown = outcomes.find((o) => o.kind === 'unknown');
  if (unknown !== undefined && unknown.kind === 'unknown') {
    const progress: UnknownProgress = {
      reason: unknown.reason,
      partitionsChecked: outcomes.filter((o) => o.kind === 'valid').length,
      partitionsTotal: partitions.length,
      deepestPrefix: unknown.deepestPrefix,
      partitionOps: partitions[unknown.index]!.length,
      partition: partitions[unknown.index]![0]!.key ?? null,
      ...(unknown.stuckAt < 0 ? {} : { stuckAt: opView(partitions[unknown.index]![unknown.stuckAt]!, model) }),
    };
    return result(base, 'unknown', elapsedMs(), { unknown: progress });
  }
  return result(base, outcomes.length === partitions.length ? 'valid' : 'unknown', elapsedMs(), {});
}

const TIME_ORIGIN = performance.timeOrigin;

interface Witnessed {
  readonly index: number;
  readonly counterexample: Counterexample;
}

/** The first partition with a stale observation (stale-witness.ts), or null (none, or the model is not a register). */
function staleWitnessIn(
  partitions: readonly (readonly Operation[])[],
  spec: ModelSpec,
  model: Model<unknown>,
): Witnessed | null {
  if (!WITNESS_MODELS.has(model.name)) return null;
  const initial = spec.initial ?? null;
  for (const [index, ops] of partitions.entries()) {
    const witness = findStaleWitness(ops, initial);
    if (witness !== null) return { index, counterexample: witnessCounterexample(ops, witness, model, initial) };
  }
  return null;
}

/**
 * Every op validated (an OpError for the first the model cannot check), then split into
 * partitions (none empty). By key in the same pass: reading the fields of ops scattered over the
 * heap is what a pass costs.
 */
function validatedPartitions(ops: readonly Operation[], model: Model<unknown>): Operation[][] {
  const problem = (op: Operation): never => {
    throw new OpError(op, model.validate(op)!, model.name, model.operations);
  };
  if (model.partition !== undefined && model.partition !== partitionByKey) {
    for (const op of ops) if (model.validate(op) !== undefined) problem(op);
    const partitions = model.partition(ops);
    for (const p of partitions) if (p.length === 0) return partitions.filter((q) => q.length > 0);
    return partitions;
  }
  const byKey = new Map<string, Operation[]>();
  for (const op of ops) {
    if (model.validate(op) !== undefined) problem(op);
    const key = op.key ?? '';
    let group = byKey.get(key);
    if (group === undefined) byKey.set(key, (group = []));
    group.push(op);
  }
  return [...byKey.values()];
}

type ResultBase = Pick<CheckResult, 'model' | 'initial' | 'opCount' | 'partitionCount' | 'partitions' | 'warnings'>;

const NO_WARNINGS: readonly string[] = [];

/** Ops on several keys checked as one object: likely the wrong model. */
function warningsFor(ops: readonly Operation[], partitions: readonly (readonly Operation[])[], model: string): readonly string[] {
  if (partitions.length !== 1) return NO_WARNINGS;
  let first: string | undefined;
  let second: string | undefined;
  for (const op of ops) {
    if (op.key === undefined || op.key === first) continue;
    if (first !== undefined) {
      second = op.key;
      break;
    }
    first = op.key;
  }
  if (second === undefined) return NO_WARNINGS;
  return [`the ops have keys (${[first, second].map((k) => JSON.stringify(k)).join(', ')}, …) but the ${model} model checks them all as one object, whatever their key; --model kv checks each key on its own`];
}

/** Field by field: an object spread here cost more than checking a small history. */
function result(
  base: ResultBase,
  verdict: Verdict,
  elapsedMs: number,
  extra: Pick<CheckResult, 'counterexample' | 'unknown'>,
): CheckResult {
  const { model, initial, opCount, partitionCount, partitions, warnings } = base;
  const { counterexample, unknown } = extra;
  if (counterexample !== undefined) return { verdict, model, initial, opCount, partitionCount, elapsedMs, partitions, warnings, counterexample };
  if (unknown !== undefined) return { verdict, model, initial, opCount, partitionCount, elapsedMs, partitions, warnings, unknown };
  return { verdict, model, initial, opCount, partitionCount, elapsedMs, partitions, warnings };
}

export type { PartitionOutcome };
