/**
 * The contract between the pure Raft core and the I/O around it (after etcd-io/raft's
 * Ready). The core never touches sockets, files, timers or clocks: the host calls
 * tick() on a fixed cadence and step() for each message received, then drains
 * ready(), persists what it says, sends its messages, applies its committed entries,
 * serves its read states, and calls advance().
 */
import type { Bugs } from '../bugs.js';

export type NodeId = string;

/** Cluster membership. Learners receive the log but neither vote nor count for quorum. */
export interface Membership {
  readonly voters: readonly NodeId[];
  readonly learners: readonly NodeId[];
}

export type ConfChange =
  | { readonly type: 'add-learner'; readonly node: NodeId }
  | { readonly type: 'promote'; readonly node: NodeId }
  | { readonly type: 'add-voter'; readonly node: NodeId }
  | { readonly type: 'remove'; readonly node: NodeId };

/** A log entry. `noop` is the empty entry a new leader commits to learn its commit index. */
export type Entry =
  | { readonly index: number; readonly term: number; readonly type: 'noop' }
  | { readonly index: number; readonly term: number; readonly type: 'normal'; readonly data: string }
  | { readonly index: number; readonly term: number; readonly type: 'conf'; readonly change: ConfChange };

/** What must survive a crash besides the log. */
export interface HardState {
  readonly term: number;
  readonly vote: NodeId | null;
  readonly commit: number;
}

export interface SnapshotMeta {
  readonly index: number;
  readonly term: number;
  readonly membership: Membership;
}

/** A state-machine snapshot: `data` is opaque to Raft (the KV store's serialised state). */
export interface Snapshot {
  readonly meta: SnapshotMeta;
  readonly data: string;
}

interface Envelope {
  readonly from: NodeId;
  readonly to: NodeId;
  readonly term: number;
}

export type Message =
  | (Envelope & {
      readonly type: 'vote';
      /** A pre-vote does not bump anyone's term; `term` is the term the candidate would take. */
      readonly pre: boolean;
      readonly lastIndex: number;
      readonly lastTerm: number;
      /** Set when leadership transfer asked for this election: bypasses leader stickiness. */
      readonly transfer: boolean;
    })
  | (Envelope & { readonly type: 'vote-response'; readonly pre: boolean; readonly granted: boolean })
  | (Envelope & {
      readonly type: 'append';
      readonly prevIndex: number;
      readonly prevTerm: number;
      readonly entries: readonly Entry[];
      readonly commit: number;
    })
  | (Envelope & {
      readonly type: 'append-response';
      readonly success: boolean;
      /** On success the highest index known to match; on failure the follower's last index. */
      readonly index: number;
      /** Fast backup hints on failure: the conflicting term and the first index the follower holds of it. */
      readonly conflictTerm: number;
      readonly conflictIndex: number;
    })
  | (Envelope & {
      readonly type: 'heartbeat';
      readonly commit: number;
      /** ReadIndex round this heartbeat confirms leadership for (0 when none). */
      readonly readRound: number;
    })
  | (Envelope & { readonly type: 'heartbeat-response'; readonly readRound: number })
  | (Envelope & { readonly type: 'snapshot'; readonly snapshot: Snapshot })
  | (Envelope & { readonly type: 'timeout-now' })
  /** A follower forwards a client's ReadIndex request to the leader. */
  | (Envelope & { readonly type: 'read-index'; readonly requestId: string })
  | (Envelope & { readonly type: 'read-index-response'; readonly requestId: string; readonly index: number; readonly ok: boolean });

export type MessageType = Message['type'];

/**
 * A read that is linearizable once the state machine has applied up to `index`.
 * `ok: false` means the request was dropped (no leader, leadership lost): retry.
 */
export interface ReadState {
  readonly requestId: string;
  readonly index: number;
  readonly ok: boolean;
}

export type Role = 'follower' | 'pre-candidate' | 'candidate' | 'leader';

export interface SoftState {
  readonly leader: NodeId | null;
  readonly role: Role;
}

