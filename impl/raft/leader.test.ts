/** The leader message by message: what it sends each follower in answer to what. */
import { describe, expect, it } from 'vitest';
import { electedLeader, entries, LONE_CONFIG, sent, snapshotAt } from './test-support/lone-node.js';
import type { Message } from './types.js';

const ofType = <T extends Message['type']>(messages: readonly Message[], type: T, to = 'n2'): Array<Extract<Message, { type: T }>> =>
  messages.filter((m): m is Extract<Message, { type: T }> => m.type === type && m.to === to);

describe('a follower behind the compacted log gets one snapshot at a time', () => {
  // n1's log: a snapshot at 10 (term 1), entries 11-12, then its noop at 13 as leader of term 2.
  const compacted = () => electedLeader({ hardState: { term: 1, vote: null, commit: 12 }, snapshot: snapshotAt(10, 1), entries: entries(11, 12, 1) });
  const reject = (term: number): Message => ({ type: 'append-response', from: 'n2', to: 'n1', term, success: false, index: 0, conflictTerm: 0, conflictIndex: 1 });
  const heartbeatAck = (term: number): Message => ({ type: 'heartbeat-response', from: 'n2', to: 'n1', term, readRound: 0 });

  it('sends it once, not again on each heartbeat answer while it is being installed, then replicates after it', () => {
    const { node, term } = compacted();
    node.step(reject(term));
    expect(ofType(sent(node), 'snapshot').map((m) => m.snapshot.meta.index)).toEqual([10]);
    for (let t = 0; t < LONE_CONFIG.electionTicks - 1; t++) {
      node.tick();
      node.step(heartbeatAck(term));
      node.step(reject(term));
      const out = sent(node);
      expect(ofType(out, 'snapshot')).toEqual([]);
      expect(ofType(out, 'append')).toEqual([]);
    }
    node.step({ type: 'append-response', from: 'n2', to: 'n1', term, success: true, index: 10, conflictTerm: 0, conflictIndex: 0 });
    const after = sent(node);
    expect(ofType(after, 'snapshot')).toEqual([]);
    expect(ofType(after, 'append').map((m) => [m.prevIndex, m.entries.map((e) => e.index)])).toEqual([[10, [11, 12, 13]]]);
    expect(node.status().progress['n2']).toEqual({ match: 10, next: 14 });
  });

  it('sends it again when it went unanswered for an election timeout (it was lost)', () => {
    const { node, term } = compacted();
    node.step(reject(term));
    sent(node);
    const resent: number[] = [];
    for (let t = 1; t <= LONE_CONFIG.electionTicks; t++) {
      node.tick();
      node.step(heartbeatAck(term));
      if (ofType(sent(node), 'snapshot').length > 0) resent.push(t);
    }
    expect(resent).toEqual([LONE_CONFIG.electionTicks]);
  });
});

describe('heartbeats', () => {
  it('go to every follower each heartbeatTicks ticks, carrying the commit index only up to what that follower holds', () => {
    const { node, term } = electedLeader(null);
    // n2 acknowledges the noop (index 1), which commits it; n3 holds nothing yet.
    node.step({ type: 'append-response', from: 'n2', to: 'n1', term, success: true, index: 1, conflictTerm: 0, conflictIndex: 0 });
    sent(node);
    expect(node.status().commit).toBe(1);
    const beats: Array<[number, string, number]> = [];
    for (let t = 1; t <= 3 * LONE_CONFIG.heartbeatTicks; t++) {
      node.tick();
      for (const m of sent(node)) if (m.type === 'heartbeat') beats.push([t, m.to, m.commit]);
    }
    const every = LONE_CONFIG.heartbeatTicks;
    expect(beats).toEqual([1, 2, 3].flatMap((k) => [[k * every, 'n2', 1], [k * every, 'n3', 0]]));
  });
});

describe('acknowledgements', () => {
  const ack = (from: string, term: number, index: number): Message => ({ type: 'append-response', from, to: 'n1', term, success: true, index, conflictTerm: 0, conflictIndex: 0 });

  it('a late acknowledgement of less than a follower already acknowledged does not lower its match', () => {
    const { node, term } = electedLeader(null);
    for (const data of ['a', 'b']) node.propose(data);
    sent(node);
    node.step(ack('n2', term, 3));
    node.step(ack('n2', term, 1));
    sent(node);
    expect(node.status().progress['n2']).toEqual({ match: 3, next: 4 });
  });
});

describe('leadership transfer, message by message', () => {
  const ack = (from: string, term: number, index: number): Message => ({ type: 'append-response', from, to: 'n1', term, success: true, index, conflictTerm: 0, conflictIndex: 0 });

  it('tells a caught-up follower to campaign at once; a follower behind gets an append first, and timeout-now once it has everything', () => {
    const { node, term } = electedLeader(null);
    node.step(ack('n2', term, 1));
    sent(node);
    node.transferLeadership('n2');
    expect(ofType(sent(node), 'timeout-now')).toHaveLength(1);

    const other = electedLeader(null);
    for (const data of ['a', 'b']) other.node.propose(data);
    other.node.step(ack('n2', other.term, 3));
    sent(other.node);
    other.node.transferLeadership('n3');
    const first = sent(other.node);
    expect(ofType(first, 'timeout-now', 'n3')).toEqual([]);
    expect(ofType(first, 'append', 'n3')).toHaveLength(1);
    other.node.step(ack('n3', other.term, 1));
    expect(ofType(sent(other.node), 'timeout-now', 'n3')).toEqual([]);
    other.node.step(ack('n3', other.term, 3));
    expect(ofType(sent(other.node), 'timeout-now', 'n3')).toHaveLength(1);
  });
});

