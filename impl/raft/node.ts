/**
 * One Raft peer as a pure state machine (after etcd-io/raft). See types.ts for the
 * contract with the host: tick(), step(), propose(), then ready() / advance().
 */
import { RaftLog } from './log.js';
import { isVoter, membershipAfter, peersOf, quorumSize } from './membership.js';
import { ProgressTracker } from './progress.js';
import { SeededRandom } from './random.js';
import { ReadQueue } from './read-only.js';
import type {
  ConfChange,
  Entry,
  HardState,
  Membership,
  Message,
  NodeId,
  PersistedState,
  ProposeResult,
  RaftConfig,
  RaftCore,
  ReadState,
  Ready,
  Role,
  Snapshot,
  SoftState,
  Status,
} from './types.js';

type Outgoing = Message extends infer M ? (M extends Message ? Omit<M, 'from' | 'term'> & { term?: number } : never) : never;

export class RaftNode implements RaftCore {
  private readonly id: NodeId;
  private readonly random: SeededRandom;
  private readonly log: RaftLog;
  private term: number;
  private vote: NodeId | null;
  private leader: NodeId | null = null;
  private role: Role = 'follower';
  private membership: Membership;

  /** Ticks since this node heard from a leader (or, as leader, since the last quorum check). */
  private electionElapsed = 0;
  private heartbeatElapsed = 0;
  private randomizedTimeout = 0;
  /** Ticks since start: the leader's clock for leases. */
  private ticks = 0;
  private readonly votes = new Map<NodeId, boolean>();
  private progress: ProgressTracker | null = null;
  private readonly reads = new ReadQueue();
  private transferee: NodeId | null = null;
  /** Leader: the index of the latest conf entry; another change waits until it commits. */
  private pendingConfIndex = 0;

  private outbox: Message[] = [];
  private readStates: ReadState[] = [];
  private pendingSnapshot: Snapshot | null = null;
  private prevSoft: SoftState = { leader: null, role: 'follower' };
  private prevHard: HardState;
  private readyHard: HardState | null = null;

  constructor(
    private readonly config: RaftConfig,
    persisted: PersistedState | null,
  ) {
    this.id = config.id;
    this.random = new SeededRandom(config.seed);
    const hard = persisted?.hardState ?? { term: 0, vote: null, commit: 0 };
    this.term = hard.term;
    this.vote = hard.vote;
    this.prevHard = hard;
    this.log = persisted ? RaftLog.fromPersisted(persisted.snapshot, persisted.entries, hard.commit) : new RaftLog();
    this.membership = this.config.membership;
    this.recomputeMembership();
    this.resetElectionTimeout();
  }

  // ---- the host's calls -------------------------------------------------------

  tick(): void {
    this.ticks++;
    if (this.role === 'leader') this.tickLeader();
    else this.tickElection();
  }

  step(m: Message): void {
    if (m.to !== this.id) return;
    if (m.term > this.term) {
      if (m.type === 'vote') {
        const inLease = this.config.checkQuorum && this.leader !== null && this.electionElapsed < this.config.electionTicks;
        if (inLease && !m.transfer) return;
        if (!m.pre) this.becomeFollower(m.term, null);
      } else if (!(m.type === 'vote-response' && m.pre && m.granted)) {
        const fromLeader = m.type === 'append' || m.type === 'heartbeat' || m.type === 'snapshot';
        this.becomeFollower(m.term, fromLeader ? m.from : null);
      }
    } else if (m.term < this.term) {
      if ((this.config.checkQuorum || this.config.preVote) && (m.type === 'append' || m.type === 'heartbeat')) {
        // Tell a deposed leader about the new term so it steps down.
        this.send({ type: 'append-response', to: m.from, success: false, index: this.log.lastIndex, conflictTerm: 0, conflictIndex: 0 });
      } else if (m.type === 'vote' && m.pre) {
        this.send({ type: 'vote-response', to: m.from, pre: true, granted: false });
      }
      return;
    }
    this.dispatch(m);
  }

  propose(data: string): ProposeResult {
    const refused = this.refusal();
    if (refused !== null) return refused;
    return this.appendAsLeader({ type: 'normal', data });
  }

  proposeConfChange(change: ConfChange): ProposeResult {
    const refused = this.refusal();
    if (refused !== null) return refused;
    if (this.pendingConfIndex > this.log.committed || !this.committedInTerm()) {
      return { ok: false, reason: 'conf-change-pending', leader: this.id };
    }
    if (change.type === 'promote' && (this.progress!.peers.get(change.node)?.match ?? 0) < this.log.committed) {
      return { ok: false, reason: 'learner-behind', leader: this.id };
    }
    const result = this.appendAsLeader({ type: 'conf', change });
    this.pendingConfIndex = this.log.lastIndex;
    return result;
  }

