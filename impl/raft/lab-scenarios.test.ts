/**
 * The MIT 6.5840 Raft lab scenarios (3A–3D), on the core's test cluster in virtual
 * time: one tick is 10 ms, so the lab's "a new leader within 5 s" is 500 ticks. The
 * cluster checks election safety and state-machine safety on every step.
 */
import { describe, expect, it } from 'vitest';
import { SeededRandom } from './random.js';
import { TestCluster } from './test-support/cluster.js';

const FIVE_SECONDS = 500;
const ids = (n: number): string[] => Array.from({ length: n }, (_, i) => `s${i + 1}`);

/** How many nodes applied `data` at `index`. */
function committedAt(c: TestCluster, index: number, data: string): number {
  return [...c.applied.values()].filter((applied) => applied.get(index) === data).length;
}

/** The lab's one(): keeps proposing through whoever leads until `expected` nodes applied it. */
function one(c: TestCluster, data: string, expected: number, ticks = 2 * FIVE_SECONDS): number {
  for (let t = 0; t < ticks; t++) {
    const leader = c.leader();
    if (leader !== null) {
      const result = c.node(leader).propose(data);
      if (result.ok) {
        for (let wait = 0; wait < 200; wait++) {
          if (committedAt(c, result.index, data) >= expected) return result.index;
          c.run(1);
        }
      }
    }
    c.run(1);
  }
  throw new Error(`one(${data}): no agreement among ${expected} nodes`);
}

/** The lab's checkOneLeader(): among the connected nodes, one leader that a majority follows. */
function checkOneLeader(c: TestCluster, connected: readonly string[] = [...c.nodes.keys()]): string {
  const nodes = () => connected.filter((id) => c.nodes.has(id)).map((id) => c.node(id));
  for (let t = 0; t < FIVE_SECONDS; t++) {
    // (Two leaders of one term would already have failed: the cluster checks election safety on every step.)
    const leaders = nodes().map((n) => n.status()).filter((s) => s.role === 'leader');
    const newest = leaders.sort((a, b) => b.term - a.term)[0];
    // A leader counts once the connected majority follows it.
    if (newest !== undefined && nodes().filter((n) => n.status().leader === newest.id).length > c.nodes.size / 2) {
      return newest.id;
    }
    c.run(1);
  }
  throw new Error('expected one leader within 5 s');
}

function checkNoLeader(c: TestCluster, among: readonly string[]): void {
  for (const id of among) expect(c.node(id).status().role).not.toBe('leader');
}

describe('3A: leader election', () => {
  it('initial election: one leader within 5 s, and no change of term while nothing fails', () => {
    const c = new TestCluster({ ids: ids(3) });
    checkOneLeader(c);
    const term = c.node('s1').status().term;
    c.run(200);
    expect(c.node('s1').status().term).toBe(term);
    checkOneLeader(c);
  });

  it('re-election: after the leader disconnects, after it rejoins, and not without a quorum', () => {
    const c = new TestCluster({ ids: ids(3) });
    const leader1 = checkOneLeader(c);
    c.isolate(leader1);
    const leader2 = checkOneLeader(c, ids(3).filter((n) => n !== leader1));
    expect(leader2).not.toBe(leader1);
    c.heal();
    checkOneLeader(c);
    const others = ids(3).filter((n) => n !== leader2);
    c.partition([leader2], [others[0]!], [others[1]!]);
    c.run(FIVE_SECONDS);
    checkNoLeader(c, others);
    c.heal();
    checkOneLeader(c);
  });

  it('many elections: 7 nodes, 3 random ones cut off ten times', () => {
    const c = new TestCluster({ ids: ids(7) });
    const random = new SeededRandom(65);
    checkOneLeader(c);
    for (let i = 0; i < 10; i++) {
      const all = ids(7);
      const cut = new Set<string>();
      while (cut.size < 3) cut.add(random.pick(all));
      c.partition([...cut], all.filter((n) => !cut.has(n)));
      checkOneLeader(c);
      c.heal();
    }
    checkOneLeader(c);
  });
});

