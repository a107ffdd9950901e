/**
 * A system under test, as the harness sees it (Jepsen's DB and Client protocols): how
 * to start one of its nodes as a process, what a node says about itself, how its
 * membership changes, and a client for its key-value API. The harness does the rest
 * the same way for every system — processes, signals, proxies, clocks, faults, the
 * history — so nothing about a particular system is special-cased in the run loop.
 */
import type { Address } from '../real/ports.js';
import type { Orphan } from '../real/process/supervisor.js';

/** Everything the harness decided for one node before starting it. */
export interface NodePlan {
  readonly id: string;
  /** Where the node listens for its peers. */
  readonly peerListen: Address;
  /** Where the node listens for clients. */
  readonly clientListen: Address;
  /** Where this node dials each peer: each directed link is its own proxy. */
  readonly peers: ReadonlyMap<string, Address>;
  /** The node's data folder (kept across restarts), and the process's working folder. */
  readonly dataDir: string;
  /** A node started to join a running cluster (membership add) rather than to bootstrap it. */
  readonly joining: boolean;
  /** False when the node must outlive the harness (`--leave-running`). */
  readonly exitWithHarness: boolean;
  /**
   * At most this many log entries in one replication message, where the system lets it
   * be set (the schedule's `maxEntriesPerAppend`: small batches leave followers holding
   * part of a leader's log, as partly replicated tails of many terms need).
   */
  readonly maxEntriesPerAppend?: number;
}

/** How to run one node: a program, its arguments and environment (the harness adds its own, e.g. libfaketime). */
export interface NodeCommand {
  readonly file: string;
  readonly args: readonly string[];
  readonly env?: Readonly<Record<string, string>>;
  /**
   * How the node notices that the harness died: `stdin-eof` when it exits once its
   * stdin closes (the harness keeps a pipe open), `kill`: the kernel SIGKILLs it;
   * `survive` for a plan that says it must outlive the harness.
   */
  readonly orphan: Orphan;
}

export type Role = 'leader' | 'follower' | 'candidate' | 'learner' | 'other';

/** What a node says about itself; fields a system cannot tell are left out. */
export interface NodeStatus {
  readonly id: string;
  readonly role?: Role;
  readonly term?: number;
  /** Whom the node believes leads (null: nobody it knows of). */
  readonly leader?: string | null;
  /** The node's own wall clock (Date.now() there): how the harness sees a clock fault take hold. */
  readonly clock?: number;
  /** Voting members, as this node knows them. */
  readonly voters?: readonly string[];
}

/** What an operation came to (Jepsen's completion types). */
export type Outcome =
  | { readonly type: 'ok'; readonly value: unknown; readonly node?: string }
  /** Definitely did not happen and never will. */
  | { readonly type: 'fail'; readonly error: string; readonly node?: string }
  /** May have happened, or may still happen. */
  | { readonly type: 'info'; readonly error: string; readonly node?: string };

export type KvValue = string | number | boolean | null;

/** The key-value operations every workload is written against. */
export interface KvClient {
  read(key: string): Promise<Outcome>;
  write(key: string, value: KvValue): Promise<Outcome>;
  /** Sets `key` to `to` only if it holds `from`; a mismatch is a definite `fail` with error `cas-mismatch`. */
  cas(key: string, from: KvValue, to: KvValue): Promise<Outcome>;
}

export interface ClientOptions {
  /** A client's name, unique in the run (used for exactly-once sessions where the system has them). */
  readonly name: string;
  /** How long one request may take before it is abandoned. */
  readonly requestTimeoutMs: number;
  /** How long an operation may keep retrying (only where a retry is safe). */
  readonly opTimeoutMs: number;
}

export interface System {
  /** Short and stable: it names test folders and appears in test.json. */
  readonly name: string;
  /** Settings that describe this system in test.json (read mode, bugs, version…). */
  readonly description: Readonly<Record<string, unknown>>;
  /** Fails with one line when something the system needs is missing (a binary, a build). */
  preflight(): void;
  command(node: NodePlan): NodeCommand;
  /**
   * Asks a node about itself on its client address, directly (not through a proxy: the
   * harness's own view must not be cut by its faults). Rejects when it cannot answer.
   */
  status(node: string, clientListen: Address, timeoutMs: number): Promise<NodeStatus>;
  /** A KV client that reaches the cluster at `address` (a node's client route). */
  client(address: Address, options: ClientOptions): KvClient;
  /** Membership changes at run time, when the system has them. */
  readonly membership?: Membership;
  /**
   * For a system whose members all dial one advertised peer address per member (so
   * that `NodePlan.peers` cannot be passed on as they are): the Unix socket, by a path
   * relative to a node's working folder, through which a node dials `peer`. Every node
   * runs in its own data folder, and the harness serves this socket in every other
   * node's folder, relaying to the proxy from that node to `peer` — the same name
   * leads each node through its own link (docs/systems.md).
   */
  peerSocket?(peer: string): string;
  /**
   * Safety properties the system's nodes let the harness check from their own logs
   * (Raft's: one leader per term, one vote per term, the same entry applied at each
   * index everywhere, nothing acknowledged lost in a crash). A fresh checker for each
   * run; the harness feeds it every node's log lines while the run goes on and at its
   * end, and each finding makes the run invalid.
   */
  logInvariants?(): NodeLogChecker;
  /**
   * The term in which a line of a node's log says the node became leader (null for any
   * other line), when its logs say so: leader churn strikes a new leader within a few
   * milliseconds of this line, sooner than polling statuses finds it — at its first
   * commit when it holds over the last entries of a term it led before.
   */
  leadershipIn?(line: string): Leadership | null;
  /** Whether a line of a node's log says it applied entries (leader churn may strike a new leader at its first commit). */
  appliedIn?(line: string): boolean;
  /** The term in which a line of a node's log says the node stood for election (crash-voters strikes its voters then). */
  candidacyIn?(line: string): number | null;
}

/** A node's log says it became leader: in which term, and the term of the last entry of an earlier term it holds above its commit index (null: none, or not said). */
export interface Leadership {
  readonly term: number;
  readonly heldOverTerm: number | null;
}

/** Checks properties of a run from its nodes' logs, fed line by line. */
export interface NodeLogChecker {
  /** One complete line of `node`'s log (its stdout), in the order written, across restarts. */
  line(node: string, text: string): void;
  /** What was found so far, one line each (empty while every property holds). */
  readonly findings: readonly string[];
}

/** A member as the membership calls see it: reached directly, and how it dials the node being changed. */
export interface MemberRoute {
  readonly id: string;
  readonly clientListen: Address;
  /** Where this member dials the node being added (its proxy). */
  readonly dialsNode: Address;
}

export interface Membership {
  /** Adds a node that was started with `joining: true`; resolves once the cluster took it in. */
  add(node: string, members: readonly MemberRoute[], timeoutMs: number): Promise<void>;
  /** Removes a member; resolves once the removal is committed. */
  remove(node: string, members: readonly MemberRoute[], timeoutMs: number): Promise<void>;
}