  readIndex(requestId: string): void {
    if (this.role === 'leader') this.requestRead(requestId, this.id);
    else if (this.leader !== null) this.send({ type: 'read-index', to: this.leader, requestId });
    else this.readStates.push({ requestId, index: 0, ok: false });
  }

  transferLeadership(to: NodeId): void {
    if (this.role !== 'leader' || to === this.id || !isVoter(this.membership, to)) return;
    this.transferee = to;
    this.electionElapsed = 0;
    if (this.progress!.peers.get(to)?.match === this.log.lastIndex) this.send({ type: 'timeout-now', to });
    else this.sendAppend(to);
  }

  compact(index: number, data: string): Snapshot | null {
    if (index > this.log.applied || index <= this.log.snapshotIndex) return null;
    const base = this.log.snapshot?.meta.membership ?? this.config.membership;
    const snapshot: Snapshot = {
      meta: { index, term: this.log.term(index)!, membership: membershipAfter(base, this.log.slice(this.log.firstIndex, index)) },
      data,
    };
    this.log.compactTo(snapshot);
    return snapshot;
  }

  hasReady(): boolean {
    return (
      this.outbox.length > 0 ||
      this.readStates.length > 0 ||
      this.pendingSnapshot !== null ||
      this.log.stable < this.log.lastIndex ||
      this.log.applied < this.log.committed ||
      this.softChanged() ||
      this.hardChanged()
    );
  }

  ready(): Ready {
    const hard: HardState = { term: this.term, vote: this.vote, commit: this.log.committed };
    this.readyHard = hard;
    const hardState = this.hardChanged()
      ? this.config.bugs.has('forget-vote')
        ? { ...hard, vote: null }
        : hard
      : null;
    return {
      softState: this.softChanged() ? { leader: this.leader, role: this.role } : null,
      hardState,
      entries: this.log.unstable(),
      snapshot: this.pendingSnapshot,
      messages: this.outbox.slice(),
      committed: this.log.toApply(),
      reads: this.readStates.slice(),
    };
  }

  advance(ready: Ready): void {
    if (ready.softState !== null) this.prevSoft = ready.softState;
    if (this.readyHard !== null) this.prevHard = this.readyHard;
    const lastEntry = ready.entries.at(-1);
    if (lastEntry !== undefined && this.log.term(lastEntry.index) === lastEntry.term) {
      this.log.stable = Math.max(this.log.stable, lastEntry.index);
    }
    if (ready.snapshot !== null) {
      this.log.applied = Math.max(this.log.applied, ready.snapshot.meta.index);
      if (this.pendingSnapshot === ready.snapshot) this.pendingSnapshot = null;
    }
    const lastApplied = ready.committed.at(-1);
    if (lastApplied !== undefined) this.log.applied = Math.max(this.log.applied, lastApplied.index);
    this.outbox.splice(0, ready.messages.length);
    this.readStates.splice(0, ready.reads.length);
  }

  /** The entry at `index` in this node's log (undefined when compacted away or beyond the end): for invariant checks. */
  entry(index: number): Entry | undefined {
    return this.log.entry(index);
  }

  status(): Status {
    const progress: Record<NodeId, { match: number; next: number }> = {};
    for (const [peer, p] of this.progress?.peers ?? []) progress[peer] = { match: p.match, next: p.next };
    return {
      id: this.id,
      role: this.role,
      term: this.term,
      vote: this.vote,
      leader: this.leader,
      commit: this.log.committed,
      applied: this.log.applied,
      firstIndex: this.log.firstIndex,
      lastIndex: this.log.lastIndex,
      membership: this.membership,
      progress,
    };
  }

  // ---- messages ---------------------------------------------------------------

  private dispatch(m: Message): void {
    switch (m.type) {
      case 'vote':
        return this.handleVote(m);
      case 'vote-response':
        return this.handleVoteResponse(m);
      case 'append':
      case 'heartbeat':
      case 'snapshot':
        if (this.role !== 'follower') this.becomeFollower(m.term, m.from);
        this.electionElapsed = 0;
        this.leader = m.from;
        if (m.type === 'append') return this.handleAppend(m);
        if (m.type === 'heartbeat') return this.handleHeartbeat(m);
        return this.handleSnapshot(m);
      case 'append-response':
        return this.handleAppendResponse(m);
      case 'heartbeat-response':
        return this.handleHeartbeatResponse(m);
      case 'timeout-now':
        if (isVoter(this.membership, this.id)) this.campaign(false, true);
        return;
      case 'read-index':
        if (this.role === 'leader') this.requestRead(m.requestId, m.from);
        else this.send({ type: 'read-index-response', to: m.from, requestId: m.requestId, index: 0, ok: false });
        return;
      case 'read-index-response':
        this.readStates.push({ requestId: m.requestId, index: m.index, ok: m.ok });
        return;
    }
  }

