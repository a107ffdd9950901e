/**
 * Cluster membership and single-server changes (Raft dissertation §4.1): a change
 * takes effect on every node as soon as its entry is in the node's log, committed or
 * not, so the membership at any index follows from the log alone.
 */
import type { ConfChange, Entry, Membership, NodeId } from './types.js';

export function applyChange(membership: Membership, change: ConfChange): Membership {
  const voters = membership.voters.filter((n) => n !== change.node);
  const learners = membership.learners.filter((n) => n !== change.node);
  switch (change.type) {
    case 'add-learner':
      return membership.voters.includes(change.node) ? membership : sorted(voters, [...learners, change.node]);
    case 'promote':
      return membership.learners.includes(change.node) ? sorted([...voters, change.node], learners) : membership;
    case 'add-voter':
      return sorted([...voters, change.node], learners);
    case 'remove':
      return sorted(voters, learners);
  }
}

/** The membership after replaying the conf entries among `entries` on top of `base`. */
export function membershipAfter(base: Membership, entries: readonly Entry[]): Membership {
  let membership = base;
  for (const entry of entries) if (entry.type === 'conf') membership = applyChange(membership, entry.change);
  return membership;
}

export function isVoter(membership: Membership, id: NodeId): boolean {
  return membership.voters.includes(id);
}

/** Everyone the leader replicates to: voters and learners but itself. */
export function peersOf(membership: Membership, self: NodeId): NodeId[] {
  return [...membership.voters, ...membership.learners].filter((n) => n !== self);
}

function sorted(voters: readonly NodeId[], learners: readonly NodeId[]): Membership {
  return { voters: [...new Set(voters)].sort(), learners: [...new Set(learners)].sort() };
}

export function quorumSize(membership: Membership): number {
  return Math.floor(membership.voters.length / 2) + 1;
}
