/**
 * A follower, candidate and learner message by message, and the Ready contract with a
 * host that persists asynchronously (messages may arrive between ready() and advance()).
 */
import { describe, expect, it } from 'vitest';
import { RaftNode } from './node.js';
import { entries, LONE_CONFIG, sent, snapshotAt } from './test-support/lone-node.js';
import type { Entry, Message } from './types.js';

const append = (term: number, prevIndex: number, prevTerm: number, batch: Entry[], commit = 0): Message => ({
  type: 'append',
  from: 'n2',
  to: 'n1',
  term,
  prevIndex,
  prevTerm,
  entries: batch,
  commit,
});

describe('a follower', () => {
  it('never lowers its commit index when a leader tells it less', () => {
    const node = new RaftNode(LONE_CONFIG, null);
    node.step(append(1, 0, 0, entries(1, 3, 1), 3));
    sent(node);
    node.step({ type: 'heartbeat', from: 'n2', to: 'n1', term: 1, commit: 1, readRound: 0 });
    node.step(append(1, 3, 1, [], 2));
    sent(node);
    expect(node.status().commit).toBe(3);
  });

  it('forgets a membership change whose entry a new leader overwrites', () => {
    const node = new RaftNode(LONE_CONFIG, null);
    const learner: Entry = { index: 2, term: 1, type: 'conf', change: { type: 'add-learner', node: 'n4' } };
    node.step(append(1, 0, 0, [...entries(1, 1, 1), learner]));
    expect(node.status().membership.learners).toEqual(['n4']);
    node.step(append(2, 1, 1, entries(2, 2, 2)));
    expect(node.status().membership).toEqual(LONE_CONFIG.membership);
  });

  it('ignores a snapshot older than what it has committed, and answers with its commit index', () => {
    const node = new RaftNode(LONE_CONFIG, { hardState: { term: 2, vote: null, commit: 12 }, snapshot: snapshotAt(10, 1), entries: entries(11, 12, 2) });
    node.step({ type: 'snapshot', from: 'n2', to: 'n1', term: 2, snapshot: snapshotAt(5, 1) });
    const out = sent(node);
    expect(out).toEqual([expect.objectContaining({ type: 'append-response', success: true, index: 12 })]);
    expect(node.status()).toMatchObject({ firstIndex: 11, lastIndex: 12, commit: 12 });
  });
});

describe('a candidate', () => {
  it('asks every other voter, and only them, for its vote', () => {
    const node = new RaftNode({ ...LONE_CONFIG, membership: { voters: ['n1', 'n2', 'n3'], learners: ['n4'] } }, null);
    for (let t = 0; t < 2 * LONE_CONFIG.electionTicks && node.status().role === 'follower'; t++) node.tick();
    expect(sent(node).map((m) => [m.type, m.to])).toEqual([
      ['vote', 'n2'],
      ['vote', 'n3'],
    ]);
  });

  it('stays a candidate after one refusal of two; wins with the other vote', () => {
    const node = new RaftNode({ ...LONE_CONFIG, membership: { voters: ['n1', 'n2', 'n3', 'n4', 'n5'], learners: [] } }, null);
    for (let t = 0; t < 2 * LONE_CONFIG.electionTicks && node.status().role === 'follower'; t++) node.tick();
    for (const from of ['n2', 'n3']) node.step({ type: 'vote-response', from, to: 'n1', term: 1, pre: true, granted: true });
    expect(node.status().role).toBe('candidate');
    node.step({ type: 'vote-response', from: 'n2', to: 'n1', term: 1, pre: false, granted: false });
    node.step({ type: 'vote-response', from: 'n3', to: 'n1', term: 1, pre: false, granted: false });
    expect(node.status().role).toBe('candidate');
    node.step({ type: 'vote-response', from: 'n4', to: 'n1', term: 1, pre: false, granted: true });
    node.step({ type: 'vote-response', from: 'n5', to: 'n1', term: 1, pre: false, granted: true });
    expect(node.status().role).toBe('leader');
  });

  it('that lost keeps its vote for itself: no second vote in that term', () => {
    const node = new RaftNode(LONE_CONFIG, null);
    for (let t = 0; t < 2 * LONE_CONFIG.electionTicks && node.status().role === 'follower'; t++) node.tick();
    node.step({ type: 'vote-response', from: 'n2', to: 'n1', term: 1, pre: true, granted: true });
    for (const from of ['n2', 'n3']) node.step({ type: 'vote-response', from, to: 'n1', term: 1, pre: false, granted: false });
    expect(node.status()).toMatchObject({ role: 'follower', term: 1, vote: 'n1' });
    sent(node);
    node.step({ type: 'vote', from: 'n2', to: 'n1', term: 1, pre: false, lastIndex: 9, lastTerm: 9, transfer: false });
    expect(sent(node)).toEqual([expect.objectContaining({ type: 'vote-response', to: 'n2', granted: false })]);
  });
});

