import { appendFileSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { ViolationWatch } from './watch.js';

const KV = { name: 'kv', initial: null } as const;

/** A history file in the recorder's format: [type, process, f, key, value] per event, 1 ms apart. */
function historyFile(events: readonly (readonly [string, number, string, string, unknown])[]): string {
  const path = join(mkdtempSync(join(tmpdir(), 'faultline-watch-')), 'history.jsonl');
  const lines = events.map(([type, process, f, key, value], index) => JSON.stringify({ index, time: (index + 1) * 1e6, type, process, f, key, value }));
  writeFileSync(path, lines.join('\n') + '\n');
  return path;
}

const watches: ViolationWatch[] = [];
afterEach(async () => {
  await Promise.all(watches.splice(0).map((w) => w.stop()));
});

function watch(historyPath: string, searchLimitMs?: number): ViolationWatch {
  const w = new ViolationWatch({ historyPath, model: KV, logs: null, elapsedMs: () => 1234, searchLimitMs });
  watches.push(w);
  w.start(50);
  return w;
}

async function until(condition: () => boolean, ms: number): Promise<void> {
  const deadline = Date.now() + ms;
  while (!condition() && Date.now() < deadline) await new Promise((r) => setTimeout(r, 20));
}

describe('ViolationWatch', () => {
  it('reports a stale read in the history recorded so far, with the op and when its evidence completed', async () => {
    const w = watch(
      historyFile([
        ['invoke', 0, 'write', 'k1', 1],
        ['ok', 0, 'write', 'k1', 1],
        ['invoke', 1, 'read', 'k1', null],
        ['ok', 1, 'read', 'k1', null],
        // Still in flight when the history was read: it may or may not happen.
        ['invoke', 2, 'write', 'k2', 7],
      ]),
    );
    await until(() => w.found !== null, 10_000);
    expect(w.found).toEqual({ foundAtMs: 1234, evidenceAtMs: 4, what: expect.stringMatching(/^not linearizable: process 1: k1: read/) });
  });

  it('finds nothing in a linearizable history, check after check', async () => {
    const w = watch(
      historyFile([
        ['invoke', 0, 'write', 'k1', 1],
        ['invoke', 1, 'read', 'k1', null],
        ['ok', 1, 'read', 'k1', null],
        ['ok', 0, 'write', 'k1', 1],
        ['invoke', 1, 'read', 'k1', null],
        ['ok', 1, 'read', 'k1', 1],
      ]),
    );
    await new Promise((r) => setTimeout(r, 500));
    expect(w.found).toBeNull();
  });

  it('while it rests from a search that ran out of time, still finds a stale read at the next interval', async () => {
    // 26 overlapping writes and a read of a value none wrote: more orders than a second of search can try.
    const events: [string, number, string, string, unknown][] = [];
    for (let i = 0; i < 26; i++) events.push(['invoke', i, 'write', 'k', i]);
    for (let i = 0; i < 26; i++) events.push(['ok', i, 'write', 'k', i]);
    events.push(['invoke', 99, 'read', 'k', null], ['ok', 99, 'read', 'k', 1234]);
    const path = historyFile(events);
    // The first search starts after 50 ms and gives up after 1 s; the next may start 2 s after that.
    const w = watch(path, 1000);
    await new Promise((r) => setTimeout(r, 1500));
    expect(w.found).toBeNull();
    const stale: [string, number, string, string, unknown][] = [
      ['invoke', 100, 'write', 'k2', 1],
      ['ok', 100, 'write', 'k2', 1],
      ['invoke', 100, 'write', 'k2', 2],
      ['ok', 100, 'write', 'k2', 2],
      ['invoke', 101, 'read', 'k2', null],
      ['ok', 101, 'read', 'k2', 1],
    ];
    appendFileSync(path, stale.map(([type, process, f, key, value], i) => JSON.stringify({ index: 54 + i, time: (55 + i) * 1e6, type, process, f, key, value })).join('\n') + '\n');
    const appended = performance.now();
    await until(() => w.found !== null, 5000);
    expect(w.found?.what).toMatch(/^not linearizable: process 101: k2: read → 1/);
    expect(performance.now() - appended).toBeLessThan(1000);
  });

  it('stops at once (and again), and a history it cannot read is no finding', async () => {
    const w = watch(join(tmpdir(), 'faultline-watch-no-such-dir', 'history.jsonl'));
    await new Promise((r) => setTimeout(r, 300));
    const started = performance.now();
    await w.stop();
    expect(performance.now() - started).toBeLessThan(5000);
    await w.stop();
    expect(w.found).toBeNull();
  });
});
