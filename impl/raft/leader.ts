/**
 * What only a leader has and does: each follower's progress, replication and the
 * commit rule, heartbeats, ReadIndex and leases, leadership transfer and the guard on
 * membership changes. A RaftNode holds one while it leads and drops it when it stops.
 */
import type { RaftLog } from './log.js';
import { isVoter, peersOf } from './membership.js';
import { ProgressTracker } from './progress.js';
import { ReadQueue } from './read-only.js';
import type { ConfChange, Entry, Membership, Message, NodeId, ProposeResult, RaftConfig, ReadState } from './types.js';

/** A message as the node sends it: it fills in `from` and, unless given, `term`. */
export type Outgoing = Message extends infer M ? (M extends Message ? Omit<M, 'from' | 'term'> & { term?: number } : never) : never;

/** What a leader needs of the node it leads from. */
export interface LeaderContext {
  readonly id: NodeId;
  readonly config: RaftConfig;
  readonly log: RaftLog;
  term(): number;
  membership(): Membership;
  /** Ticks since the node started: the leader's clock for leases. */
  ticks(): number;
  send(message: Outgoing): void;
  readState(state: ReadState): void;
  /** The log's membership may have changed (a conf entry appended). */
  membershipChanged(): void;
  /** Leadership is over: the node becomes a follower (this Leader is dropped). */
  stepDown(): void;
}

type Content = { type: 'noop' } | { type: 'normal'; data: string } | { type: 'conf'; change: ConfChange };

export class Leader {
  readonly progress: ProgressTracker;
  private readonly reads = new ReadQueue();
  private transferee: NodeId | null = null;
  /** The index of the latest conf entry: another change waits until it commits. */
  private pendingConfIndex: number;
  private heartbeatElapsed = 0;
  /** Ticks since the last check-quorum (and since a transfer began). */
  private checkElapsed = 0;
  private leading = true;

  constructor(private readonly ctx: LeaderContext) {
    const { log } = ctx;
    this.progress = new ProgressTracker(ctx.id, peersOf(ctx.membership(), ctx.id), log.lastIndex);
    this.pendingConfIndex = log.lastIndex;
    // The noop tells the new leader which entries are committed (§8): ReadIndex waits for it.
    this.append({ type: 'noop' });
  }

  tick(): void {
    const { config } = this.ctx;
    this.heartbeatElapsed++;
    if (++this.checkElapsed >= config.electionTicks) {
      this.checkElapsed = 0;
      if (config.checkQuorum && !this.progress.checkQuorumActive(this.ctx.membership())) return this.ctx.stepDown();
      this.transferee = null;
    }
    if (this.heartbeatElapsed >= config.heartbeatTicks) {
      this.heartbeatElapsed = 0;
      this.broadcastHeartbeat();
    }
  }

  /** Called by the node as it steps down: every read still waiting is dropped. */
  resign(): void {
    this.leading = false;
    for (const read of this.reads.drain()) this.deliverRead(read.requestId, read.from, 0, false);
  }

  propose(data: string): ProposeResult {
    return this.refusal() ?? this.append({ type: 'normal', data });
  }

  proposeConfChange(change: ConfChange): ProposeResult {
    const refused = this.refusal();
    if (refused !== null) return refused;
    if (this.pendingConfIndex > this.ctx.log.committed || !this.committedInTerm()) {
      return { ok: false, reason: 'conf-change-pending', leader: this.ctx.id };
    }
    if (change.type === 'promote' && (this.progress.peers.get(change.node)?.match ?? 0) < this.ctx.log.committed) {
      return { ok: false, reason: 'learner-behind', leader: this.ctx.id };
    }
    const result = this.append({ type: 'conf', change });
    this.pendingConfIndex = this.ctx.log.lastIndex;
    return result;
  }

  transfer(to: NodeId): void {
    if (to === this.ctx.id || !isVoter(this.ctx.membership(), to)) return;
    this.transferee = to;
    this.checkElapsed = 0;
    if (this.progress.peers.get(to)?.match === this.ctx.log.lastIndex) this.ctx.send({ type: 'timeout-now', to });
    else this.sendAppend(to);
  }

  /** A ReadIndex request, from this node or forwarded by a follower. */
  read(requestId: string, from: NodeId): void {
    if (!this.committedInTerm() && !this.ctx.config.bugs.has('no-noop')) this.reads.deferUntilTermCommitted(requestId, from);
    else this.startRead(requestId, from);
  }

  onAppendResponse(m: Extract<Message, { type: 'append-response' }>): void {
    const peer = this.progress.peers.get(m.from);
    if (peer === undefined) return;
    const { log } = this.ctx;
    peer.recentActive = true;
    if (m.success) {
      // A follower acknowledges its commit index for appends below it; past this log's end
      // that claim is only possible once safety is already broken (a seeded bug).
      const index = Math.min(m.index, log.lastIndex);
      if (index > peer.match) peer.match = index;
      if (peer.snapshot !== null && peer.match >= peer.snapshot.index) peer.snapshot = null;
      peer.next = Math.max(peer.next, peer.match + 1);
      this.maybeCommit();
      if (!this.leading) return;
      if (this.transferee === m.from && peer.match === log.lastIndex) this.ctx.send({ type: 'timeout-now', to: m.from });
      if (peer.next <= log.lastIndex) this.sendAppend(m.from);
      return;
    }
    // A follower whose log is shorter than what it acknowledged lost entries (or the
    // rejection is stale): lowering match is always safe, as the commit index never drops.
    if (m.index < peer.match) peer.match = m.index;
    let next = m.conflictIndex;
    if (m.conflictTerm > 0) {
      const last = log.lastIndexOfTerm(m.conflictTerm);
      if (last > 0) next = last + 1;
    }
    peer.next = Math.max(peer.match + 1, Math.min(next, m.index + 1));
    this.sendAppend(m.from);
  }

