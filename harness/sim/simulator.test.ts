import { describe, expect, it } from 'vitest';
import { historyToJsonl } from '../../checkers/history/jsonl.js';
import type { HistoryEvent } from '../../checkers/history/types.js';
import type { NemesisEventValue } from '../faults/events.js';
import { NO_BUGS } from '../../impl/bugs.js';
import { SeededRandom } from '../../impl/raft/random.js';
import type { Message } from '../../impl/raft/types.js';
import { checkRun } from './check-run.js';
import { EventQueue } from './event-queue.js';
import { MemoryStorage } from './memory-storage.js';
import { SimNetwork } from './network.js';
import { scheduleFromSeed } from '../faults/arbitrary.js';
import { CALM_NETWORK, type FaultSchedule } from '../faults/schedule.js';
import { DEFAULT_SIM_OPTIONS, runSchedule, type SimOptions } from './simulator.js';

const shape = { nodes: 5, horizonMs: 3000, maxFaults: 30 };
const calm = { ...CALM_NETWORK, minDelayMs: 1, maxDelayMs: 5 };
const small: SimOptions = { ...DEFAULT_SIM_OPTIONS, ops: 300 };
const model = { name: 'kv' as const, initial: null };

describe('the simulator', () => {
  it('gives a byte-identical history for the same seed, and another for another seed', () => {
    const run = (seed: number): string => historyToJsonl(runSchedule(scheduleFromSeed(seed, shape), { ...small, seed }).history);
    const first = run(7);
    expect(run(7)).toBe(first);
    expect(run(8)).not.toBe(first);
  });

  it('records every client op with Jepsen semantics: one op at a time, a new process after info', () => {
    const result = runSchedule(scheduleFromSeed(2, { ...shape, nemeses: ['kill'] }), { ...small, seed: 2 });
    const open = new Map<number | string, string>();
    const retired = new Set<number | string>();
    let infos = 0;
    for (const event of result.history) {
      if (event.process === 'nemesis') continue;
      expect(retired.has(event.process)).toBe(false);
      if (event.type === 'invoke') {
        expect(open.has(event.process)).toBe(false);
        open.set(event.process, event.f);
      } else {
        expect(open.get(event.process)).toBe(event.f);
        open.delete(event.process);
        if (event.type === 'info') {
          retired.add(event.process);
          infos++;
        }
      }
    }
    // The ops, then a final read of every key by every client.
    expect(result.history.filter((e) => e.type === 'invoke')).toHaveLength(300 + 5 * 3);
    expect(infos).toBeGreaterThan(0);
    expect(result.history.some((e) => e.process === 'nemesis' && e.f === 'crash')).toBe(true);
  });

  it('keeps a correct cluster linearizable and within Raft invariants under faults', async () => {
    for (const seed of [11, 12, 13]) {
      const result = runSchedule(scheduleFromSeed(seed, shape), { ...small, seed });
      const verdict = await checkRun(result, model);
      expect(verdict.reason).toBeNull();
      expect(verdict.linearizability.verdict).toBe('valid');
    }
  });

  it('leader churn keeps cutting off whoever leads while it lasts, and only then', () => {
    const churn: FaultSchedule = {
      nodes: 5,
      nemeses: ['leader-churn'],
      network: calm,
      maxEntriesPerAppend: 8,
      faults: [{ at: 200, kind: 'leader-churn', durationMs: 1000, strikeWithinMs: 20, outageMs: 100 }],
    };
    const result = runSchedule(churn, { ...small, ops: 2000, seed: 3 });
    expect(result.virtualMs).toBeGreaterThan(1300);
    const nemesis = result.history.filter((e) => e.process === 'nemesis');
    const phase = (e: HistoryEvent): NemesisEventValue => e.value as NemesisEventValue;
    const cutOffs = nemesis.filter((e) => e.f === 'partition' && phase(e).phase === 'start');
    const ms = (ns: number): number => ns / 1e6;
    // Each cut-off lasts 100 ms and the next follows within 20 ms of a leader: about eight in the second.
    expect(cutOffs.length).toBeGreaterThanOrEqual(6);
    expect(cutOffs.every((e) => ms(e.time) >= 200 && ms(e.time) <= 1200)).toBe(true);
    // One node against the rest, and more than one node was cut off in turn.
    const isolated = cutOffs.map((e) => (phase(e).groups as string[][]).find((side) => side.length === 1)?.[0]);
    expect(isolated.every((id) => id !== undefined)).toBe(true);
    expect(new Set(isolated).size).toBeGreaterThan(1);
    // Each cut-off ends under its own fault id; the churn itself is one band from 200 to 1200 ms.
    const ends = nemesis.filter((e) => e.f === 'partition' && phase(e).phase === 'end');
    expect(ends.map((e) => phase(e).fault).sort()).toEqual(cutOffs.map((e) => phase(e).fault).sort());
    const churnBand = nemesis.filter((e) => e.f === 'leader-churn').map((e) => [phase(e).phase, ms(e.time)]);
    expect(churnBand).toEqual([['start', 200], ['end', 1200]]);
  });

  it('makes progress without faults: every op completes ok or as a definite cas failure', () => {
    const quiet: FaultSchedule = { nodes: 5, nemeses: [], network: calm, maxEntriesPerAppend: 8, faults: [] };
    const result = runSchedule(quiet, { ...small, seed: 5 });
    const completions = result.history.filter((e) => e.type !== 'invoke');
    expect(completions.every((e) => e.type === 'ok' || (e.type === 'fail' && e.error === 'cas-mismatch'))).toBe(true);
    expect(completions).toHaveLength(300 + 5 * 3);
  });
});

