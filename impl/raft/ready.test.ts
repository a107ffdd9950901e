/**
 * What a Ready tells its host to persist and to know: the hard state exactly when term,
 * vote or commit changed, the soft state exactly when the leader or the role changed.
 */
import { describe, expect, it } from 'vitest';
import { RaftNode } from './node.js';
import { entries, LONE_CONFIG } from './test-support/lone-node.js';
import type { Ready } from './types.js';

function drain(node: RaftNode): Ready[] {
  const readies: Ready[] = [];
  for (let rounds = 0; node.hasReady() && rounds < 100; rounds++) {
    const rd = node.ready();
    readies.push(rd);
    node.advance(rd);
  }
  expect(node.hasReady()).toBe(false);
  return readies;
}

const lastHard = (readies: readonly Ready[]) => readies.map((rd) => rd.hardState).filter((h) => h !== null).at(-1) ?? null;
const lastSoft = (readies: readonly Ready[]) => readies.map((rd) => rd.softState).filter((s) => s !== null).at(-1) ?? null;

describe('Ready', () => {
  it('carries a granted vote as hard state, once, even when the term stays', () => {
    const node = new RaftNode(LONE_CONFIG, { hardState: { term: 4, vote: null, commit: 0 }, snapshot: null, entries: [] });
    drain(node);
    node.step({ type: 'vote', from: 'n2', to: 'n1', term: 4, pre: false, lastIndex: 0, lastTerm: 0, transfer: false });
    const readies = drain(node);
    expect(lastHard(readies)).toEqual({ term: 4, vote: 'n2', commit: 0 });
    expect(readies.flatMap((rd) => rd.messages)).toContainEqual(expect.objectContaining({ type: 'vote-response', to: 'n2', granted: true, term: 4 }));
    node.tick();
    expect(drain(node).every((rd) => rd.hardState === null)).toBe(true);
  });

  it('carries a higher term learned from a leader as hard state when nothing else changed, and the new leader as soft state', () => {
    const node = new RaftNode(LONE_CONFIG, { hardState: { term: 2, vote: null, commit: 0 }, snapshot: null, entries: [] });
    drain(node);
    node.step({ type: 'heartbeat', from: 'n3', to: 'n1', term: 5, commit: 0, readRound: 0 });
    const readies = drain(node);
    expect(lastHard(readies)).toEqual({ term: 5, vote: null, commit: 0 });
    expect(lastSoft(readies)).toEqual({ leader: 'n3', role: 'follower' });
  });

  it('carries an advanced commit index as hard state when term and vote stay', () => {
    const node = new RaftNode(LONE_CONFIG, { hardState: { term: 1, vote: 'n2', commit: 0 }, snapshot: null, entries: entries(1, 3, 1) });
    drain(node);
    node.step({ type: 'heartbeat', from: 'n2', to: 'n1', term: 1, commit: 2, readRound: 0 });
    expect(lastHard(drain(node))).toEqual({ term: 1, vote: 'n2', commit: 2 });
  });

  it('tells the host each role it takes on the way to leading, and who leads', () => {
    const node = new RaftNode(LONE_CONFIG, null);
    const softs: (Ready['softState'])[] = [];
    for (let t = 0; t < 2 * LONE_CONFIG.electionTicks && node.status().role === 'follower'; t++) {
      node.tick();
      softs.push(lastSoft(drain(node)));
    }
    expect(softs.at(-1)).toEqual({ leader: null, role: 'pre-candidate' });
    node.step({ type: 'vote-response', from: 'n2', to: 'n1', term: 1, pre: true, granted: true });
    expect(lastSoft(drain(node))).toEqual({ leader: null, role: 'candidate' });
    node.step({ type: 'vote-response', from: 'n2', to: 'n1', term: 1, pre: false, granted: true });
    expect(lastSoft(drain(node))).toEqual({ leader: 'n1', role: 'leader' });
    node.tick();
    expect(lastSoft(drain(node))).toBeNull();
  });
});
