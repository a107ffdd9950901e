/**
 * ReadIndex requests waiting at the leader: each records the commit index when it
 * arrived and the heartbeat round that must be acknowledged by a quorum before the
 * read is known to be served by the one true leader.
 */
import type { NodeId } from './types.js';

export interface PendingRead {
  readonly requestId: string;
  /** The node that asked (the leader itself, or a follower that forwarded it). */
  readonly from: NodeId;
  readonly index: number;
  readonly round: number;
}

export class ReadQueue {
  /** Requests that arrived before this leader committed an entry of its term. */
  private waitingForTerm: Array<{ requestId: string; from: NodeId }> = [];
  private pending: PendingRead[] = [];

  deferUntilTermCommitted(requestId: string, from: NodeId): void {
    this.waitingForTerm.push({ requestId, from });
  }

  takeDeferred(): Array<{ requestId: string; from: NodeId }> {
    const deferred = this.waitingForTerm;
    this.waitingForTerm = [];
    return deferred;
  }

  add(read: PendingRead): void {
    this.pending.push(read);
  }

  /** Reads whose round a quorum has acknowledged, in arrival order. */
  confirmedUpTo(round: number): PendingRead[] {
    const ready = this.pending.filter((r) => r.round <= round);
    if (ready.length > 0) this.pending = this.pending.filter((r) => r.round > round);
    return ready;
  }

  /** Everything still waiting, on losing leadership. */
  drain(): Array<{ requestId: string; from: NodeId }> {
    const all = [...this.waitingForTerm, ...this.pending];
    this.waitingForTerm = [];
    this.pending = [];
    return all;
  }
}
