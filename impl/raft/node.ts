/**
 * One Raft peer as a pure state machine (after etcd-io/raft). See types.ts for the
 * contract with the host: tick(), step(), propose(), then ready() / advance().
 */
import { Leader, type LeaderContext, type Outgoing } from './leader.js';
import { RaftLog } from './log.js';
import { isVoter, membershipAfter, peersOf, quorumSize } from './membership.js';
import { SeededRandom } from './random.js';
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

export class RaftNode implements RaftCore {
  private readonly id: NodeId;
  private readonly random: SeededRandom;
  private readonly log: RaftLog;
  private term: number;
  private vote: NodeId | null;
  private leader: NodeId | null = null;
  private role: Role = 'follower';
  private membership: Membership;

  /** Ticks since this node heard from a leader (a leader keeps its own clocks). */
  private electionElapsed = 0;
  private randomizedTimeout = 0;
  /** Ticks since start: the leader's clock for leases. */
  private ticks = 0;
  private readonly votes = new Map<NodeId, boolean>();
  /** Present exactly while this node leads. */
  private lead: Leader | null = null;

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
    if (this.lead !== null) this.lead.tick();
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
    return this.lead?.propose(data) ?? this.notLeader();
  }

  proposeConfChange(change: ConfChange): ProposeResult {
    return this.lead?.proposeConfChange(change) ?? this.notLeader();
  }

  readIndex(requestId: string): void {
    if (this.lead !== null) this.lead.read(requestId, this.id);
    else if (this.leader !== null) this.send({ type: 'read-index', to: this.leader, requestId });
    else this.readStates.push({ requestId, index: 0, ok: false });
  }

  transferLeadership(to: NodeId): void {
    this.lead?.transfer(to);
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

  /**
   * Committed entries after index `after` that this node holds durably (persisted by a
   * Ready it has advanced past). A host still persisting a Ready may apply them at once,
   * as etcd applies alongside its WAL write; later Readies list them in `committed` again.
   */
  durableCommitted(after: number): Entry[] {
    if (after < this.log.snapshotIndex) return [];
    return this.log.slice(after + 1, Math.min(this.log.committed, this.log.stable));
  }

  /** The entry at `index` in this node's log (undefined when compacted away or beyond the end): for invariant checks. */
  entry(index: number): Entry | undefined {
    return this.log.entry(index);
  }

  status(): Status {
    const progress: Record<NodeId, { match: number; next: number }> = {};
    for (const [peer, p] of this.lead?.progress.peers ?? []) progress[peer] = { match: p.match, next: p.next };
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
        return this.lead?.onAppendResponse(m);
      case 'heartbeat-response':
        return this.lead?.onHeartbeatResponse(m);
      case 'timeout-now':
        if (isVoter(this.membership, this.id)) this.campaign(false, true);
        return;
      case 'read-index':
        if (this.lead !== null) this.lead.read(m.requestId, m.from);
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
    // An overwritten suffix may have held a conf entry: the membership then reverts (§4.1).
    const overwrites = m.entries.some((e) => this.log.term(e.index) !== undefined && this.log.term(e.index) !== e.term);
    const lastNew = this.log.appendAfter(m.prevIndex, m.entries);
    if (overwrites || m.entries.some((e) => e.type === 'conf')) this.recomputeMembership();
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

  // ---- roles ------------------------------------------------------------------

  private tickElection(): void {
    this.electionElapsed++;
    if (this.electionElapsed >= this.randomizedTimeout && isVoter(this.membership, this.id)) {
      this.campaign(this.config.preVote, false);
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
    this.lead?.resign();
    this.lead = null;
    this.role = 'follower';
    this.leader = leader;
    this.votes.clear();
    this.electionElapsed = 0;
    this.resetElectionTimeout();
  }

  private becomeLeader(): void {
    this.role = 'leader';
    this.leader = this.id;
    this.electionElapsed = 0;
    this.lead = new Leader(this.leaderContext());
  }

  private leaderContext(): LeaderContext {
    return {
      id: this.id,
      config: this.config,
      log: this.log,
      term: () => this.term,
      membership: () => this.membership,
      ticks: () => this.ticks,
      send: (message) => this.send(message),
      readState: (state) => this.readStates.push(state),
      membershipChanged: () => this.recomputeMembership(),
      stepDown: () => this.becomeFollower(this.term, null),
    };
  }

  private notLeader(): ProposeResult {
    return { ok: false, reason: 'not-leader', leader: this.leader };
  }

  // ---- shared helpers -----------------------------------------------------------

  private commitTo(index: number): void {
    if (index > this.log.committed) this.log.committed = index;
  }

  private recomputeMembership(): void {
    const base = this.log.snapshot?.meta.membership ?? this.config.membership;
    this.membership = membershipAfter(base, this.log.slice(this.log.firstIndex, this.log.lastIndex));
    this.lead?.progress.reconcile(peersOf(this.membership, this.id), this.log.lastIndex);
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

