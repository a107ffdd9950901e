import fc from 'fast-check';
import { test } from '@fast-check/vitest';
import { describe, expect, it } from 'vitest';
import { NEMESIS_NAMES } from '../faults/nemeses.js';
import { namedNodes, nodeIds } from '../faults/schedule.js';
import { flowsBetweenGroups, flowsOfGrudge } from './nemesis/network-faults.js';
import { bridge, majoritiesRing } from '../faults/arbitrary.js';
import { halves, realScheduleArbitrary } from './schedule.js';

/** Who can hear whom under a grudge. */
function hears(cannotHear: Record<string, string[]>, to: string, from: string): boolean {
  return to === from || !(cannotHear[to] ?? []).includes(from);
}

describe('partition shapes', () => {
  it('halves put the smaller half first', () => {
    expect(halves(['a', 'b', 'c', 'd', 'e'])).toEqual([['a', 'b'], ['c', 'd', 'e']]);
  });

  it('a bridge: the two sides hear each other only through the node in the middle', () => {
    const order = ['a', 'b', 'c', 'd', 'e'];
    const g = bridge(order);
    expect(hears(g, 'a', 'e')).toBe(false);
    expect(hears(g, 'd', 'b')).toBe(false);
    for (const x of order) expect(hears(g, 'c', x) && hears(g, x, 'c')).toBe(true);
  });

  it('a majorities ring: every node hears a majority, and no two the same one', () => {
    const order = nodeIds(5);
    const g = majoritiesRing(order);
    const heard = order.map((to) => order.filter((from) => hears(g, to, from)).join());
    for (const set of heard) expect(set.split(',').length).toBe(3);
    expect(new Set(heard).size).toBe(5);
  });

  it('cuts every link between groups, both ways, and a grudge one way', () => {
    expect(flowsBetweenGroups([['a'], ['b', 'c']])).toEqual([
      { from: 'a', to: 'b' },
      { from: 'a', to: 'c' },
      { from: 'b', to: 'a' },
      { from: 'c', to: 'a' },
    ]);
    expect(flowsOfGrudge({ a: ['b'] })).toEqual([{ from: 'b', to: 'a' }]);
  });
});

describe('real-run schedules', () => {
  const shape = { nodes: 5, nemeses: NEMESIS_NAMES, timeLimitMs: 30_000, intervalMs: 3000 };

  it('are the same for the same seed', () => {
    const [a] = fc.sample(realScheduleArbitrary(shape), { seed: 9, numRuns: 1 });
    const [b] = fc.sample(realScheduleArbitrary(shape), { seed: 9, numRuns: 1 });
    expect(a).toEqual(b);
  });

  test.prop([realScheduleArbitrary(shape)], { numRuns: 200 })('start one fault at a time, each after a quiet quarter interval, within the time limit, naming only the cluster\'s nodes', (schedule) => {
    const ids = new Set(nodeIds(5));
    let quietFrom = shape.intervalMs;
    for (const fault of schedule.faults) {
      expect(fault.at).toBeGreaterThanOrEqual(quietFrom);
      expect(fault.at).toBeLessThan(shape.timeLimitMs);
      expect(fault.durationMs).toBeGreaterThan(0);
      for (const id of namedNodes(fault)) expect(ids.has(id)).toBe(true);
      quietFrom = fault.at + fault.durationMs + shape.intervalMs / 4;
    }
    // Every slot of the 9 has a fault unless a leader churn (up to five slots long) spans it.
    const churns = schedule.faults.filter((f) => f.kind === 'leader-churn').length;
    expect(schedule.faults.length).toBeGreaterThanOrEqual(9 - 4 * churns);
    expect(schedule.faults.length).toBeLessThanOrEqual(9);
  });

  it('leave the cluster at least a quarter of every interval without faults', () => {
    const [schedule] = fc.sample(realScheduleArbitrary({ ...shape, nemeses: ['partition', 'kill'] }), { seed: 3, numRuns: 1 });
    expect(schedule!.faults).toHaveLength(9);
    for (const [k, fault] of schedule!.faults.entries()) {
      expect(fault.at).toBeGreaterThanOrEqual((k + 1) * shape.intervalMs);
      expect(fault.at + fault.durationMs).toBeLessThanOrEqual((k + 1.75) * shape.intervalMs);
    }
  });

  it('draw from the chosen nemeses only, and nothing for none', () => {
    const [schedule] = fc.sample(realScheduleArbitrary({ ...shape, nemeses: ['pause'] }), { seed: 1, numRuns: 1 });
    expect(new Set(schedule!.faults.map((f) => f.kind))).toEqual(new Set(['pause']));
    const [none] = fc.sample(realScheduleArbitrary({ ...shape, nemeses: [] }), { seed: 1, numRuns: 1 });
    expect(none!.faults).toEqual([]);
  });
});