  private handleVote(m: Extract<Message, { type: 'vote' }>): void {
    const canVote = this.vote === m.from || (this.vote === null && this.leader === null) || (m.pre && m.term > this.term);
    if (canVote && this.log.isUpToDate(m.lastIndex, m.lastTerm)) {
      this.send({ type: 'vote-response', to: m.from, pre: m.pre, granted: true, term: m.term });
      if (!m.pre) {
        this.vote = m.from;
        this.electionElapsed = 0;
      }
    } else {
      this.send({ type: 'vote-response', to: m.from, pre: m.pre, granted: false });
    }
  }

  private handleVoteResponse(m: Extract<Message, { type: 'vote-response' }>): void {
    const campaigning = this.role === 'pre-candidate' ? m.pre : this.role === 'candidate' && !m.pre;
    if (!campaigning) return;
    this.votes.set(m.from, m.granted);
    const outcome = this.tally();
    if (outcome === 'won') {
      if (this.role === 'pre-candidate') this.campaign(false, false);
      else this.becomeLeader();
    } else if (outcome === 'lost') {
      this.becomeFollower(this.term, null);
    }
  }

  private handleAppend(m: Extract<Message, { type: 'append' }>): void {
    if (m.prevIndex < this.log.committed) {
      this.send({ type: 'append-response', to: m.from, success: true, index: this.log.committed, conflictTerm: 0, conflictIndex: 0 });
      return;
    }
    if (!this.log.matches(m.prevIndex, m.prevTerm)) {
      const { lastIndex } = this.log;
      const beyond = m.prevIndex > lastIndex;
      const conflictTerm = beyond ? 0 : this.log.term(m.prevIndex)!;
      const conflictIndex = beyond ? lastIndex + 1 : this.log.firstIndexOfTerm(m.prevIndex);
      this.send({ type: 'append-response', to: m.from, success: false, index: lastIndex, conflictTerm, conflictIndex });
      return;
    }
    const before = this.log.lastIndex;
    const lastNew = this.log.appendAfter(m.prevIndex, m.entries);
    if (m.entries.some((e) => e.type === 'conf') || this.log.lastIndex < before) this.recomputeMembership();
    this.commitTo(Math.min(m.commit, lastNew));
    this.send({ type: 'append-response', to: m.from, success: true, index: lastNew, conflictTerm: 0, conflictIndex: 0 });
  }

  private handleHeartbeat(m: Extract<Message, { type: 'heartbeat' }>): void {
    this.commitTo(Math.min(m.commit, this.log.lastIndex));
    this.send({ type: 'heartbeat-response', to: m.from, readRound: m.readRound });
  }

  private handleSnapshot(m: Extract<Message, { type: 'snapshot' }>): void {
    const { meta } = m.snapshot;
    if (meta.index <= this.log.committed) {
      // Already have it.
    } else if (this.log.matches(meta.index, meta.term)) {
      this.commitTo(meta.index);
    } else {
      this.log.restore(m.snapshot);
      this.pendingSnapshot = m.snapshot;
      this.recomputeMembership();
    }
    const index = Math.max(this.log.committed, meta.index);
    this.send({ type: 'append-response', to: m.from, success: true, index, conflictTerm: 0, conflictIndex: 0 });
  }

  private handleAppendResponse(m: Extract<Message, { type: 'append-response' }>): void {
    const peer = this.progress?.peers.get(m.from);
    if (this.role !== 'leader' || peer === undefined) return;
    peer.recentActive = true;
    if (m.success) {
      // A follower acknowledges its commit index for appends below it; past this log's end
      // that claim is only possible once safety is already broken (a seeded bug).
      const index = Math.min(m.index, this.log.lastIndex);
      if (index > peer.match) peer.match = index;
      peer.next = Math.max(peer.next, peer.match + 1);
      this.maybeCommit();
      if (this.transferee === m.from && peer.match === this.log.lastIndex) this.send({ type: 'timeout-now', to: m.from });
      if (this.role === 'leader' && peer.next <= this.log.lastIndex) this.sendAppend(m.from);
      return;
    }
    // A follower whose log is shorter than what it acknowledged lost entries (or the
    // rejection is stale): lowering match is always safe, as the commit index never drops.
    if (m.index < peer.match) peer.match = m.index;
    let next = m.conflictIndex;
    if (m.conflictTerm > 0) {
      const last = this.log.lastIndexOfTerm(m.conflictTerm);
      if (last > 0) next = last + 1;
    }
    peer.next = Math.max(peer.match + 1, Math.min(next, m.index + 1));
    this.sendAppend(m.from);
  }

