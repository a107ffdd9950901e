import { describe, expect, it } from 'vitest';
import { TestCluster } from './test-support/cluster.js';

const three = ['n1', 'n2', 'n3'];
const five = ['n1', 'n2', 'n3', 'n4', 'n5'];

describe('log replication', () => {
  it('replicates and applies entries on every node in order', () => {
    const c = new TestCluster({ ids: three });
    for (const v of ['a', 'b', 'c']) c.commit(v);
    c.run(3);
    for (const id of three) expect(c.appliedData(id)).toEqual(['a', 'b', 'c']);
  });

  it('does not commit without a quorum, and commits once it returns', () => {
    const c = new TestCluster({ ids: three });
    const leader = c.electLeader();
    const [f1, f2] = three.filter((n) => n !== leader) as [string, string];
    c.partition([leader], [f1, f2]);
    const result = c.node(leader).propose('lonely');
    expect(result.ok).toBe(true);
    c.run(3);
    expect(c.node(leader).status().commit).toBeLessThan(result.ok ? result.index : 0);
    c.heal();
    c.crash(f1);
    c.crash(f2);
    c.start(f1);
    c.start(f2);
    c.run(60);
    // The lonely entry may or may not survive, but every node agrees (checked as they apply).
    c.commit('after');
    c.run(5);
    for (const id of three) expect(c.appliedData(id).at(-1)).toBe('after');
  });

  it('backs up quickly over a long divergent log (fast conflict backup)', () => {
    const c = new TestCluster({ ids: five });
    const leader = c.electLeader();
    const others = five.filter((n) => n !== leader);
    // The old leader, cut off with one follower, appends 50 entries that never commit.
    c.partition([leader, others[0]!], others.slice(1));
    for (let i = 0; i < 50; i++) c.node(leader).propose(`lost${i}`);
    c.deliverAll();
    c.run(60);
    const majorityLeader = c.leader()!;
    expect(others.slice(1)).toContain(majorityLeader);
    for (let i = 0; i < 10; i++) c.node(majorityLeader).propose(`kept${i}`);
    c.deliverAll();
    // Count the rejections the new leader gets while the two stale logs are overwritten.
    const newLeader = c.node(majorityLeader);
    const step = newLeader.step.bind(newLeader);
    let rejections = 0;
    newLeader.step = (m) => {
      if (m.type === 'append-response' && !m.success && m.term === newLeader.status().term) rejections++;
      step(m);
    };
    c.heal();
    // The next append reaches the stale logs before any heartbeat does: each rejects it once,
    // and the conflict-term hint takes the leader past the whole stale term at once, where
    // stepping back one entry per rejection would take eleven.
    c.node(majorityLeader).propose('after-heal');
    c.deliverAll();
    expect(rejections).toBe(2);
    for (const id of [leader, others[0]!]) expect(c.node(id).status().lastIndex).toBe(newLeader.status().lastIndex);
    c.run(20);
    for (const id of five) expect(c.appliedData(id).filter((d) => d.startsWith('lost'))).toEqual([]);
    for (const id of five) expect(c.appliedData(id).filter((d) => d.startsWith('kept'))).toHaveLength(10);
  });

  it('a follower rejects an append that does not match and hints at the conflict', () => {
    const c = new TestCluster({ ids: three });
    const n = c.node('n1');
    n.step({ type: 'append', from: 'n2', to: 'n1', term: 3, prevIndex: 5, prevTerm: 2, entries: [], commit: 0 });
    const rd = n.ready();
    const response = rd.messages.find((m) => m.type === 'append-response');
    expect(response).toMatchObject({ success: false, conflictIndex: 1, conflictTerm: 0 });
  });

  it('a leader never commits past its own log, even when a broken follower claims more', () => {
    const c = new TestCluster({ ids: three });
    const leader = c.electLeader();
    const node = c.node(leader);
    const [f1, f2] = three.filter((n) => n !== leader) as [string, string];
    const { lastIndex, term } = node.status();
    // Only a follower that lost its log (a seeded bug) can acknowledge entries the leader never had.
    for (const from of [f1, f2]) {
      node.step({ type: 'append-response', from, to: leader, term, success: true, index: lastIndex + 5, conflictTerm: 0, conflictIndex: 0 });
    }
    expect(node.status().commit).toBeLessThanOrEqual(lastIndex);
    expect(node.status().progress[f1]!.match).toBe(lastIndex);
    c.deliverAll();
    expect(node.hasReady()).toBe(false);
  });

  it('survives crashes of a minority with state restored from disk', () => {
    const c = new TestCluster({ ids: five });
    c.commit('one');
    const leader = c.electLeader();
    const victims = five.filter((n) => n !== leader).slice(0, 2);
    for (const v of victims) c.crash(v);
    c.commit('two');
    for (const v of victims) c.start(v);
    c.run(20);
    for (const id of five) expect(c.appliedData(id)).toEqual(['one', 'two']);
  });
});

