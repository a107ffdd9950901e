import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { generateHistory } from '../bench/checker/generate.js';
import { readHistory } from '../checkers/history/read.js';
import { referenceHistoriesDir } from '../checkers/history/reference.js';
import { tempDir } from '../checkers/history/test-support/files.js';
import type { HistoryEvent } from '../checkers/history/types.js';
import { checkOperations } from '../checkers/linearizable/check.js';
import type { ModelSpec } from '../checkers/linearizable/models/index.js';
import { prepareReport } from './data/prepare.js';
import { NONE, OUTCOMES } from './data/report-data.js';
import { reportHtml } from './html.js';
import { decodeOps, opAtInvoke } from './page/decode.js';
import { linearizationPoints } from './page/linearization.js';

const tmp = (): string => tempDir('reports');

async function prepared(events: readonly HistoryEvent[], spec: ModelSpec = { name: 'kv', initial: null }) {
  const { pairOperations } = await import('../checkers/history/pair.js');
  const ops = pairOperations('h', events.map((event, i) => ({ event, line: i + 1 })));
  const check = await checkOperations(ops, spec, { workers: 0 });
  return prepareReport({ title: 't', source: 's', events, check, generatedAt: '2026-01-01T00:00:00.000Z' });
}

const ev = (index: number, time: number, type: HistoryEvent['type'], process: number | string, f: string, value: unknown, key?: string): HistoryEvent =>
  ({ index, time, type, process, f, value, ...(key === undefined ? {} : { key }) }) as HistoryEvent;

describe('report data', () => {
  it('keeps every op, failed ones too, with times in microseconds and event positions', async () => {
    const events = [
      ev(0, 1_000_000, 'invoke', 0, 'write', 1, 'x'),
      ev(1, 2_000_000, 'invoke', 1, 'cas', [0, 2], 'x'),
      ev(2, 3_500_000, 'ok', 0, 'write', 1, 'x'),
      ev(3, 4_000_000, 'fail', 1, 'cas', [0, 2], 'x'),
      ev(4, 5_000_000, 'info', 'nemesis', 'partition', { fault: 1, phase: 'start', groups: [['n1'], ['n2']] }),
      ev(5, 6_000_000, 'invoke', 2, 'read', null, 'y'),
      ev(6, 7_000_000, 'info', 2, 'read', null, 'y'),
      ev(7, 8_000_000, 'invoke', 0, 'read', null, 'x'),
    ];
    const data = await prepared(events);
    const ops = decodeOps(data);
    expect(ops.count).toBe(4);
    expect(Array.from(ops.call)).toEqual([1000, 2000, 6000, 8000]);
    expect(Array.from(ops.end)).toEqual([3500, 4000, 7000, Infinity]);
    expect(Array.from(ops.outcome, (o) => OUTCOMES[o])).toEqual(['ok', 'fail', 'info', 'pending']);
    expect(Array.from(ops.invoke)).toEqual([0, 1, 5, 7]);
    expect(Array.from(ops.complete)).toEqual([2, 3, 6, NONE]);
    expect(data.keys).toEqual(['x', 'y']);
    expect(Array.from(ops.text, (t) => data.strings[t])).toEqual(['x: write 1', 'x: cas 0→2', 'y: read → ?', 'x: read → ?']);
    expect(data.faults).toEqual([{ start: 5000, end: null, kind: 'partition', label: 'n1 | n2', nodes: ['n1', 'n2'] }]);
    expect(data.axis).toEqual({ kind: 'time', ticksPerSecond: 1e6 });
    expect(data.span).toBe(8000);
    // Process 0 may still be running at the end (its read never completed); process 2 starts after 1 ended.
    expect(data.lanes).toEqual([['0'], ['1', '2']]);
    expect(data.series?.ok.some((n) => n > 0)).toBe(true);
  });

  it('names the counterexample ops so that the page finds them by their invoke position', async () => {
    const dir = tmp();
    const file = generateHistory(join(dir, 'bad.jsonl'), { ops: 1500, keys: 5, clients: 8, crashPpm: 50_000, seed: 3, readNeverWritten: true });
    const history = readHistory(file);
    const check = await checkOperations(history.operations, { name: 'kv', initial: null }, { workers: 0 });
    expect(check.verdict).toBe('invalid');
    const data = prepareReport({ title: 't', source: file, events: history.events, check });
    const ops = decodeOps(data);
    const c = check.counterexample!;
    const failing = opAtInvoke(ops, c.op.invokeIndex);
    expect(data.strings[ops.text[failing]!]).toBe(c.op.description);
    for (const step of c.prefix) expect(opAtInvoke(ops, step.op.invokeIndex)).toBeGreaterThanOrEqual(0);
  });

  it.skipIf(!existsSync(referenceHistoriesDir()))("points at Knossos' known failure in cas-failure.edn: process 70's read of 0", async () => {
    const history = readHistory(join(referenceHistoriesDir(), 'knossos/cas-register/bad/cas-failure.edn'));
    const check = await checkOperations(history.operations, { name: 'cas-register', initial: 0 }, { workers: 0 });
    const data = prepareReport({ title: 't', source: 's', events: history.events, check });
    const ops = decodeOps(data);
    expect(data.axis).toEqual({ kind: 'position' });
    expect(data.series).toBeNull();
    const failing = opAtInvoke(ops, check.counterexample!.op.invokeIndex);
    expect([data.processes[ops.process[failing]!], data.strings[ops.text[failing]!]]).toEqual(['70', 'read → 0']);
    expect(data.faults.map((f) => f.kind)).toEqual(['nemesis', 'nemesis']);
  });

  it('grows linearly with the history', async () => {
    const dir = tmp();
    const size = async (n: number): Promise<number> => {
      const history = readHistory(generateHistory(join(dir, `${n}.jsonl`), { ops: n, keys: 50, clients: 20, crashPpm: 50_000, seed: 1 }));
      const check = await checkOperations(history.operations, { name: 'kv', initial: null }, { workers: 0 });
      return JSON.stringify(prepareReport({ title: 't', source: 's', events: history.events, check })).length / n;
    };
    const small = await size(2_000);
    const large = await size(20_000);
    expect(large / small).toBeGreaterThan(0.75);
    expect(large / small).toBeLessThan(1.25);
    expect(large).toBeLessThan(60);
  });
});

describe('the page', () => {
  it('inlines everything, forbids network requests, and cannot be cut short by what the history holds', async () => {
    const events = [ev(0, 1000, 'invoke', 0, 'write', '</script><script>alert(1)</script>', 'k'), ev(1, 2000, 'ok', 0, 'write', '</script>', 'k')];
    const html = reportHtml(await prepared(events));
    expect(html).toContain("default-src 'none'");
    expect(html).toContain("connect-src 'none'");
    expect(html.match(/<\/script>/g)).toHaveLength(2);
    expect(html).not.toMatch(/<(script|link|img)[^>]+(src|href)=/i);
    expect(html).toContain('<noscript>');
  });
});

describe('linearization points', () => {
  it('keep the order, each inside its op, ties spread apart', () => {
    const calls = [1, 1, 1, 4, 2];
    const rets = [2, 3, 5, 6, 8];
    const points = linearizationPoints(calls, rets);
    for (let i = 0; i < points.length; i++) {
      expect(points[i]).toBeGreaterThan(calls[i]!);
      expect(points[i]).toBeLessThan(rets[i]!);
      if (i > 0) expect(points[i]).toBeGreaterThan(points[i - 1]!);
    }
  });
});
