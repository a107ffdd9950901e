/** A check result as a few lines of plain text, for terminals and CI logs. */
import type { CheckResult, OpView } from './linearizable/result.js';

const PREFIX_TAIL = 6;
const CONCURRENT_SHOWN = 8;

export interface DescribeOptions {
  /** The file line of the event at a position, to point a reader into the source file. */
  readonly lineOf?: (eventIndex: number) => number | undefined;
}

function where(op: OpView): string {
  const at = op.completeIndex === null ? `event ${op.invokeIndex}, never completed` : `events ${op.invokeIndex}–${op.completeIndex}`;
  return `process ${String(op.process)}: ${op.description} (${at})`;
}

function fileLines(op: OpView, lineOf: DescribeOptions['lineOf']): string {
  if (lineOf === undefined) return '';
  const first = lineOf(op.invokeIndex);
  const last = op.completeIndex === null ? undefined : lineOf(op.completeIndex);
  if (first === undefined) return '';
  return last === undefined ? `, at line ${first}` : `, at lines ${first}–${last}`;
}

export function describeResult(result: CheckResult, source: string, options: DescribeOptions = {}): string {
  const head = `${source}: ${result.verdict.toUpperCase()} — ${result.model}, ${result.opCount} ops in ${result.partitionCount} partition(s), ${result.elapsedMs.toFixed(1)} ms`;
  const lines = [head];
  if (result.verdict === 'unknown' && result.unknown !== undefined) {
    const u = result.unknown;
    lines.push(
      `  ran out of ${u.reason}: ${u.partitionsChecked}/${u.partitionsTotal} partitions checked; the deepest linearization reached ${u.deepestPrefix} of ${u.partitionOps} ops in the partition that ran out${u.partition === undefined || u.partition === null ? '' : ` [key ${u.partition}]`}`,
    );
    if (u.stuckAt !== undefined) lines.push(`  the furthest it got stuck: ${where(u.stuckAt)}${fileLines(u.stuckAt, options.lineOf)}`);
  }
  const c = result.counterexample;
  if (result.verdict === 'invalid' && c !== undefined) {
    lines.push(`  cannot linearize ${where(c.op)}${fileLines(c.op, options.lineOf)}${c.partition === null ? '' : ` [key ${c.partition}]`}`);
    if (c.witness !== undefined) lines.push(`  proved by a few ops alone: ${c.witness}`);
    const skipped = c.prefix.length - PREFIX_TAIL;
    lines.push(`  ${c.witness === undefined ? 'longest linearizable prefix' : 'the order they must take'}: ${c.prefix.length} ops from ${c.initialState}${skipped > 0 ? `; the last ${PREFIX_TAIL}:` : ':'}`);
    for (const step of c.prefix.slice(Math.max(0, skipped))) lines.push(`    ${where(step.op)}  ⇒ ${step.stateAfter}`);
    lines.push(`  then, in state ${c.stateAtFailure}, ${c.witness === undefined ? 'every candidate was rejected' : 'this op cannot come next'}:`);
    for (const step of c.rejected) lines.push(`    ${where(step.op)}: ${step.reason}`);
    if (c.concurrent.length > 0) {
      const more = c.concurrent.length - CONCURRENT_SHOWN;
      lines.push(`  concurrent with it: ${c.concurrent.slice(0, CONCURRENT_SHOWN).map(where).join('; ')}${more > 0 ? `; … ${more} more` : ''}`);
    } else {
      lines.push('  concurrent with it: nothing');
    }
  }
  return lines.join('\n');
}