  onHeartbeatResponse(m: Extract<Message, { type: 'heartbeat-response' }>): void {
    const peer = this.progress.peers.get(m.from);
    if (peer === undefined) return;
    peer.recentActive = true;
    this.progress.ackRound(m.from, m.readRound);
    for (const read of this.reads.confirmedUpTo(this.progress.quorumRound(this.ctx.membership()))) {
      this.deliverRead(read.requestId, read.from, read.index, true);
    }
    // A follower that is behind lost an append (or never got it): probe again from its match.
    if (peer.match < this.ctx.log.lastIndex && !this.installing(m.from)) {
      peer.next = peer.match + 1;
      this.sendAppend(m.from);
    }
  }

  private refusal(): ProposeResult | null {
    return this.transferee === null ? null : { ok: false, reason: 'transferring', leader: this.ctx.id };
  }

  private append(content: Content): ProposeResult {
    const { log } = this.ctx;
    const entry = { ...content, index: log.lastIndex + 1, term: this.ctx.term() } as Entry;
    log.append(entry);
    if (entry.type === 'conf') this.ctx.membershipChanged();
    this.maybeCommit();
    if (this.leading) for (const peer of this.progress.peers.keys()) this.sendAppend(peer);
    return { ok: true, index: entry.index, term: entry.term };
  }

  /**
   * Is `to` installing a snapshot we sent? Then nothing else goes to it until it answers.
   * One unanswered for an election timeout was lost: the follower is probed afresh.
   */
  private installing(to: NodeId): boolean {
    const peer = this.progress.peers.get(to)!;
    if (peer.snapshot === null) return false;
    if (this.ctx.ticks() - peer.snapshot.sentTick < this.ctx.config.electionTicks) return true;
    peer.snapshot = null;
    peer.next = peer.match + 1;
    return false;
  }

  private sendAppend(to: NodeId): void {
    if (this.installing(to)) return;
    const { log, config } = this.ctx;
    const peer = this.progress.peers.get(to)!;
    // A follower can only claim more than this log holds if a host broke the persistence
    // contract (a seeded bug): probe from our end instead of failing.
    peer.next = Math.min(peer.next, log.lastIndex + 1);
    const prevIndex = peer.next - 1;
    const prevTerm = prevIndex < log.snapshotIndex ? undefined : log.term(prevIndex);
    if (prevTerm === undefined) {
      const snapshot = log.snapshot!;
      this.ctx.send({ type: 'snapshot', to, snapshot });
      peer.snapshot = { index: snapshot.meta.index, sentTick: this.ctx.ticks() };
      peer.next = snapshot.meta.index + 1;
      return;
    }
    const entries = log.slice(peer.next, peer.next + config.maxEntriesPerAppend - 1);
    this.ctx.send({ type: 'append', to, prevIndex, prevTerm, entries, commit: log.committed });
    const last = entries.at(-1);
    if (last !== undefined) peer.next = last.index + 1;
  }

  private broadcastHeartbeat(): number {
    const round = this.progress.nextRound(this.ctx.ticks());
    for (const [peer, p] of this.progress.peers) {
      this.ctx.send({ type: 'heartbeat', to: peer, commit: Math.min(p.match, this.ctx.log.committed), readRound: round });
    }
    return round;
  }

  private maybeCommit(): void {
    const { log, config, id } = this.ctx;
    const membership = this.ctx.membership();
    const selfMatch = isVoter(membership, id) ? log.lastIndex : 0;
    const index = this.progress.quorumMatch(membership, selfMatch);
    if (index <= log.committed) return;
    // §5.4.2: only an entry of the leader's own term is committed by counting replicas.
    if (log.term(index) !== this.ctx.term() && !config.bugs.has('old-term-commit')) return;
    log.committed = index;
    for (const peer of this.progress.peers.keys()) this.sendAppend(peer);
    if (this.committedInTerm()) for (const read of this.reads.takeDeferred()) this.startRead(read.requestId, read.from);
    // A leader that removed itself leads until the removal commits, then steps down.
    if (this.pendingConfIndex <= log.committed && !isVoter(membership, id)) this.ctx.stepDown();
  }

  private committedInTerm(): boolean {
    return this.ctx.log.term(this.ctx.log.committed) === this.ctx.term();
  }

  private startRead(requestId: string, from: NodeId): void {
    const membership = this.ctx.membership();
    const index = this.ctx.log.committed;
    const soleVoter = membership.voters.length === 1 && isVoter(membership, this.ctx.id);
    if (soleVoter || (this.ctx.config.readMode === 'lease' && this.leaseHolds())) {
      this.deliverRead(requestId, from, index, true);
      return;
    }
    this.reads.add({ requestId, from, index, round: this.broadcastHeartbeat() });
  }

  /**
   * Followers that heard from this leader refuse votes for an election timeout (with
   * check-quorum), so no other leader can exist until then — if clocks tick at the
   * same rate. One tick of margin absorbs a little drift; more drift breaks it.
   */
  private leaseHolds(): boolean {
    const { config } = this.ctx;
    if (!config.checkQuorum || this.transferee !== null) return false;
    const ticks = this.ctx.ticks();
    const confirmed = this.progress.quorumConfirmedTick(this.ctx.membership(), ticks);
    return ticks < confirmed + config.electionTicks - 1;
  }

  private deliverRead(requestId: string, from: NodeId, index: number, ok: boolean): void {
    if (from === this.ctx.id) this.ctx.readState({ requestId, index, ok });
    else this.ctx.send({ type: 'read-index-response', to: from, requestId, index, ok });
  }
}
