/** The summary `faultline run` prints at the end: verdict, counts, latencies, the failing op, where the run is, how to replay it. */
import type { RunOutcome } from '../real/run.js';
import type { LatencyQuantiles } from '../store/types.js';

function quantiles(q: LatencyQuantiles | null): string {
  return q === null ? '—' : `p50 ${q.p50} ms, p90 ${q.p90} ms, p99 ${q.p99} ms, max ${q.max} ms (${q.count})`;
}

const faults = (n: number): string => `${n} fault${n === 1 ? '' : 's'}`;

export function summarize(outcome: RunOutcome): string {
  const { results, folder } = outcome;
  const { counts, latency, checker } = results;
  const lines = [
    `verdict: ${results.verdict.toUpperCase()}${results.stopped === undefined ? '' : ` (stopped early: ${results.stopped})`}`,
    `ops: ${counts.ops} — ${counts.ok} ok, ${counts.fail} fail, ${counts.info} info, ${counts.open} open; ${faults(Math.ceil(counts.nemesis / 2))}`,
    `latency ok: ${quantiles(latency.ok)}`,
  ];
  for (const [f, q] of Object.entries(latency.okByF)) lines.push(`  ${f.padEnd(6)} ${quantiles(q)}`);
  for (const finding of results.findings ?? []) lines.push(`violated: ${finding}`);
  if (checker.counterexample !== undefined) {
    const c = checker.counterexample;
    lines.push(`not linearizable: key ${c.partition ?? '(all)'}, process ${String(c.op.process)}: ${c.op.description} (history event ${c.op.completeIndex ?? c.op.invokeIndex})`);
    if (c.witness !== undefined) lines.push(`  proved by a few ops alone: ${c.witness}`);
    else if (c.prefix.length > 0) lines.push(`  after ${c.prefix.length} ops that do linearize, the state was ${c.stateAtFailure}`);
  }
  if (checker.unknown !== undefined) lines.push(`checker gave up: out of ${checker.unknown.reason} (${checker.unknown.partitionsChecked}/${checker.unknown.partitionsTotal} keys checked)`);
  lines.push(`run: ${folder.dir}`);
  lines.push(`report: ${folder.reportPath}`);
  lines.push(`replay: ${results.replay}`);
  if (outcome.leftRunning.length > 0) lines.push('left running:', ...outcome.leftRunning.map((l) => `  ${l}`));
  return lines.join('\n');
}
