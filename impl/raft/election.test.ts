import { describe, expect, it } from 'vitest';
import { TestCluster } from './test-support/cluster.js';

const three = ['n1', 'n2', 'n3'];

describe('leader election', () => {
  it('elects exactly one leader and everyone agrees on it', () => {
    const c = new TestCluster({ ids: three });
    const leader = c.electLeader();
    c.run(5);
    for (const id of three) expect(c.node(id).status().leader).toBe(leader);
  });

  it('elects a new leader after the leader is isolated, and the old one steps down (check-quorum)', () => {
    const c = new TestCluster({ ids: three });
    const old = c.electLeader();
    c.isolate(old);
    c.run(40);
    const fresh = c.leader();
    expect(fresh).not.toBe(old);
    expect(fresh).not.toBeNull();
    expect(c.node(old).status().role).not.toBe('leader');
  });

  it('pre-vote keeps an isolated node from inflating its term', () => {
    const c = new TestCluster({ ids: three });
    const leader = c.electLeader();
    const follower = three.find((n) => n !== leader)!;
    const termBefore = c.node(follower).status().term;
    c.isolate(follower);
    c.run(100);
    expect(c.node(follower).status().term).toBe(termBefore);
    c.heal();
    c.run(10);
    expect(c.leader()).toBe(leader);
  });

  it('without pre-vote, the same isolation disrupts the leader on return', () => {
    const c = new TestCluster({ ids: three, config: { preVote: false, checkQuorum: false } });
    const leader = c.electLeader();
    const follower = three.find((n) => n !== leader)!;
    c.isolate(follower);
    c.run(100);
    expect(c.node(follower).status().term).toBeGreaterThan(c.node(leader).status().term);
  });

  it('followers that hear from a leader ignore vote requests (stickiness)', () => {
    const c = new TestCluster({ ids: three });
    const leader = c.electLeader();
    const term = c.node(leader).status().term;
    const follower = three.find((n) => n !== leader)!;
    const other = three.find((n) => n !== leader && n !== follower)!;
    c.node(follower).step({ type: 'vote', from: other, to: follower, term: term + 5, pre: false, lastIndex: 100, lastTerm: term, transfer: false });
    expect(c.node(follower).status().term).toBe(term);
  });

  it('a restarted node keeps its vote; with forget-vote it can vote twice in one term', () => {
    for (const forget of [false, true]) {
      const c = new TestCluster({ ids: three, bugs: new Set(forget ? ['forget-vote'] : []) });
      c.node('n1').step({ type: 'vote', from: 'n2', to: 'n1', term: 5, pre: false, lastIndex: 0, lastTerm: 0, transfer: false });
      c.processAll();
      c.inFlight.length = 0;
      c.crash('n1');
      c.start('n1');
      c.node('n1').step({ type: 'vote', from: 'n3', to: 'n1', term: 5, pre: false, lastIndex: 0, lastTerm: 0, transfer: false });
      c.processAll();
      const response = c.inFlight.find((m) => m.type === 'vote-response' && m.to === 'n3');
      expect(response && response.type === 'vote-response' && response.granted).toBe(forget);
    }
  });

  it('a single-node cluster leads itself and commits alone', () => {
    const c = new TestCluster({ ids: ['solo'] });
    c.commit('x');
    expect(c.appliedData('solo')).toEqual(['x']);
  });
});
