/**
 * The term rules of the Raft paper's Figure 2, message by message, in each role: every
 * RPC and every response, from a lower and a higher term. With pre-vote and
 * check-quorum (as this core runs) two refinements apply: a pre-vote never moves a term,
 * and a node that hears from a live leader ignores votes from higher terms.
 */
import { describe, expect, it } from 'vitest';
import { RaftNode } from './node.js';
import { LONE_CONFIG } from './test-support/lone-node.js';
import type { Message, MessageType, Role } from './types.js';

const TERM = 5;
const config = LONE_CONFIG;

type Setup = 'follower' | 'follower of a live leader' | 'pre-candidate' | 'candidate' | 'leader';

/** n1 in the given role; its term is returned (a candidate and a leader have moved one past TERM). */
function nodeIn(setup: Setup): RaftNode {
  const node = new RaftNode(config, { hardState: { term: TERM, vote: null, commit: 0 }, snapshot: null, entries: [] });
  const drain = (): void => {
    while (node.hasReady()) node.advance(node.ready());
  };
  const campaign = (pre: boolean): void => {
    for (let t = 0; t < 2 * config.electionTicks && node.status().role === 'follower'; t++) node.tick();
    if (!pre) node.step({ type: 'vote-response', from: 'n2', to: 'n1', term: TERM + 1, pre: true, granted: true });
  };
  switch (setup) {
    case 'follower':
      break;
    case 'follower of a live leader':
      node.step({ type: 'heartbeat', from: 'n3', to: 'n1', term: TERM, commit: 0, readRound: 0 });
      break;
    case 'pre-candidate':
      campaign(true);
      break;
    case 'candidate':
      campaign(false);
      break;
    case 'leader':
      campaign(false);
      node.step({ type: 'vote-response', from: 'n2', to: 'n1', term: TERM + 1, pre: false, granted: true });
      break;
  }
  drain();
  const expected: Record<Setup, Role> = {
    follower: 'follower',
    'follower of a live leader': 'follower',
    'pre-candidate': 'pre-candidate',
    candidate: 'candidate',
    leader: 'leader',
  };
  expect(node.status().role).toBe(expected[setup]);
  return node;
}

/** Each message type, sent by n2 at `term` (a vote is for a log at least as new as anyone's). */
function message(type: MessageType | 'pre-vote' | 'pre-vote-response', term: number, granted = false): Message {
  const envelope = { from: 'n2', to: 'n1', term };
  switch (type) {
    case 'vote':
    case 'pre-vote':
      return { ...envelope, type: 'vote', pre: type === 'pre-vote', lastIndex: 100, lastTerm: 100, transfer: false };
    case 'vote-response':
    case 'pre-vote-response':
      return { ...envelope, type: 'vote-response', pre: type === 'pre-vote-response', granted };
    case 'append':
      return { ...envelope, type: 'append', prevIndex: 0, prevTerm: 0, entries: [], commit: 0 };
    case 'append-response':
      return { ...envelope, type: 'append-response', success: true, index: 0, conflictTerm: 0, conflictIndex: 0 };
    case 'heartbeat':
      return { ...envelope, type: 'heartbeat', commit: 0, readRound: 0 };
    case 'heartbeat-response':
      return { ...envelope, type: 'heartbeat-response', readRound: 0 };
    case 'snapshot':
      return { ...envelope, type: 'snapshot', snapshot: { meta: { index: 0, term: 0, membership: config.membership }, data: '' } };
    case 'timeout-now':
      return { ...envelope, type: 'timeout-now' };
    case 'read-index':
      return { ...envelope, type: 'read-index', requestId: 'r' };
    case 'read-index-response':
      return { ...envelope, type: 'read-index-response', requestId: 'r', index: 0, ok: true };
  }
}

/** What n1 says back to n2 after stepping `m`, and its state afterwards. */
function stepped(node: RaftNode, m: Message): { term: number; role: Role; leader: string | null; vote: string | null; replies: Message[] } {
  node.step(m);
  const replies = node.hasReady() ? node.ready().messages.filter((r) => r.to === 'n2') : [];
  const { term, role, leader, vote } = node.status();
  return { term, role, leader, vote, replies };
}

const SETUPS: Setup[] = ['follower', 'follower of a live leader', 'pre-candidate', 'candidate', 'leader'];
const TYPES = [
  'vote',
  'pre-vote',
  'vote-response',
  'pre-vote-response',
  'append',
  'append-response',
  'heartbeat',
  'heartbeat-response',
  'snapshot',
  'timeout-now',
  'read-index',
  'read-index-response',
] as const;
const cases = SETUPS.flatMap((setup) => TYPES.map((type) => [setup, type] as const));

describe('Figure 2: a message from a lower term', () => {
  it.each(cases)('%s, %s: changes nothing; only an append or heartbeat is answered (to depose the sender) and a pre-vote refused', (setup, type) => {
    const node = nodeIn(setup);
    const before = node.status();
    const after = stepped(node, message(type, before.term - 1, true));
    expect([after.term, after.role, after.leader, after.vote]).toEqual([before.term, before.role, before.leader, before.vote]);
    if (type === 'append' || type === 'heartbeat') {
      expect(after.replies).toEqual([expect.objectContaining({ type: 'append-response', term: before.term, success: false })]);
    } else if (type === 'pre-vote') {
      expect(after.replies).toEqual([expect.objectContaining({ type: 'vote-response', term: before.term, pre: true, granted: false })]);
    } else {
      expect(after.replies).toEqual([]);
    }
  });
});

