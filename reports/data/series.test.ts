import { describe, expect, it } from 'vitest';
import { bucketWidth, computeSeries, quantileOf } from './series.js';

describe('series', () => {
  it('buckets are round widths, about a hundred over the run', () => {
    expect(bucketWidth(10)).toBe(0.1);
    expect(bucketWidth(30)).toBe(0.5);
    expect(bucketWidth(0.27)).toBe(0.005);
  });

  it('counts ops per second by outcome at their completion, and quantiles of ok latencies', () => {
    const ops = [
      { end: 0.05, latencyMs: 1, outcome: 'ok' as const },
      { end: 0.06, latencyMs: 3, outcome: 'ok' as const },
      { end: 0.07, latencyMs: 2, outcome: 'fail' as const },
      { end: 0.95, latencyMs: 9, outcome: 'info' as const },
      { end: null, latencyMs: null, outcome: 'pending' as const },
    ];
    const s = computeSeries(ops, 1);
    expect(s.bucketSeconds).toBe(0.01);
    expect(s.t).toHaveLength(100);
    expect(s.ok[5]).toBe(100);
    expect(s.ok[6]).toBe(100);
    expect(s.fail[7]).toBe(100);
    expect(s.info[95]).toBe(100);
    expect(s.p50[5]).toBe(1);
    expect(s.p50[7]).toBeNull();
    expect(s.ok.reduce((a, b) => a + b, 0) * s.bucketSeconds).toBeCloseTo(2);
  });

  it('nearest-rank quantiles', () => {
    expect(quantileOf([1, 2, 3, 4], 0.5)).toBe(2);
    expect(quantileOf([1, 2, 3, 4], 0.99)).toBe(4);
    expect(quantileOf([7], 0)).toBe(7);
  });
});
