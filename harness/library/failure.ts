/**
 * What a failed chaos test says, in a few lines a person reads in a test runner: the
 * seed, why it failed, the shrunk schedule (its size before and after), the
 * counterexample, how to replay it and where the report is.
 */
import type { CheckResult } from '../../checkers/linearizable/result.js';
import { describeSchedule } from '../faults/describe.js';
import type { FaultSchedule } from '../faults/schedule.js';
import { describeSize, type ShrinkOutcome } from '../faults/shrink.js';

export interface FailureFacts {
  readonly test: string;
  /** The failing run (1-based) and how many were planned. */
  readonly run: number;
  readonly runs: number;
  /** fast-check's seed and path: they replay the failing run of the test. */
  readonly seed: number;
  readonly path: string;
  /** The failing run's own seed (its ops, and in the simulator its every choice). */
  readonly runSeed: number;
  readonly reason: string;
  /** The schedule that fails, after shrinking when it was shrunk. */
  readonly schedule: FaultSchedule;
  readonly shrink: ShrinkOutcome | null;
  /** What a run's length counts: simulator ops, or real ms. */
  readonly unit: 'ops' | 'ms';
  readonly check: CheckResult | null;
  /** The command that replays the failing (shrunk) run. */
  readonly replay: string;
  readonly report: string;
  /** Set when the test was being replayed through its environment variables. */
  readonly rerun: string;
}

/** A few lines of the checker's counterexample: the op that cannot be linearized, the state before it, what overlapped it. */
export function counterexampleLines(check: CheckResult | null, max = 4): string[] {
  const c = check?.counterexample;
  if (c === undefined) return [];
  const lines = [`process ${String(c.op.process)}'s ${c.op.description} cannot be linearized (history event ${c.op.completeIndex ?? c.op.invokeIndex})`];
  lines.push(c.prefix.length === 0 ? `from the initial state ${c.initialState}` : `after ${c.prefix.length} ops that linearize, the state was ${c.stateAtFailure}`);
  for (const op of c.concurrent.slice(0, max - 2)) lines.push(`concurrent: process ${String(op.process)}'s ${op.description}`);
  if (c.concurrent.length > max - 2) lines.push(`… and ${c.concurrent.length - (max - 2)} more concurrent ops`);
  return lines;
}

export function failureMessage(f: FailureFacts): string {
  const indent = (lines: readonly string[], by = '    '): string[] => lines.map((l) => `${by}${l}`);
  const size = f.shrink === null ? null : `shrunk from ${describeSize(f.shrink.before, f.unit)} to ${describeSize(f.shrink.after, f.unit)} (${f.shrink.runs} runs)`;
  const lines = [
    `${f.test}: run ${f.run} of ${f.runs} failed (seed ${f.seed}, path ${f.path}; run seed ${f.runSeed})`,
    `  ${f.reason}`,
    `  ${size ?? 'not shrunk'}; the schedule:`,
    ...indent(describeSchedule(f.schedule)),
  ];
  const counterexample = counterexampleLines(f.check);
  if (counterexample.length > 0) lines.push('  counterexample:', ...indent(counterexample));
  lines.push(`  replay: ${f.replay}`, `  rerun the test's failing run: ${f.rerun}`, `  report: ${f.report}`);
  return lines.join('\n');
}

/** The assertion error of a failed chaos test. */
export class ChaosTestFailure extends Error {
  override readonly name = 'ChaosTestFailure';

  constructor(readonly facts: FailureFacts) {
    super(failureMessage(facts));
  }
}
