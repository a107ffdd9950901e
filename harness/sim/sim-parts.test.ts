import { describe, expect, it } from 'vitest';
import { NO_BUGS } from '../../impl/bugs.js';
import { RaftNode } from '../../impl/raft/node.js';
import { SeededRandom } from '../../impl/raft/random.js';
import type { Message } from '../../impl/raft/types.js';
import { Replica } from '../../impl/server/replica.js';
import { CALM_NETWORK, type FaultSchedule } from '../faults/schedule.js';
import { SimClock } from './clock.js';
import { EventQueue } from './event-queue.js';
import { healthyQuorum, ProgressWatch, RecoveryWatch, type ClusterHealth } from './liveness.js';
import { SimNetwork } from './network.js';
import { MAX_READY_ROUNDS, SimHang, SimNode } from './sim-node.js';
import { DEFAULT_SIM_OPTIONS, runSchedule } from './simulator.js';

const ping = (from: string, to: string): Message => ({ type: 'timeout-now', from, to, term: 1 });

describe('a node clock', () => {
  it('reads true time through an offset and a rate, and inverts', () => {
    const clock = new SimClock();
    expect(clock.read(100)).toBe(100);
    clock.jump(100, -40);
    expect(clock.read(150)).toBe(110);
    clock.setRate(150, 0.5);
    expect(clock.read(250)).toBe(160);
    expect(clock.trueTimeOf(170, 250)).toBe(270);
    expect(clock.trueTimeOf(100, 250)).toBe(250); // already past: now
    expect(clock.skewed).toBe(true);
    clock.reset(300);
    expect([clock.read(400), clock.skewed]).toEqual([400, false]);
  });
});

describe('a simulated node', () => {
  function node(): { queue: EventQueue; node: SimNode; ticks: number[] } {
    const queue = new EventQueue();
    const ticks: number[] = [];
    const n: SimNode = new SimNode('n1', {
      queue,
      tickMs: 10,
      replica: () => ({ tick: () => ticks.push(queue.now) }) as unknown as Replica,
    });
    n.start(10);
    return { queue, node: n, ticks };
  }
  /** Runs every event before `time`, and stops there. */
  const runUntil = (queue: EventQueue, time: number): void => {
    let reached = false;
    queue.at(time, () => (reached = true));
    while (!reached && queue.step());
  };

  it('ticks on its own clock: slower when it runs slow, not at all after a jump back, catching up after a jump ahead', () => {
    const { queue, node: n, ticks } = node();
    runUntil(queue, 100);
    expect(ticks).toEqual([10, 20, 30, 40, 50, 60, 70, 80, 90]);
    n.clock.setRate(queue.now, 0.5);
    n.clockChanged(false);
    runUntil(queue, 200);
    expect(ticks.slice(9)).toEqual([100, 120, 140, 160, 180]);
    n.clock.jump(queue.now, -300);
    n.clockChanged(false);
    runUntil(queue, 700);
    expect(ticks.length).toBe(14);
    const before = ticks.length;
    n.clock.jump(queue.now, 1000);
    n.clockChanged(false);
    runUntil(queue, 701);
    expect(ticks.length - before).toBeGreaterThan(50); // caught up at once
  });

  it('paused, it neither ticks nor handles work; resumed, it handles what queued in order, timers where they stopped', () => {
    const { queue, node: n, ticks } = node();
    runUntil(queue, 55);
    const handled: string[] = [];
    const resume = n.pause()!;
    n.deliver(() => handled.push('a'));
    n.deliver(() => handled.push('b'));
    runUntil(queue, 500);
    expect([ticks.length, handled]).toEqual([5, []]);
    resume();
    expect(handled).toEqual(['a', 'b']);
    runUntil(queue, 506);
    expect(ticks).toEqual([10, 20, 30, 40, 50, 505]);
  });

  it('killed, it drops what queued and ignores a late resume', () => {
    const { queue, node: n } = node();
    const handled: string[] = [];
    const resume = n.pause()!;
    n.deliver(() => handled.push('lost'));
    expect(n.kill()).toBe(true);
    expect(n.kill()).toBe(false);
    n.start(10);
    resume();
    n.deliver(() => handled.push('after restart'));
    runUntil(queue, 50);
    expect(handled).toEqual(['after restart']);
    expect(n.paused).toBe(false);
  });

  it('reports a Ready loop that does not drain as a hang', () => {
    const { node: n } = node();
    expect(() => {
      for (let i = 0; i <= MAX_READY_ROUNDS; i++) n.readied();
    }).toThrow(SimHang);
  });
});

