/** Throughput and latency quantiles per time bucket, for the charts under the timeline. */
import type { Outcome, Series } from './report-data.js';

export interface TimedOp {
  /** Completion, in seconds since the start; null when never completed. */
  readonly end: number | null;
  readonly latencyMs: number | null;
  readonly outcome: Outcome;
}

/** About this many buckets over the run, each a round width (1, 2 or 5 × a power of ten seconds). */
const TARGET_BUCKETS = 100;

export function bucketWidth(spanSeconds: number): number {
  const raw = Math.max(spanSeconds, 1e-6) / TARGET_BUCKETS;
  const power = 10 ** Math.floor(Math.log10(raw));
  for (const m of [1, 2, 5]) if (m * power >= raw) return m * power;
  return 10 * power;
}

export function computeSeries(ops: readonly TimedOp[], spanSeconds: number): Series {
  const width = bucketWidth(spanSeconds);
  const count = Math.max(1, Math.ceil(spanSeconds / width - 1e-9));
  const counts = { ok: new Array<number>(count).fill(0), fail: new Array<number>(count).fill(0), info: new Array<number>(count).fill(0) };
  const latencies: number[][] = Array.from({ length: count }, () => []);
  for (const op of ops) {
    if (op.end === null || op.outcome === 'pending') continue;
    const bucket = Math.min(count - 1, Math.max(0, Math.floor(op.end / width)));
    counts[op.outcome][bucket]!++;
    if (op.outcome === 'ok' && op.latencyMs !== null) latencies[bucket]!.push(op.latencyMs);
  }
  const perSecond = (n: number): number => round(n / width);
  const quantile = (q: number) => latencies.map((l) => (l.length === 0 ? null : round(quantileOf(l, q))));
  for (const l of latencies) l.sort((a, b) => a - b);
  return {
    t: Array.from({ length: count }, (_, i) => round(i * width)),
    bucketSeconds: width,
    ok: counts.ok.map(perSecond),
    fail: counts.fail.map(perSecond),
    info: counts.info.map(perSecond),
    p50: quantile(0.5),
    p95: quantile(0.95),
    p99: quantile(0.99),
    max: quantile(1),
  };
}

/** The nearest-rank quantile of sorted values. */
export function quantileOf(sorted: readonly number[], q: number): number {
  const rank = Math.min(sorted.length - 1, Math.max(0, Math.ceil(q * sorted.length) - 1));
  return sorted[rank]!;
}

function round(x: number): number {
  return Math.round(x * 1000) / 1000;
}
