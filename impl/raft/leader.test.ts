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
