import { describe, expect, it } from 'vitest';
import { TestCluster } from './test-support/cluster.js';

const three = ['n1', 'n2', 'n3'];

describe('ReadIndex and leases, message by message', () => {
  it('a read is confirmed by acknowledgements of its own heartbeat round, not of an earlier one', () => {
    const c = new TestCluster({ ids: three });
    const leader = c.electLeader();
    c.run(3);
    const node = c.node(leader);
    const [f1, f2] = three.filter((n) => n !== leader) as [string, string];
    c.isolate(leader);
    node.readIndex('r');
    c.processAll();
    const round = c.inFlight.filter((m) => m.type === 'heartbeat' && m.from === leader).map((m) => (m.type === 'heartbeat' ? m.readRound : 0)).at(-1)!;
    const term = node.status().term;
    for (const from of [f1, f2]) node.step({ type: 'heartbeat-response', from, to: leader, term, readRound: round - 1 });
    c.processAll();
    expect(c.reads.get(leader)).toEqual([]);
    node.step({ type: 'heartbeat-response', from: f1, to: leader, term, readRound: round });
    c.processAll();
    expect(c.reads.get(leader)).toEqual([{ requestId: 'r', index: node.status().commit, ok: true }]);
  });

  it('a single voter serves reads at once', () => {
    const c = new TestCluster({ ids: ['solo'] });
    c.commit('x');
    c.node('solo').readIndex('r');
    c.processAll();
    expect(c.reads.get('solo')).toEqual([{ requestId: 'r', index: c.node('solo').status().commit, ok: true }]);
  });

  it('a lease read is served ok at once; not while leadership is being transferred', () => {
    const c = new TestCluster({ ids: three, config: { readMode: 'lease' } });
    const leader = c.electLeader();
    c.run(4);
    const node = c.node(leader);
    node.readIndex('lease');
    c.processAll();
    expect(c.reads.get(leader)).toEqual([{ requestId: 'lease', index: node.status().commit, ok: true }]);
    const target = three.find((n) => n !== leader)!;
    c.crash(target); // the transfer cannot finish
    node.transferLeadership(target);
    node.readIndex('during-transfer');
    c.processAll();
    expect(c.reads.get(leader)!.map((r) => r.requestId)).toEqual(['lease']);
  });

  it('a transfer to itself or to a node that is not a voter is ignored', () => {
    const c = new TestCluster({ ids: three });
    const leader = c.electLeader();
    const node = c.node(leader);
    node.transferLeadership(leader);
    node.transferLeadership('n9');
    expect(node.propose('still-leading').ok).toBe(true);
    c.deliverAll();
    expect(c.leader()).toBe(leader);
  });
});