  private handleHeartbeatResponse(m: Extract<Message, { type: 'heartbeat-response' }>): void {
    const peer = this.progress?.peers.get(m.from);
    if (this.role !== 'leader' || peer === undefined) return;
    peer.recentActive = true;
    this.progress!.ackRound(m.from, m.readRound);
    for (const read of this.reads.confirmedUpTo(this.progress!.quorumRound(this.membership))) {
      this.deliverRead(read.requestId, read.from, read.index, true);
    }
    if (peer.match < this.log.lastIndex) {
      peer.next = peer.match + 1;
      this.sendAppend(m.from);
    }
  }

  // ---- roles ------------------------------------------------------------------

  private tickElection(): void {
    this.electionElapsed++;
    if (this.electionElapsed >= this.randomizedTimeout && isVoter(this.membership, this.id)) {
      this.campaign(this.config.preVote, false);
    }
  }

  private tickLeader(): void {
    this.heartbeatElapsed++;
    this.electionElapsed++;
    if (this.electionElapsed >= this.config.electionTicks) {
      this.electionElapsed = 0;
      if (this.config.checkQuorum && !this.progress!.checkQuorumActive(this.membership)) {
        this.becomeFollower(this.term, null);
        return;
      }
      this.transferee = null;
    }
    if (this.heartbeatElapsed >= this.config.heartbeatTicks) {
      this.heartbeatElapsed = 0;
      this.broadcastHeartbeat();
    }
  }

  private campaign(pre: boolean, transfer: boolean): void {
    if (pre) {
      this.role = 'pre-candidate';
      this.leader = null;
    } else {
      this.becomeFollower(this.term + 1, null);
      this.role = 'candidate';
      this.vote = this.id;
    }
    this.votes.clear();
    this.votes.set(this.id, true);
    this.electionElapsed = 0;
    this.resetElectionTimeout();
    if (this.tally() === 'won') {
      if (pre) this.campaign(false, transfer);
      else this.becomeLeader();
      return;
    }
    const term = pre ? this.term + 1 : this.term;
    for (const voter of this.membership.voters) {
      if (voter === this.id) continue;
      this.send({ type: 'vote', to: voter, term, pre, lastIndex: this.log.lastIndex, lastTerm: this.log.lastTerm, transfer });
    }
  }

  private tally(): 'won' | 'lost' | 'pending' {
    let granted = 0;
    let rejected = 0;
    for (const voter of this.membership.voters) {
      const vote = this.votes.get(voter);
      if (vote === true) granted++;
      else if (vote === false) rejected++;
    }
    const quorum = quorumSize(this.membership);
    if (granted >= quorum) return 'won';
    if (rejected > this.membership.voters.length - quorum) return 'lost';
    return 'pending';
  }

  private becomeFollower(term: number, leader: NodeId | null): void {
    if (term > this.term) {
      this.term = term;
      this.vote = null;
    }
    if (this.role === 'leader') {
      for (const read of this.reads.drain()) this.deliverRead(read.requestId, read.from, 0, false);
    }
    this.role = 'follower';
    this.leader = leader;
    this.progress = null;
    this.transferee = null;
    this.votes.clear();
    this.electionElapsed = 0;
    this.resetElectionTimeout();
  }

  private becomeLeader(): void {
    this.role = 'leader';
    this.leader = this.id;
    this.progress = new ProgressTracker(this.id, peersOf(this.membership, this.id), this.log.lastIndex);
    this.electionElapsed = 0;
    this.heartbeatElapsed = 0;
    this.pendingConfIndex = this.log.lastIndex;
    // The noop tells the new leader which entries are committed (§8): ReadIndex waits for it.
    this.appendAsLeader({ type: 'noop' });
  }

  // ---- leader helpers -----------------------------------------------------------

  private refusal(): ProposeResult | null {
    if (this.role !== 'leader') return { ok: false, reason: 'not-leader', leader: this.leader };
    if (this.transferee !== null) return { ok: false, reason: 'transferring', leader: this.id };
    return null;
  }

