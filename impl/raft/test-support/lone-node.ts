/**
 * One RaftNode driven message by message, for tests that pin down exactly what it
 * sends in answer to what (the cheapest way to tell a right core from a slightly wrong one).
 */
import { NO_BUGS } from '../../bugs.js';
import { RaftNode } from '../node.js';
import { MAX_READY_ROUNDS, TEST_TIMING } from './cluster.js';
import type { Entry, Message, PersistedState, RaftConfig, Snapshot } from '../types.js';

export const LONE_CONFIG: RaftConfig = {
  id: 'n1',
  membership: { voters: ['n1', 'n2', 'n3'], learners: [] },
  ...TEST_TIMING,
  seed: 7,
  bugs: NO_BUGS,
};

/** Entries [from, to] of one term. */
export function entries(from: number, to: number, term: number): Entry[] {
  return Array.from({ length: to - from + 1 }, (_, i) => ({ index: from + i, term, type: 'normal' as const, data: `e${from + i}` }));
}

export function snapshotAt(index: number, term: number, config: RaftConfig = LONE_CONFIG): Snapshot {
  return { meta: { index, term, membership: config.membership }, data: `state@${index}` };
}

/** Everything the node has to say, drained as a host would (its Readies advanced). */
export function sent(node: RaftNode): Message[] {
  const out: Message[] = [];
  for (let rounds = 0; node.hasReady(); rounds++) {
    if (rounds === MAX_READY_ROUNDS) throw new Error(`hang: the Ready loop did not drain after ${MAX_READY_ROUNDS} rounds`);
    const rd = node.ready();
    out.push(...rd.messages);
    node.advance(rd);
  }
  return out;
}

/**
 * n1 elected leader of `persisted`'s term + 1 by n2's votes (pre-vote, then vote), its
 * first Ready drained. What it sent on winning is returned with it.
 */
export function electedLeader(persisted: PersistedState | null, config: Partial<RaftConfig> = {}): { node: RaftNode; term: number; won: Message[] } {
  const full = { ...LONE_CONFIG, ...config };
  const node = new RaftNode(full, persisted);
  const term = (persisted?.hardState.term ?? 0) + 1;
  for (let t = 0; t < 2 * full.electionTicks && node.status().role === 'follower'; t++) node.tick();
  sent(node);
  node.step({ type: 'vote-response', from: 'n2', to: 'n1', term, pre: true, granted: true });
  sent(node);
  node.step({ type: 'vote-response', from: 'n2', to: 'n1', term, pre: false, granted: true });
  if (node.status().role !== 'leader') throw new Error('n1 did not win its election');
  return { node, term, won: sent(node) };
}
