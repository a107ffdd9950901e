/**
 * The leader's view of its followers: how far each one's log matches (replication)
 * and which heartbeat round each last acknowledged (ReadIndex, leases, check-quorum).
 */
import type { Membership, NodeId } from './types.js';
import { quorumSize } from './membership.js';

/** A snapshot sent to a peer and not yet acknowledged (etcd-io/raft's StateSnapshot). */
export interface SnapshotInFlight {
  readonly index: number;
  /** The leader's tick when it was sent: unacknowledged an election timeout later, it is taken as lost. */
  readonly sentTick: number;
}

export interface PeerProgress {
  match: number;
  next: number;
  /** While set, nothing else is replicated to the peer: it is installing this snapshot. */
  snapshot: SnapshotInFlight | null;
  /** Heard from since the last check-quorum. */
  recentActive: boolean;
  /** The highest heartbeat round the peer acknowledged. */
  ackedRound: number;
  /** The tick at which that round was sent. */
  ackedSentTick: number;
}

export class ProgressTracker {
  readonly peers = new Map<NodeId, PeerProgress>();
  /** Heartbeat round numbers and the tick each was sent at (pruned once acknowledged by all). */
  private round = 0;
  private readonly sentTicks = new Map<number, number>();

  constructor(
    private readonly self: NodeId,
    peers: readonly NodeId[],
    lastIndex: number,
  ) {
    for (const peer of peers) this.add(peer, lastIndex);
  }

  add(peer: NodeId, lastIndex: number): void {
    if (peer === this.self || this.peers.has(peer)) return;
    this.peers.set(peer, { match: 0, next: lastIndex + 1, snapshot: null, recentActive: false, ackedRound: 0, ackedSentTick: -Infinity });
  }

  /** Follows a membership change: new peers are tracked, removed ones forgotten. */
  reconcile(all: readonly NodeId[], lastIndex: number): void {
    for (const peer of [...this.peers.keys()]) if (!all.includes(peer)) this.peers.delete(peer);
    for (const peer of all) this.add(peer, lastIndex);
  }

  /** The highest index replicated on a quorum of voters (the leader's own log counts as `selfMatch`). */
  quorumMatch(membership: Membership, selfMatch: number): number {
    const matches = membership.voters.map((v) => (v === this.self ? selfMatch : (this.peers.get(v)?.match ?? 0)));
    matches.sort((a, b) => b - a);
    return matches[quorumSize(membership) - 1] ?? 0;
  }

  /** Starts a heartbeat round; acks of it confirm leadership as of `tick`. */
  nextRound(tick: number): number {
    this.round++;
    this.sentTicks.set(this.round, tick);
    return this.round;
  }

  get currentRound(): number {
    return this.round;
  }

  ackRound(peer: NodeId, round: number): void {
    const progress = this.peers.get(peer);
    const sent = this.sentTicks.get(round);
    if (progress === undefined || sent === undefined || round <= progress.ackedRound) return;
    progress.ackedRound = round;
    progress.ackedSentTick = sent;
    this.prune();
  }

  /** The highest round acknowledged by a quorum of voters (the leader acknowledges every round). */
  quorumRound(membership: Membership): number {
    const rounds = membership.voters.map((v) => (v === this.self ? this.round : (this.peers.get(v)?.ackedRound ?? 0)));
    rounds.sort((a, b) => b - a);
    return rounds[quorumSize(membership) - 1] ?? 0;
  }

  /** The send tick of the newest round a quorum acknowledged: leadership is certain as of then. */
  quorumConfirmedTick(membership: Membership, now: number): number {
    const ticks = membership.voters.map((v) => (v === this.self ? now : (this.peers.get(v)?.ackedSentTick ?? -Infinity)));
    ticks.sort((a, b) => b - a);
    return ticks[quorumSize(membership) - 1] ?? -Infinity;
  }

  /** Did a quorum of voters speak to us since the last call? Resets the marks. */
  checkQuorumActive(membership: Membership): boolean {
    const active = membership.voters.filter((v) => v === this.self || this.peers.get(v)?.recentActive === true).length;
    for (const progress of this.peers.values()) progress.recentActive = false;
    return active >= quorumSize(membership);
  }

  private prune(): void {
    let oldest = this.round;
    for (const progress of this.peers.values()) oldest = Math.min(oldest, progress.ackedRound);
    for (const round of this.sentTicks.keys()) {
      if (round >= oldest && this.sentTicks.size <= 4096) break;
      this.sentTicks.delete(round);
    }
  }
}