describe('3B: log agreement', () => {
  it('basic agreement', () => {
    const c = new TestCluster({ ids: ids(3) });
    for (let i = 1; i <= 3; i++) {
      const index = one(c, `cmd${i}`, 3);
      expect(committedAt(c, index, `cmd${i}`)).toBe(3);
    }
  });

  it('fail agree: agreement despite a disconnected follower, which catches up on return', () => {
    const c = new TestCluster({ ids: ids(3) });
    one(c, 'a', 3);
    const leader = checkOneLeader(c);
    const follower = ids(3).find((n) => n !== leader)!;
    c.isolate(follower);
    one(c, 'b', 2);
    one(c, 'c', 2);
    c.heal();
    one(c, 'd', 3);
    expect(c.appliedData(follower)).toEqual(['a', 'b', 'c', 'd']);
  });

  it('fail no agree: no agreement with 3 of 5 disconnected, agreement after they return', () => {
    const c = new TestCluster({ ids: ids(5) });
    one(c, 'a', 5);
    const leader = checkOneLeader(c);
    const followers = ids(5).filter((n) => n !== leader);
    c.partition([leader, followers[0]!], followers.slice(1));
    const result = c.node(leader).propose('lost');
    expect(result.ok).toBe(true);
    c.run(200);
    expect(committedAt(c, result.ok ? result.index : 0, 'lost')).toBe(0);
    c.heal();
    one(c, 'after', 5);
  });

  it('concurrent starts: proposals made at once all commit', () => {
    const c = new TestCluster({ ids: ids(3) });
    one(c, 'first', 3);
    const leader = checkOneLeader(c);
    const indices = Array.from({ length: 5 }, (_, i) => c.node(leader).propose(`concurrent${i}`));
    c.run(20);
    for (const [i, r] of indices.entries()) {
      expect(r.ok).toBe(true);
      if (r.ok) expect(committedAt(c, r.index, `concurrent${i}`)).toBe(3);
    }
  });

  it('rejoin of a partitioned leader', () => {
    const c = new TestCluster({ ids: ids(3) });
    one(c, '101', 3);
    const leader1 = checkOneLeader(c);
    c.isolate(leader1);
    for (const x of ['102', '103', '104']) c.node(leader1).propose(x);
    c.deliverAll();
    one(c, '103b', 2);
    const leader2 = checkOneLeader(c);
    c.partition([leader2], ids(3).filter((n) => n !== leader2));
    c.partition([leader2, ...ids(3).filter((n) => n !== leader2 && n !== leader1)].slice(0, 1), ids(3).filter((n) => n !== leader2));
    one(c, '104b', 2);
    c.heal();
    one(c, '105', 3);
    const logs = ids(3).map((id) => c.appliedData(id).join(','));
    expect(new Set(logs).size).toBe(1);
    expect(logs[0]).not.toMatch(/102|,103,|,104,/);
  });

  it('backup: a leader with a long divergent log is overwritten quickly', () => {
    const c = new TestCluster({ ids: ids(5) });
    const random = new SeededRandom(3);
    one(c, 'start', 5);
    const leader1 = checkOneLeader(c);
    const others = ids(5).filter((n) => n !== leader1);
    c.partition([leader1, others[0]!], others.slice(1));
    for (let i = 0; i < 50; i++) c.node(leader1).propose(`lost1-${i}`);
    c.deliverAll();
    c.crash(leader1);
    c.crash(others[0]!);
    for (let i = 0; i < 50; i++) one(c, `kept1-${i}`, 3);
    const leader2 = checkOneLeader(c);
    const other = others.slice(1).find((n) => n !== leader2)!;
    c.partition([leader2, other], ids(5).filter((n) => n !== leader2 && n !== other));
    for (let i = 0; i < 50; i++) c.node(leader2).propose(`lost2-${i}`);
    c.deliverAll();
    c.heal();
    c.crash(leader2);
    c.crash(other);
    c.start(leader1);
    c.start(others[0]!);
    for (let i = 0; i < 50; i++) one(c, `kept2-${i}`, 3);
    for (const id of ids(5)) if (!c.nodes.has(id)) c.start(id);
    one(c, `final-${random.int(0, 99)}`, 5);
    const kept = c.appliedData('s1').filter((d) => d.startsWith('kept'));
    expect(kept).toHaveLength(100);
    for (const id of ids(5)) expect(c.appliedData(id)).toEqual(c.appliedData('s1'));
  });
});

