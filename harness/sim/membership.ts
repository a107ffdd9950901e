/**
 * Membership changes in the simulator, as an operator makes them: one change at a time
 * through whoever leads, retried until the leader holds the wanted configuration
 * committed (a new leader may have dropped a change, or refused it while another was
 * pending, or another fault changed the same node meanwhile).
 */
import type { ConfChange, Membership, NodeId } from '../../impl/raft/types.js';
import type { EventQueue } from './event-queue.js';
import type { SimNode } from './sim-node.js';

const RETRY_MS = 50;
/** A removal that would leave fewer voters is skipped: with one voter left, one crash ends the cluster for good. */
const MIN_VOTERS = 2;

export interface MembershipHost {
  readonly queue: EventQueue;
  /** The running node that leads the highest term, if any. */
  leader(): SimNode | null;
}

export type Role = 'voter' | 'absent';

/** The next change that moves `node` toward `role`, or null when it is there. */
function nextChange(membership: Membership, node: NodeId, role: Role): ConfChange | null {
  const voter = membership.voters.includes(node);
  const learner = membership.learners.includes(node);
  if (role === 'absent') return voter || learner ? { type: 'remove', node } : null;
  if (voter) return null;
  return learner ? { type: 'promote', node } : { type: 'add-learner', node };
}

export class MembershipDriver {
  constructor(private readonly host: MembershipHost) {}

  /**
   * Moves `node` to `role` (a voter: added as a learner, then promoted; or out of the
   * configuration), one change at a time; `done` runs once the leader holds it committed.
   */
  converge(node: NodeId, role: Role, done: () => void): void {
    const attempt = (): void => {
      const leader = this.host.leader();
      const raft = leader?.replica?.raft;
      if (leader !== null && raft !== undefined) {
        const { membership, commit } = raft.status();
        const change = nextChange(membership, node, role);
        const lastVoters = change?.type === 'remove' && membership.voters.includes(node) && membership.voters.length <= MIN_VOTERS;
        if ((change === null && commit >= this.lastConfIndex(leader)) || lastVoters) return done();
        if (change !== null) leader.deliver((replica) => replica.configure(change, () => {}));
      }
      this.host.queue.after(RETRY_MS, attempt);
    };
    attempt();
  }

  /** Resolves "leader" when a leader exists, retrying until one does. */
  whenLeader(run: (leader: NodeId) => void): void {
    const leader = this.host.leader();
    if (leader !== null) run(leader.id);
    else this.host.queue.after(RETRY_MS, () => this.whenLeader(run));
  }

  /** The index of the newest configuration entry in the leader's log (0 when it is in the snapshot). */
  private lastConfIndex(leader: SimNode): number {
    const raft = leader.replica!.raft;
    const { firstIndex, lastIndex } = raft.status();
    for (let index = lastIndex; index >= firstIndex; index--) if (raft.entry(index)?.type === 'conf') return index;
    return 0;
  }
}