/**
 * Everything the host must do, in this order:
 *  1. persist `snapshot` (if any), then `entries` (replacing any stored entries at
 *     and after entries[0].index), then `hardState` (if any) — and fsync;
 *  2. only then send `messages` (they may depend on what was just persisted);
 *  3. restore `snapshot` into the state machine, apply `committed` in order;
 *  4. serve each read in `reads` once applied index >= its index;
 *  5. call advance(ready).
 */
export interface Ready {
  readonly softState: SoftState | null;
  readonly hardState: HardState | null;
  readonly entries: readonly Entry[];
  readonly snapshot: Snapshot | null;
  readonly messages: readonly Message[];
  readonly committed: readonly Entry[];
  readonly reads: readonly ReadState[];
}

/** What a node restarts from: only what was persisted. */
export interface PersistedState {
  readonly hardState: HardState;
  readonly snapshot: Snapshot | null;
  /** Entries after the snapshot, contiguous. */
  readonly entries: readonly Entry[];
}

export type ReadMode =
  /** ReadIndex: confirm leadership with a heartbeat round; always safe. */
  | 'read-index'
  /** Lease: serve while the leader's lease holds; safe only under bounded clock drift. */
  | 'lease';

export interface RaftConfig {
  readonly id: NodeId;
  /** Membership at bootstrap (ignored when the persisted state carries a snapshot or conf entries). */
  readonly membership: Membership;
  /** Ticks of silence before a follower starts an election; randomized in [electionTicks, 2*electionTicks). */
  readonly electionTicks: number;
  readonly heartbeatTicks: number;
  readonly preVote: boolean;
  readonly checkQuorum: boolean;
  readonly readMode: ReadMode;
  /** Max entries in one append message. */
  readonly maxEntriesPerAppend: number;
  /** Seed for the node's randomized election timeout (the core owns no other randomness). */
  readonly seed: number;
  readonly bugs: Bugs;
}

export type ProposeResult =
  | { readonly ok: true; readonly index: number; readonly term: number }
  | {
      readonly ok: false;
      /** learner-behind: a promotion waits until the learner has caught up with the commit index. */
      readonly reason: 'not-leader' | 'transferring' | 'conf-change-pending' | 'learner-behind';
      readonly leader: NodeId | null;
    };

export interface Status {
  readonly id: NodeId;
  readonly role: Role;
  readonly term: number;
  readonly vote: NodeId | null;
  readonly leader: NodeId | null;
  readonly commit: number;
  readonly applied: number;
  readonly firstIndex: number;
  readonly lastIndex: number;
  readonly membership: Membership;
  /** Leader only: per-peer match index. */
  readonly progress: Readonly<Record<NodeId, { readonly match: number; readonly next: number }>>;
}

/**
 * The core's public surface (implemented by RaftNode in node.ts):
 *
 *   const node = new RaftNode(config, persisted | null)
 *   node.tick(); node.step(message)
 *   node.propose(data) / node.proposeConfChange(change) -> ProposeResult
 *   node.readIndex(requestId)              // result arrives later in ready().reads
 *   node.transferLeadership(to)
 *   node.compact(index, data) -> Snapshot  // host took a snapshot at an applied index; it persists it
 *   node.hasReady(); node.ready(); node.advance(ready)
 *   node.durableCommitted(after)           // committed and persisted here: appliable while a Ready is being persisted
 *   node.status()
 */
export interface RaftCore {
  tick(): void;
  step(message: Message): void;
  propose(data: string): ProposeResult;
  proposeConfChange(change: ConfChange): ProposeResult;
  readIndex(requestId: string): void;
  transferLeadership(to: NodeId): void;
  /** Records a state-machine snapshot at an applied index and drops the entries it covers; the host persists it. */
  compact(index: number, data: string): Snapshot | null;
  hasReady(): boolean;
  ready(): Ready;
  advance(ready: Ready): void;
  durableCommitted(after: number): Entry[];
  status(): Status;
}