describe('promoting a learner', () => {
  it('is refused while the learner lacks committed entries, and accepted once it has them', () => {
    const { node, term } = electedLeader(null, { membership: { voters: ['n1', 'n2', 'n3'], learners: ['n4'] } });
    node.step({ type: 'append-response', from: 'n2', to: 'n1', term, success: true, index: 1, conflictTerm: 0, conflictIndex: 0 });
    sent(node);
    expect(node.status().commit).toBe(1);
    expect(node.proposeConfChange({ type: 'promote', node: 'n4' })).toEqual({ ok: false, reason: 'learner-behind', leader: 'n1' });
    node.step({ type: 'append-response', from: 'n4', to: 'n1', term, success: true, index: 1, conflictTerm: 0, conflictIndex: 0 });
    sent(node);
    expect(node.proposeConfChange({ type: 'promote', node: 'n4' })).toMatchObject({ ok: true, index: 2 });
  });
});

describe('replication to one follower', () => {
  const ack = (term: number, index: number): Message => ({ type: 'append-response', from: 'n2', to: 'n1', term, success: true, index, conflictTerm: 0, conflictIndex: 0 });

  it('sends the next batch on each acknowledgement, up to the last entry', () => {
    // n1's log: 1-3 of term 1, its noop at 4. n2 holds only entry 1.
    const { node, term } = electedLeader({ hardState: { term: 1, vote: null, commit: 0 }, snapshot: null, entries: entries(1, 3, 1) }, { maxEntriesPerAppend: 1 });
    node.step({ type: 'append-response', from: 'n2', to: 'n1', term, success: false, index: 1, conflictTerm: 0, conflictIndex: 2 });
    const batches: number[][] = ofType(sent(node), 'append').map((m) => m.entries.map((e) => e.index));
    for (const index of [2, 3]) {
      node.step(ack(term, index));
      batches.push(...ofType(sent(node), 'append').map((m) => m.entries.map((e) => e.index)));
    }
    expect(batches).toEqual([[2], [3], [4]]);
  });

  it('probes from after the last entry of the conflicting term it holds, or from the follower\'s hint when it holds none', () => {
    // n1's log: terms 1, 1, 3, 3 at 1-4; it leads term 4 (noop at 5). n2 holds term 2 from index 3 on.
    const persisted = { hardState: { term: 3, vote: null, commit: 2 }, snapshot: null, entries: [...entries(1, 2, 1), ...entries(3, 4, 3)] };
    const { node, term } = electedLeader(persisted);
    node.step({ type: 'append-response', from: 'n2', to: 'n1', term, success: false, index: 4, conflictTerm: 2, conflictIndex: 3 });
    expect(ofType(sent(node), 'append').map((m) => m.prevIndex)).toEqual([2]);
    node.step({ type: 'append-response', from: 'n3', to: 'n1', term, success: false, index: 4, conflictTerm: 1, conflictIndex: 1 });
    expect(ofType(sent(node), 'append', 'n3').map((m) => m.prevIndex)).toEqual([2]);
  });

  it('a heartbeat answer from a follower that has everything sends no append', () => {
    const { node, term } = electedLeader(null);
    node.step(ack(term, 1));
    sent(node);
    node.step({ type: 'heartbeat-response', from: 'n2', to: 'n1', term, readRound: 0 });
    expect(ofType(sent(node), 'append')).toEqual([]);
  });

  it('a late acknowledgement below a snapshot in flight does not end the wait for it', () => {
    const { node, term } = electedLeader({ hardState: { term: 1, vote: null, commit: 12 }, snapshot: snapshotAt(10, 1), entries: entries(11, 12, 1) });
    node.step({ type: 'append-response', from: 'n2', to: 'n1', term, success: false, index: 0, conflictTerm: 0, conflictIndex: 1 });
    expect(ofType(sent(node), 'snapshot')).toHaveLength(1);
    node.step(ack(term, 0));
    const out = sent(node);
    expect([...ofType(out, 'append'), ...ofType(out, 'snapshot')]).toEqual([]);
  });
});

describe('check-quorum', () => {
  it('a leader that hears from no one steps down after exactly one election timeout', () => {
    const { node } = electedLeader(null);
    for (let t = 1; t < LONE_CONFIG.electionTicks; t++) node.tick();
    expect(node.status().role).toBe('leader');
    node.tick();
    expect(node.status().role).toBe('follower');
  });
});

describe('a leader removing itself', () => {
  it('leads while earlier entries commit, and steps down once its removal commits', () => {
    const { node, term } = electedLeader(null);
    const ack = (from: string, index: number): void => node.step({ type: 'append-response', from, to: 'n1', term, success: true, index, conflictTerm: 0, conflictIndex: 0 });
    ack('n2', 1);
    node.propose('a');
    expect(node.proposeConfChange({ type: 'remove', node: 'n1' })).toMatchObject({ ok: true, index: 3 });
    for (const from of ['n2', 'n3']) ack(from, 2);
    sent(node);
    expect(node.status()).toMatchObject({ role: 'leader', commit: 2 });
    for (const from of ['n2', 'n3']) ack(from, 3);
    expect(node.status()).toMatchObject({ role: 'follower', commit: 3 });
  });
});
