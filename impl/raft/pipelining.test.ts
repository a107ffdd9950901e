/** What a host that persists asynchronously may do while a Ready is still being persisted. */
import { describe, expect, it } from 'vitest';
import { electedLeader } from './test-support/lone-node.js';
import type { Message } from './types.js';

const ack = (term: number, index: number): Message => ({ type: 'append-response', from: 'n2', to: 'n1', term, success: true, index, conflictTerm: 0, conflictIndex: 0 });

describe('a Ready being persisted', () => {
  it('takeMessages hands out the appends queued since ready(); advance still drops exactly that Ready\'s messages', () => {
    const { node } = electedLeader(null);
    node.propose('a');
    const inFlight = node.ready();
    expect(inFlight.messages.filter((m) => m.type === 'append')).toHaveLength(2);
    node.propose('b');
    node.step({ type: 'vote', from: 'n3', to: 'n1', term: 1, pre: true, lastIndex: 0, lastTerm: 0, transfer: false });
    const taken = node.takeMessages((m) => m.type === 'append');
    expect(taken.map((m) => [m.to, m.type === 'append' ? m.entries.map((e) => e.type === 'normal' && e.data) : null])).toEqual([
      ['n2', ['b']],
      ['n3', ['b']],
    ]);
    node.advance(inFlight);
    const next = node.ready();
    // The pre-vote answer was not taken and stays for the next Ready; b's appends do not go twice.
    expect(next.messages.map((m) => m.type)).toEqual(['vote-response']);
    expect(next.entries.map((e) => e.type === 'normal' && e.data)).toEqual(['b']);
  });

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
