/** A check result as a few lines of plain text, for terminals and CI logs. */
import type { CheckResult, OpView } from './linearizable/result.js';

const PREFIX_TAIL = 6;

function where(op: OpView): string {
  const at = op.completeIndex === null ? `event ${op.invokeIndex}, never completed` : `events ${op.invokeIndex}–${op.completeIndex}`;
  return `process ${String(op.process)}: ${op.description} (${at})`;
}

export function describeResult(result: CheckResult, source: string): string {
  const head = `${source}: ${result.verdict.toUpperCase()} — ${result.model}, ${result.opCount} ops in ${result.partitionCount} partition(s), ${result.elapsedMs.toFixed(1)} ms`;
  const lines = [head];
  if (result.verdict === 'unknown' && result.unknown !== undefined) {
    const u = result.unknown;
    lines.push(
      `  ran out of ${u.reason}: ${u.partitionsChecked}/${u.partitionsTotal} partitions checked; the deepest linearization reached ${u.deepestPrefix} of ${u.partitionOps} ops in the partition that ran out`,
    );
  }
  const c = result.counterexample;
  if (result.verdict === 'invalid' && c !== undefined) {
    lines.push(`  cannot linearize ${where(c.op)}${c.partition === null ? '' : ` [key ${c.partition}]`}`);
    const skipped = c.prefix.length - PREFIX_TAIL;
    lines.push(`  longest linearizable prefix: ${c.prefix.length} ops from ${c.initialState}${skipped > 0 ? `; the last ${PREFIX_TAIL}:` : ':'}`);
    for (const step of c.prefix.slice(Math.max(0, skipped))) lines.push(`    ${where(step.op)}  ⇒ ${step.stateAfter}`);
    lines.push(`  then, in state ${c.stateAtFailure}, every candidate was rejected:`);
    for (const step of c.rejected) lines.push(`    ${where(step.op)}: ${step.reason}`);
    if (c.concurrent.length > 0) {
      lines.push(`  concurrent with it: ${c.concurrent.slice(0, 8).map(where).join('; ')}${c.concurrent.length > 8 ? `; … ${c.concurrent.length - 8} more` : ''}`);
    }
  }
  return lines.join('\n');
}