describe('memory storage', () => {
  it('loses only what was not synced when the node cutOffs', () => {
    const storage = new MemoryStorage();
    expect(storage.load()).toBeNull();
    const e = (index: number) => ({ index, term: 1, type: 'noop' as const });
    storage.save(null, [e(1), e(2)], { term: 1, vote: 'n1', commit: 0 });
    storage.sync();
    storage.save(null, [e(3)], { term: 2, vote: null, commit: 2 });
    storage.loseUnsynced();
    const loaded = storage.load()!;
    expect(loaded.entries.map((x) => x.index)).toEqual([1, 2]);
    expect(loaded.hardState).toEqual({ term: 1, vote: 'n1', commit: 0 });
  });

  it('replaces a conflicting suffix', () => {
    const storage = new MemoryStorage();
    storage.load();
    storage.save(null, [1, 2, 3].map((index) => ({ index, term: 1, type: 'noop' as const })), null);
    storage.save(null, [{ index: 2, term: 2, type: 'noop' as const }], null);
    storage.sync();
    expect(storage.load()!.entries.map((x) => `${x.index}/${x.term}`)).toEqual(['1/1', '2/2']);
  });
});

describe('the simulated network', () => {
  const message = (from: string, to: string): Message => ({ type: 'timeout-now', from, to, term: 1 });

  it('delivers after a delay, and not across a partition until it heals', () => {
    const queue = new EventQueue();
    const got: string[] = [];
    const net = new SimNetwork(queue, new SeededRandom(1), calm, (m) => got.push(`${m.from}>${m.to}@${queue.now}`));
    const cut = net.partition([['a'], ['b', 'c']]);
    net.send(message('a', 'b'));
    net.send(message('b', 'c'));
    while (queue.step());
    expect(got.map((g) => g.split('@')[0])).toEqual(['b>c']);
    net.heal(cut);
    net.send(message('a', 'b'));
    while (queue.step());
    expect(got).toHaveLength(2);
    expect(Number(got[1]!.split('@')[1])).toBeGreaterThanOrEqual(1);
  });

  it('drops and duplicates at the configured rates, reproducibly', () => {
    const count = (seed: number): number => {
      const queue = new EventQueue();
      let delivered = 0;
      const net = new SimNetwork(queue, new SeededRandom(seed), { ...calm, minDelayMs: 0, maxDelayMs: 10, dropRate: 0.2, duplicateRate: 0.2 }, () => delivered++);
      for (let i = 0; i < 1000; i++) net.send(message('a', 'b'));
      while (queue.step());
      return delivered;
    };
    const delivered = count(3);
    expect(delivered).toBe(count(3));
    expect(delivered).toBeGreaterThan(800);
    expect(delivered).toBeLessThan(1100);
  });

  it('was given no bugs by default', () => {
    expect(DEFAULT_SIM_OPTIONS.bugs).toBe(NO_BUGS);
  });
});