  private appendAsLeader(content: { type: 'noop' } | { type: 'normal'; data: string } | { type: 'conf'; change: ConfChange }): ProposeResult {
    const entry = { ...content, index: this.log.lastIndex + 1, term: this.term } as Entry;
    this.log.append(entry);
    if (entry.type === 'conf') this.recomputeMembership();
    this.maybeCommit();
    for (const peer of this.progress!.peers.keys()) this.sendAppend(peer);
    return { ok: true, index: entry.index, term: entry.term };
  }

  private sendAppend(to: NodeId): void {
    const peer = this.progress!.peers.get(to)!;
    // A follower can only claim more than this log holds if a host broke the persistence
    // contract (a seeded bug): probe from our end instead of failing.
    peer.next = Math.min(peer.next, this.log.lastIndex + 1);
    const prevIndex = peer.next - 1;
    const prevTerm = prevIndex < this.log.snapshotIndex ? undefined : this.log.term(prevIndex);
    if (prevTerm === undefined) {
      const snapshot = this.log.snapshot!;
      this.send({ type: 'snapshot', to, snapshot });
      peer.next = snapshot.meta.index + 1;
      return;
    }
    const entries = this.log.slice(peer.next, peer.next + this.config.maxEntriesPerAppend - 1);
    this.send({ type: 'append', to, prevIndex, prevTerm, entries, commit: this.log.committed });
    const last = entries.at(-1);
    if (last !== undefined) peer.next = last.index + 1;
  }

  private broadcastHeartbeat(): number {
    const round = this.progress!.nextRound(this.ticks);
    for (const [peer, p] of this.progress!.peers) {
      this.send({ type: 'heartbeat', to: peer, commit: Math.min(p.match, this.log.committed), readRound: round });
    }
    return round;
  }

  private maybeCommit(): void {
    const selfMatch = isVoter(this.membership, this.id) ? this.log.lastIndex : 0;
    const index = this.progress!.quorumMatch(this.membership, selfMatch);
    if (index <= this.log.committed) return;
    // §5.4.2: only an entry of the leader's own term is committed by counting replicas.
    if (this.log.term(index) !== this.term && !this.config.bugs.has('old-term-commit')) return;
    this.commitTo(index);
    for (const peer of this.progress!.peers.keys()) this.sendAppend(peer);
    if (this.committedInTerm()) for (const read of this.reads.takeDeferred()) this.startRead(read.requestId, read.from);
    if (this.pendingConfIndex <= this.log.committed && !isVoter(this.membership, this.id)) this.becomeFollower(this.term, null);
  }

  private committedInTerm(): boolean {
    return this.log.term(this.log.committed) === this.term;
  }

  private requestRead(requestId: string, from: NodeId): void {
    if (!this.committedInTerm() && !this.config.bugs.has('no-noop')) this.reads.deferUntilTermCommitted(requestId, from);
    else this.startRead(requestId, from);
  }

  private startRead(requestId: string, from: NodeId): void {
    const index = this.log.committed;
    const soleVoter = this.membership.voters.length === 1 && isVoter(this.membership, this.id);
    if (soleVoter || (this.config.readMode === 'lease' && this.leaseHolds())) {
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
    if (!this.config.checkQuorum || this.transferee !== null) return false;
    const confirmed = this.progress!.quorumConfirmedTick(this.membership, this.ticks);
    return this.ticks < confirmed + this.config.electionTicks - 1;
  }

  private deliverRead(requestId: string, from: NodeId, index: number, ok: boolean): void {
    if (from === this.id) this.readStates.push({ requestId, index, ok });
    else this.send({ type: 'read-index-response', to: from, requestId, index, ok });
  }

  // ---- shared helpers -----------------------------------------------------------

  private commitTo(index: number): void {
    if (index > this.log.committed) this.log.committed = index;
  }

  private recomputeMembership(): void {
    const base = this.log.snapshot?.meta.membership ?? this.config.membership;
    this.membership = membershipAfter(base, this.log.slice(this.log.firstIndex, this.log.lastIndex));
    this.progress?.reconcile(peersOf(this.membership, this.id), this.log.lastIndex);
  }

  private resetElectionTimeout(): void {
    this.randomizedTimeout = this.random.int(this.config.electionTicks, 2 * this.config.electionTicks - 1);
  }

  private softChanged(): boolean {
    return this.prevSoft.leader !== this.leader || this.prevSoft.role !== this.role;
  }

  private hardChanged(): boolean {
    const h = this.prevHard;
    return h.term !== this.term || h.vote !== this.vote || h.commit !== this.log.committed;
  }

  private send(message: Outgoing): void {
    this.outbox.push({ from: this.id, term: this.term, ...message } as Message);
  }
}

