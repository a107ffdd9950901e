import { describe, expect, it } from 'vitest';
import type { HistoryEvent } from '../../checkers/history/types.js';
import { historyStats, quantiles } from './stats.js';

const ms = 1e6;
let index = 0;
const ev = (fields: Omit<HistoryEvent, 'index'>): HistoryEvent => ({ index: index++, ...fields });

describe('historyStats', () => {
  it('counts outcomes per f, open ops and nemesis events, and times ok ops', () => {
    const history = [
      ev({ time: 0, type: 'invoke', process: 0, f: 'write', key: 'k', value: 1 }),
      ev({ time: 0, type: 'invoke', process: 1, f: 'read', key: 'k', value: null }),
      ev({ time: 1 * ms, type: 'info', process: 'nemesis', f: 'partition', value: { fault: 1, phase: 'start' } }),
      ev({ time: 4 * ms, type: 'ok', process: 0, f: 'write', key: 'k', value: 1 }),
      ev({ time: 10 * ms, type: 'info', process: 1, f: 'read', key: 'k', value: null }),
      ev({ time: 11 * ms, type: 'invoke', process: 2, f: 'read', key: 'k', value: null }),
    ];
    const { counts, latency } = historyStats(history);
    expect(counts).toMatchObject({ ops: 3, ok: 1, fail: 0, info: 1, open: 1, nemesis: 1 });
    expect(counts.byF).toEqual({ write: { ok: 1, fail: 0, info: 0, open: 0 }, read: { ok: 0, fail: 0, info: 1, open: 1 } });
    expect(latency.ok).toEqual({ count: 1, p50: 4, p90: 4, p99: 4, max: 4 });
    expect(latency.info?.max).toBe(10);
    expect(latency.fail).toBeNull();
    expect(Object.keys(latency.okByF)).toEqual(['write']);
  });

  it('takes nearest-rank quantiles', () => {
    const q = quantiles(Array.from({ length: 100 }, (_, i) => i + 1))!;
    expect([q.p50, q.p90, q.p99, q.max]).toEqual([50, 90, 99, 100]);
  });
});
