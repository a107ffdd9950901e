/** What a host that persists asynchronously may do while a Ready is still being persisted. */
import { describe, expect, it } from 'vitest';
import { electedLeader } from './test-support/lone-node.js';
import type { Message } from './types.js';

const ack = (term: number, index: number): Message => ({ type: 'append-response', from: 'n2', to: 'n1', term, success: true, index, conflictTerm: 0, conflictIndex: 0 });

describe('a Ready being persisted', () => {
  it('durableCommitted gives committed entries only as far as an advanced Ready persisted them', () => {
    const { node, term } = electedLeader(null);
    const { index } = node.propose('a') as { index: number };
    const inFlight = node.ready();
    node.step(ack(term, index)); // n2 has it: committed, counting the leader's own copy
    expect(node.status().commit).toBe(index);
    expect(node.durableCommitted(0).map((e) => e.index)).toEqual([index - 1]); // the noop, persisted before
    node.advance(inFlight);
    expect(node.durableCommitted(0).map((e) => e.index)).toEqual([index - 1, index]);
    expect(node.durableCommitted(index - 1).map((e) => e.index)).toEqual([index]);
  });
});
