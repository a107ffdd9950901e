import { describe, expect, it } from 'vitest';
import { applyChange, peersOf } from './membership.js';
import { ProgressTracker } from './progress.js';
import { ReadQueue } from './read-only.js';

const five = { voters: ['n1', 'n2', 'n3', 'n4', 'n5'], learners: ['n6'] };

describe("the leader's progress tracker", () => {
  it('tracks every peer but itself, once, and forgets removed ones', () => {
    const p = new ProgressTracker('n1', peersOf(five, 'n1'), 10);
    expect([...p.peers.keys()]).toEqual(['n2', 'n3', 'n4', 'n5', 'n6']);
    expect(p.peers.get('n2')).toEqual({ match: 0, next: 11, snapshot: null, recentActive: false, ackedRound: 0, ackedSentTick: -Infinity });
    p.peers.get('n2')!.match = 7;
    p.add('n2', 20);
    p.add('n1', 20);
    expect(p.peers.get('n2')!.match).toBe(7);
    expect(p.peers.has('n1')).toBe(false);
    p.reconcile(['n2', 'n3', 'n7'], 20);
    expect([...p.peers.keys()]).toEqual(['n2', 'n3', 'n7']);
    expect(p.peers.get('n2')!.match).toBe(7);
    expect(p.peers.get('n7')!.next).toBe(21);
  });

  it('commits at the highest index a quorum of voters holds (learners do not count)', () => {
    const p = new ProgressTracker('n1', peersOf(five, 'n1'), 0);
    const matches: Record<string, number> = { n2: 9, n3: 2, n4: 5, n5: 1, n6: 100 };
    for (const [id, match] of Object.entries(matches)) p.peers.get(id)!.match = match;
    expect(p.quorumMatch(five, 7)).toBe(5);
    expect(p.quorumMatch(five, 0)).toBe(2);
  });

  it('confirms reads up to the round a quorum acknowledged; stale and unknown rounds change nothing', () => {
    const p = new ProgressTracker('n1', peersOf(five, 'n1'), 0);
    const r1 = p.nextRound(100);
    const r2 = p.nextRound(110);
    expect(p.quorumRound(five)).toBe(0);
    p.ackRound('n2', r2);
    p.ackRound('n2', r1); // late: ignored
    expect(p.peers.get('n2')).toMatchObject({ ackedRound: r2, ackedSentTick: 110 });
    p.ackRound('n3', r1);
    p.ackRound('n4', 99); // never sent
    expect(p.peers.get('n4')!.ackedRound).toBe(0);
    // n1 (every round), n2 (r2), n3 (r1): a quorum of three has acknowledged r1.
    expect(p.quorumRound(five)).toBe(r1);
    expect(p.quorumConfirmedTick(five, 130)).toBe(100);
    p.ackRound('n5', r2);
    expect(p.quorumRound(five)).toBe(r2);
    expect(p.quorumConfirmedTick(five, 130)).toBe(110);
  });

  it('check-quorum: active means a quorum of voters spoke since the last check, and each check starts afresh', () => {
    const p = new ProgressTracker('n1', peersOf(five, 'n1'), 0);
    p.peers.get('n2')!.recentActive = true;
    p.peers.get('n6')!.recentActive = true;
    expect(p.checkQuorumActive(five)).toBe(false);
    p.peers.get('n2')!.recentActive = true;
    p.peers.get('n3')!.recentActive = true;
    expect(p.checkQuorumActive(five)).toBe(true);
    expect(p.checkQuorumActive(five)).toBe(false);
  });
});

describe('membership changes', () => {
  it('add-voter adds a voter directly; promote needs a learner; remove takes out either', () => {
    const three = { voters: ['n1', 'n2', 'n3'], learners: ['n4'] };
    expect(applyChange(three, { type: 'add-voter', node: 'n5' })).toEqual({ voters: ['n1', 'n2', 'n3', 'n5'], learners: ['n4'] });
    expect(applyChange(three, { type: 'promote', node: 'n4' })).toEqual({ voters: ['n1', 'n2', 'n3', 'n4'], learners: [] });
    expect(applyChange(three, { type: 'promote', node: 'n9' })).toBe(three);
    expect(applyChange(three, { type: 'add-learner', node: 'n2' })).toBe(three);
    expect(applyChange({ voters: ['n2', 'n1'], learners: ['n9', 'n5'] }, { type: 'remove', node: 'n9' })).toEqual({ voters: ['n1', 'n2'], learners: ['n5'] });
    expect(applyChange(three, { type: 'add-learner', node: 'n0' })).toEqual({ voters: ['n1', 'n2', 'n3'], learners: ['n0', 'n4'] });
  });
});

describe("the leader's read queue", () => {
  it('hands out each read once, when its own round is confirmed; later rounds wait; deferred reads come back when asked, and everything on resigning', () => {
    const q = new ReadQueue();
    q.add({ requestId: 'a', from: 'n1', index: 4, round: 1 });
    q.add({ requestId: 'b', from: 'n2', index: 5, round: 2 });
    q.add({ requestId: 'c', from: 'n1', index: 5, round: 3 });
    expect(q.confirmedUpTo(0)).toEqual([]);
    expect(q.confirmedUpTo(1).map((r) => r.requestId)).toEqual(['a']);
    expect(q.confirmedUpTo(1)).toEqual([]);
    expect(q.confirmedUpTo(2).map((r) => r.requestId)).toEqual(['b']);
    q.deferUntilTermCommitted('d', 'n3');
    expect(q.takeDeferred()).toEqual([{ requestId: 'd', from: 'n3' }]);
    expect(q.takeDeferred()).toEqual([]);
    q.deferUntilTermCommitted('e', 'n2');
    expect(q.drain().map((r) => r.requestId)).toEqual(['e', 'c']);
    expect(q.drain()).toEqual([]);
    expect(q.confirmedUpTo(9)).toEqual([]);
  });
});