describe('a learner', () => {
  it('never campaigns, even when told to by timeout-now', () => {
    const node = new RaftNode({ ...LONE_CONFIG, id: 'n4', membership: { voters: ['n1', 'n2', 'n3'], learners: ['n4'] } }, null);
    for (let t = 0; t < 5 * LONE_CONFIG.electionTicks; t++) node.tick();
    node.step({ type: 'timeout-now', from: 'n1', to: 'n4', term: 0 });
    expect(sent(node)).toEqual([]);
    expect(node.status()).toMatchObject({ role: 'follower', term: 0 });
  });
});

describe('election timeouts', () => {
  it('fall between one and two election timeouts, drawn anew from the seed', () => {
    const timeouts = [1, 2, 3, 4, 5, 6, 7, 8].map((seed) => {
      const node = new RaftNode({ ...LONE_CONFIG, seed }, null);
      let ticks = 0;
      while (node.status().role === 'follower') {
        node.tick();
        ticks++;
      }
      return ticks;
    });
    for (const t of timeouts) {
      expect(t).toBeGreaterThanOrEqual(LONE_CONFIG.electionTicks);
      expect(t).toBeLessThan(2 * LONE_CONFIG.electionTicks);
    }
    expect(new Set(timeouts).size).toBeGreaterThan(1);
  });
});

describe('a host that persists asynchronously', () => {
  it('still persists entries that replaced, before advance(), the ones it was handed', () => {
    const node = new RaftNode(LONE_CONFIG, null);
    node.step(append(1, 0, 0, entries(1, 3, 1)));
    const rd = node.ready();
    expect(rd.entries.map((e) => [e.index, e.term])).toEqual([
      [1, 1],
      [2, 1],
      [3, 1],
    ]);
    node.step(append(2, 1, 1, entries(2, 2, 2)));
    node.advance(rd);
    // (Entry 1 may come again: persisting it twice is harmless, losing entry 2 is not.)
    expect(node.ready().entries.map((e) => [e.index, e.term])).toContainEqual([2, 2]);
  });

  it('still restores a snapshot that arrived, before advance(), after the one it was handed', () => {
    const node = new RaftNode(LONE_CONFIG, null);
    node.step({ type: 'snapshot', from: 'n2', to: 'n1', term: 1, snapshot: snapshotAt(5, 1) });
    const rd = node.ready();
    expect(rd.snapshot?.meta.index).toBe(5);
    node.step({ type: 'snapshot', from: 'n2', to: 'n1', term: 1, snapshot: snapshotAt(9, 1) });
    node.advance(rd);
    expect(node.ready().snapshot?.meta.index).toBe(9);
  });
});

describe('compaction', () => {
  it('only of applied entries past the last snapshot', () => {
    const node = new RaftNode(LONE_CONFIG, null);
    node.step(append(1, 0, 0, entries(1, 6, 1), 4));
    sent(node);
    expect(node.status().applied).toBe(4);
    expect(node.compact(5, 'x')).toBeNull();
    expect(node.compact(3, 's3')?.meta).toMatchObject({ index: 3, term: 1 });
    expect(node.compact(3, 'again')).toBeNull();
    expect(node.compact(2, 'older')).toBeNull();
    expect(node.compact(4, 's4')?.meta.index).toBe(4);
    expect(node.status()).toMatchObject({ firstIndex: 5, lastIndex: 6 });
  });
});