describe('Figure 2: a message from a higher term', () => {
  it.each(cases)('%s, %s', (setup, type) => {
    const node = nodeIn(setup);
    const before = node.status();
    const higher = before.term + 1;
    const inLease = setup === 'follower of a live leader' || setup === 'leader';
    const after = stepped(node, message(type, higher, type === 'pre-vote-response'));
    if ((type === 'vote' || type === 'pre-vote') && inLease) {
      // Check-quorum: a node that hears from a live leader ignores elections.
      expect([after.term, after.role, after.replies]).toEqual([before.term, before.role, []]);
    } else if (type === 'pre-vote') {
      // Granted (the candidate's log is newer) without moving this node's term.
      expect([after.term, after.role]).toEqual([before.term, before.role]);
      expect(after.replies).toEqual([expect.objectContaining({ type: 'vote-response', pre: true, granted: true, term: higher })]);
    } else if (type === 'pre-vote-response') {
      // A granted pre-vote carries the term the candidate would take: no reason to step
      // down. A pre-candidate counts it (with its own, a quorum of three) and campaigns.
      if (setup === 'pre-candidate') expect([after.term, after.role]).toEqual([higher, 'candidate']);
      else expect([after.term, after.role]).toEqual([before.term, before.role]);
    } else if (type === 'vote') {
      expect([after.term, after.role, after.vote]).toEqual([higher, 'follower', 'n2']);
      expect(after.replies).toEqual([expect.objectContaining({ type: 'vote-response', pre: false, granted: true, term: higher })]);
    } else if (type === 'timeout-now') {
      // Adopts the term, then campaigns at once as the leader asked.
      expect([after.term, after.role]).toEqual([higher + 1, 'candidate']);
    } else {
      const fromLeader = type === 'append' || type === 'heartbeat' || type === 'snapshot';
      expect([after.term, after.role, after.leader, after.vote]).toEqual([higher, 'follower', fromLeader ? 'n2' : null, null]);
      if (fromLeader) expect(after.replies.map((r) => [r.type, r.term])).toEqual([[type === 'heartbeat' ? 'heartbeat-response' : 'append-response', higher]]);
    }
  });

  it('a refused pre-vote from a higher term does depose a pre-candidate', () => {
    const node = nodeIn('pre-candidate');
    const after = stepped(node, message('pre-vote-response', TERM + 3, false));
    expect([after.term, after.role]).toEqual([TERM + 3, 'follower']);
  });
});

describe('Figure 2: a message from the current term', () => {
  it.each(['pre-candidate', 'candidate'] as const)('a %s that hears from the leader of its term follows it', (setup) => {
    const node = nodeIn(setup);
    const { term } = node.status();
    for (const type of ['append', 'heartbeat'] as const) {
      const fresh = nodeIn(setup);
      const after = stepped(fresh, message(type, term));
      expect([after.term, after.role, after.leader]).toEqual([term, 'follower', 'n2']);
    }
  });

  it('a voter grants one vote per term: the same candidate again, never another', () => {
    const node = nodeIn('follower');
    const vote = (from: string) => ({ ...message('vote', TERM + 1), from });
    node.step(vote('n2'));
    expect(node.ready().messages).toEqual([expect.objectContaining({ to: 'n2', granted: true })]);
    node.advance(node.ready());
    node.step(vote('n3'));
    node.step(vote('n2'));
    const replies = node.ready().messages;
    expect(replies.map((r) => [r.to, r.type === 'vote-response' && r.granted])).toEqual([
      ['n3', false],
      ['n2', true],
    ]);
  });

  it('a voter refuses a candidate whose log is behind its own (§5.4.1)', () => {
    const node = new RaftNode(config, {
      hardState: { term: TERM, vote: null, commit: 0 },
      snapshot: null,
      entries: [{ index: 1, term: TERM, type: 'noop' }],
    });
    for (const [lastIndex, lastTerm, granted] of [[0, 0, false], [1, TERM - 1, false], [1, TERM, true]] as const) {
      const fresh = new RaftNode(config, { hardState: { term: TERM, vote: null, commit: 0 }, snapshot: null, entries: [{ index: 1, term: TERM, type: 'noop' }] });
      fresh.step({ type: 'vote', from: 'n2', to: 'n1', term: TERM + 1, pre: false, lastIndex, lastTerm, transfer: false });
      expect(fresh.ready().messages).toEqual([expect.objectContaining({ type: 'vote-response', granted })]);
    }
    expect(node.status().term).toBe(TERM);
  });

  it('a leader ignores stale append responses and counts only current-term ones toward commit', () => {
    const node = nodeIn('leader');
    const { term, lastIndex } = node.status();
    node.step({ type: 'append-response', from: 'n2', to: 'n1', term: term - 1, success: true, index: lastIndex, conflictTerm: 0, conflictIndex: 0 });
    expect(node.status().progress['n2']!.match).toBe(0);
    expect(node.status().commit).toBe(0);
    node.step({ type: 'append-response', from: 'n2', to: 'n1', term, success: true, index: lastIndex, conflictTerm: 0, conflictIndex: 0 });
    expect(node.status().progress['n2']!.match).toBe(lastIndex);
    expect(node.status().commit).toBe(lastIndex);
  });
});