describe('commitment rule (§5.4.2, Figure 8)', () => {
  /**
   * Figure 8: S1 leads term 2 and replicates index 2 to S2 only, then crashes. S5 wins
   * term 3 (votes from S3, S4, S5) and appends its own index 2, never replicated. S1
   * returns, leads term 4, and replicates its old term-2 entry to S3: now on a
   * majority. If S1 commits it by counting replicas and then crashes, S5 can win again
   * and overwrite it — a committed entry lost.
   */
  function figure8(bugs: Set<'old-term-commit'>): { lostCommitted: boolean } {
    const ids = ['s1', 's2', 's3', 's4', 's5'];
    const c = new TestCluster({ ids, bugs, config: { preVote: false, checkQuorum: false, maxEntriesPerAppend: 1 } });
    /** Ticks `id` alone and delivers one round at a time, stopping the moment it leads. */
    const campaign = (id: string): void => {
      for (let t = 0; t < 200; t++) {
        c.node(id).tick();
        for (let round = 0; round < 50 && c.leader() !== id && c.inFlight.length > 0; round++) c.deliverAll(1);
        c.processAll();
        if (c.leader() === id) return;
      }
      throw new Error(`${id} did not win`);
    };
    campaign('s1');
    c.deliverAll();
    c.partition(['s1', 's2'], ['s3', 's4', 's5']);
    c.node('s1').propose('from-term-2');
    c.deliverAll();
    c.crash('s1');
    c.partition(['s1'], ['s2'], ['s3', 's4', 's5']);
    campaign('s5');
    c.partition(['s5'], ['s1', 's2', 's3', 's4']);
    c.node('s5').propose('from-term-3');
    c.deliverAll();
    c.crash('s5');
    c.start('s1');
    c.partition(['s1', 's2', 's3'], ['s4'], ['s5']);
    campaign('s1');
    // Replicate until s1 hears that s3 holds the term-2 entry, then crash s1 at once.
    for (let round = 0; round < 50; round++) {
      c.deliverAll(1);
      if ((c.node('s1').status().progress['s3']?.match ?? 0) >= 2) break;
    }
    expect(c.node('s1').status().progress['s3']?.match).toBe(2);
    const committedOld = c.appliedData('s1').includes('from-term-2');
    c.crash('s1');
    c.inFlight.length = 0;
    c.start('s5');
    // s2 holds s1's term-3 entry and would refuse s5; S5 wins with s3 and s4 as in the paper.
    c.partition(['s1'], ['s2'], ['s3', 's4', 's5']);
    let lostCommitted = false;
    try {
      c.run(200);
    } catch (error) {
      lostCommitted = committedOld && /state machine safety/.test(String(error));
      if (!lostCommitted) throw error;
    }
    return { lostCommitted };
  }

  it('with old-term-commit, a committed entry is overwritten (the Figure 8 bug is reachable)', () => {
    expect(figure8(new Set(['old-term-commit'])).lostCommitted).toBe(true);
  });

  it('the correct core never commits the old-term entry by counting, and nothing committed is lost', () => {
    expect(figure8(new Set()).lostCommitted).toBe(false);
  });
});