describe('the adversarial network', () => {
  const net = (profile: Partial<typeof CALM_NETWORK>, seed = 1) => {
    const queue = new EventQueue();
    const got: Array<{ at: number; m: Message }> = [];
    const network = new SimNetwork(queue, new SeededRandom(seed), { ...CALM_NETWORK, ...profile }, (m) => got.push({ at: queue.now, m }));
    return { queue, network, got };
  };

  it('delivers a late share seconds late, and late copies of duplicated messages', () => {
    const { queue, network, got } = net({ maxDelayMs: 5, lateRate: 0.2, lateMaxMs: 3000, duplicateRate: 0.2 });
    for (let i = 0; i < 500; i++) network.send(ping('a', 'b'));
    while (queue.step());
    const late = got.filter((g) => g.at > 5);
    expect(got.length).toBeGreaterThan(550);
    expect(late.length).toBeGreaterThan(100);
    expect(late.some((g) => g.at > 1000)).toBe(true);
    expect(Math.max(...got.map((g) => g.at))).toBeLessThanOrEqual(3000);
  });

  it('cuts one way only, counts overlapping cuts, and slows links to a node', () => {
    const { queue, network, got } = net({});
    const one = network.cut([['a', 'b']]);
    const two = network.partition([['a'], ['b']]);
    network.heal(two);
    expect([network.isCut('a', 'b'), network.isCut('b', 'a')]).toEqual([true, false]);
    network.heal(one);
    expect(network.isCut('a', 'b')).toBe(false);
    const slow = network.slow(['c'], 500, 0);
    network.send(ping('a', 'c'));
    network.send(ping('a', 'b'));
    while (queue.step());
    expect(got.map((g) => [g.m.to, g.at >= 500])).toEqual([['b', false], ['c', true]]);
    network.heal(slow);
  });
});

describe('liveness', () => {
  const health = (over: Partial<ClusterHealth>): ClusterHealth => ({
    voterSets: () => [['n1', 'n2', 'n3', 'n4', 'n5']],
    healthy: () => true,
    connected: () => true,
    disturbed: () => false,
    ...over,
  });

  it('finds a healthy quorum only among running nodes that reach each other both ways', () => {
    expect(healthyQuorum(health({}))).toHaveLength(5);
    expect(healthyQuorum(health({ healthy: (id) => id !== 'n1' && id !== 'n2' }))).toEqual(['n3', 'n4', 'n5']);
    expect(healthyQuorum(health({ healthy: (id) => id > 'n3' }))).toBeNull();
    const cut = (a: string, b: string): boolean => ![a, b].includes('n1') || [a, b].includes('n2');
    expect(healthyQuorum(health({ connected: cut }))).toEqual(['n2', 'n3', 'n4', 'n5']);
    expect(healthyQuorum(health({ disturbed: () => true }))).toBeNull();
    expect(healthyQuorum(health({ voterSets: () => [['n1', 'n2', 'n3'], ['n4', 'n5', 'n6']], healthy: (id) => id !== 'n4' && id !== 'n5' }))).toBeNull();
  });

  it('flags no progress only after the stall bound, with ops waiting and a healthy quorum throughout', () => {
    let healthy = true;
    const watch = new ProgressWatch(health({ healthy: () => healthy }), 1000);
    expect(watch.check(0, true)).toBeNull();
    expect(watch.check(900, true)).toBeNull();
    watch.progressed(900);
    expect(watch.check(1800, true)).toBeNull();
    expect(watch.check(1900, false)).toBeNull();
    expect(watch.check(1900, true)).toMatch(/^liveness: no op completed for 1000 ms while n1,n2,n3,n4,n5/);
    healthy = false;
    expect(watch.check(5000, true)).toBeNull();
    healthy = true;
    expect(watch.check(5100, true)).toBeNull(); // healthy again only since 5100
  });

  it('after the heal and the recovery time, an op that times out is a violation', () => {
    const watch = new RecoveryWatch(2000);
    expect(watch.timedOut(9000, 'op')).toBeNull();
    watch.healed(3000);
    watch.healed(4000);
    expect(watch.settledAt).toBe(5000);
    expect(watch.timedOut(4999, 'op')).toBeNull();
    expect(watch.timedOut(5000, 'a read')).toMatch(/^liveness: a read, invoked at 5000 ms, timed out although every fault had healed at 3000 ms/);
  });
});

describe('the simulator reports hangs and stuck clusters as violations', () => {
  const quiet: FaultSchedule = { nodes: 3, nemeses: [], network: CALM_NETWORK, maxEntriesPerAppend: 64, faults: [] };

  it('a core whose Ready never drains stops the run with a hang', () => {
    const hasReady = RaftNode.prototype.hasReady;
    RaftNode.prototype.hasReady = function (this: RaftNode) {
      return this.status().term >= 1 || hasReady.call(this);
    };
    try {
      const result = runSchedule(quiet, { ...DEFAULT_SIM_OPTIONS, ops: 50, seed: 1 });
      expect(result.violations).toEqual([expect.stringMatching(/^hang: n\d's Ready loop did not drain after 1000 rounds/)]);
    } finally {
      RaftNode.prototype.hasReady = hasReady;
    }
  });

  it('a cluster that never elects a leader fails liveness', () => {
    const result = runSchedule(quiet, { ...DEFAULT_SIM_OPTIONS, ops: 50, seed: 1, electionTicks: 1_000_000 });
    expect(result.violations).toEqual([expect.stringMatching(/^liveness: no op completed for \d+ ms while n1,n2,n3/)]);
  });

  it('a correct cluster passes both', () => {
    expect(runSchedule(quiet, { ...DEFAULT_SIM_OPTIONS, ops: 200, seed: 1, bugs: NO_BUGS }).violations).toEqual([]);
  });
});