describe('3C: persistence', () => {
  it('persist 1: state survives restarting everyone, and a leader or follower alone', () => {
    const c = new TestCluster({ ids: ids(3) });
    one(c, '11', 3);
    for (const id of ids(3)) c.crash(id);
    for (const id of ids(3)) c.start(id);
    one(c, '12', 3);
    const leader = checkOneLeader(c);
    c.crash(leader);
    c.start(leader);
    one(c, '13', 3);
    const follower = ids(3).find((n) => n !== checkOneLeader(c))!;
    c.crash(follower);
    one(c, '14', 2);
    c.start(follower);
    one(c, '15', 3);
    expect(c.appliedData(follower)).toEqual(['11', '12', '13', '14', '15']);
  });

  it('persist 2: repeated crashes of a majority-minus-one with agreement in between', () => {
    const c = new TestCluster({ ids: ids(5) });
    for (let iter = 0; iter < 5; iter++) {
      one(c, `p2-${iter}a`, 5);
      const leader1 = checkOneLeader(c);
      const down = ids(5).filter((n) => n !== leader1).slice(0, 2);
      for (const id of down) c.crash(id);
      one(c, `p2-${iter}b`, 3);
      c.crash(leader1);
      for (const id of down) c.start(id);
      one(c, `p2-${iter}c`, 3);
      c.start(leader1);
    }
    one(c, 'p2-end', 5);
  });

  it('persist 3: a leader that crashes right after a proposal', () => {
    const c = new TestCluster({ ids: ids(3) });
    one(c, '101', 3);
    const leader = checkOneLeader(c);
    const follower = ids(3).find((n) => n !== leader)!;
    c.crash(follower);
    one(c, '102', 2);
    c.crash(leader);
    c.start(follower);
    c.start(leader);
    one(c, '103', 2);
    c.start(follower);
    one(c, '104', 3);
  });

  /** Leaders crash mid-replication: ticks deliver only a round or two, so messages are still in flight. */
  function figure8(unreliable: boolean): TestCluster {
    const c = new TestCluster({ ids: ids(5), config: { maxEntriesPerAppend: 2 }, ...(unreliable ? { unreliable: { dropRate: 0.1, seed: 8 } } : {}) });
    const random = new SeededRandom(unreliable ? 88 : 8);
    one(c, 'f8-start', 1);
    let up = 5;
    for (let iter = 0; iter < 400; iter++) {
      const leader = c.leader();
      if (leader !== null) c.node(leader).propose(`f8-${iter}`);
      const ticks = random.chance(0.1) ? random.int(0, 50) : random.int(0, 4);
      for (let t = 0; t < ticks; t++) {
        for (const node of c.nodes.values()) node.tick();
        c.deliverAll(random.int(0, 2));
      }
      if (leader !== null && c.nodes.has(leader) && random.chance(unreliable ? 0.5 : 1)) {
        c.crash(leader);
        up--;
      }
      if (up < 3) {
        c.start(random.pick(ids(5).filter((n) => !c.nodes.has(n))));
        up++;
      }
    }
    for (const id of ids(5)) if (!c.nodes.has(id)) c.start(id);
    one(c, 'f8-end', 5, 10 * FIVE_SECONDS);
    return c;
  }

  it('Figure 8: leaders crash at random mid-replication; nothing committed is lost', () => {
    const c = figure8(false);
    expect(c.leaders.size).toBeGreaterThan(30); // many terms, each cut short
  });

  it('Figure 8 (unreliable network)', () => {
    const c = figure8(true);
    expect(c.leaders.size).toBeGreaterThan(20);
  });

  it('unreliable churn: any node crashes, restarts or is cut off while clients propose', () => {
    const c = new TestCluster({ ids: ids(5), unreliable: { dropRate: 0.1, seed: 21 } });
    const random = new SeededRandom(21);
    for (let iter = 0; iter < 200; iter++) {
      const leader = c.leader();
      if (leader !== null) c.node(leader).propose(`churn-${iter}`);
      c.run(random.int(1, 10));
      const id = random.pick(ids(5));
      const roll = random.int(0, 9);
      if (roll < 2 && c.nodes.has(id) && c.nodes.size > 3) c.crash(id);
      else if (roll < 5 && !c.nodes.has(id)) c.start(id);
      else if (roll < 6) c.isolate(id);
      else if (roll < 8) c.heal();
    }
    c.heal();
    for (const id of ids(5)) if (!c.nodes.has(id)) c.start(id);
    one(c, 'churn-end', 5, 10 * FIVE_SECONDS);
    for (const id of ids(5)) expect(c.appliedData(id)).toEqual(c.appliedData('s1'));
  });
});

describe('3D: log compaction', () => {
  it('snapshot install: a disconnected follower catches up from a snapshot, also after restarts', () => {
    const c = new TestCluster({ ids: ids(3) });
    one(c, 'snap-0', 3);
    for (let iter = 0; iter < 5; iter++) {
      const leader = checkOneLeader(c);
      const victim = ids(3).find((n) => n !== leader)!;
      c.isolate(victim);
      for (let i = 0; i < 15; i++) one(c, `snap-${iter}-${i}`, 2);
      for (const id of ids(3)) if (id !== victim) c.compact(id);
      if (iter % 2 === 1) {
        c.crash(victim);
        c.start(victim);
      }
      c.heal();
      one(c, `snap-${iter}-end`, 3);
      expect(c.disks.get(victim)!.snapshot?.meta.index ?? 0).toBeGreaterThan(0);
    }
    for (const id of ids(3)) expect(c.appliedData(id)).toEqual(c.appliedData('s1'));
  });
});
