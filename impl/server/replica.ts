/**
 * One node's host loop around the pure core: it drains Ready (persist, sync, send,
 * apply, serve reads), turns client requests into proposals and ReadIndex requests,
 * and compacts the log. The simulator and the real server both drive it; they differ
 * only in the Storage and Transport they hand it and in how time passes.
 */
import type { Bugs } from '../bugs.js';
import { decodeCommand, encodeCommand, NO_SESSION, type Command, type CommandResult, type ExecutedRequest, type Value } from '../kv/commands.js';
import { KvStore } from '../kv/store.js';
import { RaftNode } from '../raft/node.js';
import type { ConfChange, Entry, Message, NodeId, ProposeResult, RaftConfig, ReadMode, Ready } from '../raft/types.js';
import type { Storage } from './storage.js';

const LAZY_SYNC_TICKS = 5;

export interface Transport {
  send(message: Message): void;
  /** Puts what was sent so far on the wire now rather than at the end of the turn (optional). */
  flush?(): void;
}

/**
 * What a leader sends to replicate: it may leave before the leader's own fsync (Raft
 * thesis §10.2.1), so that the followers' fsyncs overlap the leader's. Safe here because
 * sync() returns before any acknowledgement can be received and counted.
 */
const LEADER_REPLICATION: ReadonlySet<Message['type']> = new Set(['append', 'heartbeat', 'snapshot']);
// (With an asynchronous sync an acknowledgement may be counted before the leader's own
// fsync returns, but nothing a commit decides can leave before it: Readies are serial,
// and applyDurable only applies entries the core knows this node has persisted.)

export type ClientOutcome =
  | { readonly kind: 'ok'; readonly value: Value }
  /** Definitely not applied (a cas that did not match — `actual` is what it found —, a read with no leader, an overwritten proposal, a refused membership change). */
  | { readonly kind: 'fail'; readonly error: string; readonly actual?: Value }
  /** Not the leader: ask `leader` instead (null when unknown). Nothing was done. */
  | { readonly kind: 'redirect'; readonly leader: NodeId | null };

export type Reply = (outcome: ClientOutcome) => void;

/**
 * How reads are served: the core's two linearizable modes, or `local` — straight from
 * this node's state machine, on any node, without asking anyone (stale by design).
 */
export type ReplicaReadMode = ReadMode | 'local';

export interface ReplicaOptions {
  /** The core's configuration; its read mode follows from `readMode`. */
  readonly raft: Omit<RaftConfig, 'readMode'>;
  readonly readMode: ReplicaReadMode;
  readonly storage: Storage;
  readonly transport: Transport;
  /** Take a snapshot once this many entries were applied since the last one. */
  readonly compactEvery: number;
  /** Sees every Ready before it is handled (the simulator checks invariants here). */
  readonly observe?: (ready: Ready) => void;
  /**
   * Sees every Ready once it is done: its records synced, its messages handed to the
   * transport, its entries applied — with the client requests carried out since the last
   * call (some of them from entries a later Ready commits: see applyDurable).
   */
  readonly done?: (ready: Ready, executed: readonly ExecutedRequest[]) => void;
  /**
   * When given, Ready is drained once per `defer` callback instead of after every call:
   * everything that arrives in one event-loop turn shares one Ready and one fsync (group
   * commit). The simulator omits it and stays step-by-step deterministic.
   */
  readonly defer?: (run: () => void) => void;
}

interface PendingWrite {
  readonly term: number;
  readonly reply: Reply;
}

interface PendingRead {
  readonly key: string;
  readonly reply: Reply;
}

export class Replica {
  readonly raft: RaftNode;
  private kv: KvStore;
  private readonly bugs: Bugs;
  private applied: number;
  private snapshotIndex: number;
  private readonly writes = new Map<number, PendingWrite>();
  /** Client requests carried out since the last done Ready. */
  private readonly executed: ExecutedRequest[] = [];
  private readonly readsById = new Map<string, PendingRead>();
  private waitingReads: Array<{ index: number; read: PendingRead }> = [];
  private nextReadId = 0;
  /** With lazy-fsync, staged writes reach the disk only every few ticks, like a page cache. */
  private unsynced = false;
  private ticksSinceSync = 0;
  private processScheduled = false;
  /** An asynchronous fsync is in flight: the next Ready waits for it. */
  private syncing = false;
  private readonly idleWaiters: Array<() => void> = [];

  constructor(private readonly options: ReplicaOptions) {
    this.bugs = options.raft.bugs;
    const persisted = options.storage.load();
    this.raft = new RaftNode({ ...options.raft, readMode: options.readMode === 'lease' ? 'lease' : 'read-index' }, persisted);
    const snapshot = persisted?.snapshot ?? null;
    this.kv = snapshot === null ? new KvStore(this.bugs) : KvStore.restore(snapshot.data, this.bugs);
    this.applied = snapshot?.meta.index ?? 0;
    this.snapshotIndex = this.applied;
  }

  get id(): NodeId {
    return this.options.raft.id;
  }

  tick(): void {
    if (this.unsynced && ++this.ticksSinceSync >= LAZY_SYNC_TICKS) {
      this.options.storage.sync();
      this.unsynced = false;
      this.ticksSinceSync = 0;
    }
    this.raft.tick();
    this.schedule();
  }

  receive(message: Message): void {
    this.raft.step(message);
    if (this.syncing) this.applyDurable();
    this.schedule();
  }

  write(command: Command, reply: Reply): void {
    this.propose(this.raft.propose(encodeCommand(command)), reply);
  }

  /** A membership change; answered `ok` (value null) once its entry applies. */
  configure(change: ConfChange, reply: Reply): void {
    this.propose(this.raft.proposeConfChange(change), reply);
  }

  read(key: string, reply: Reply): void {
    if (this.options.readMode === 'local' || this.bugs.has('stale-read')) {
      reply({ kind: 'ok', value: this.kv.get(key) });
      return;
    }
    const status = this.raft.status();
    if (status.role !== 'leader') {
      reply({ kind: 'redirect', leader: status.leader });
      return;
    }
    const id = `${this.id}:${this.nextReadId++}`;
    this.readsById.set(id, { key, reply });
    this.raft.readIndex(id);
    this.schedule();
  }

  private propose(result: ProposeResult, reply: Reply): void {
    if (!result.ok) {
      const refused = result.reason === 'conf-change-pending' || result.reason === 'learner-behind';
      reply(refused ? { kind: 'fail', error: result.reason } : { kind: 'redirect', leader: result.leader });
      return;
    }
    this.writes.set(result.index, { term: result.term, reply });
    this.schedule();
  }

  private schedule(): void {
    const defer = this.options.defer;
    if (defer === undefined) return this.process();
    if (this.processScheduled) return;
    this.processScheduled = true;
    defer(() => {
      this.processScheduled = false;
      this.process();
    });
  }

  /**
   * Drains Ready in the order the contract demands (types.ts). With an asynchronous
   * sync (storage.syncAsync, deferred mode) the rest of a Ready waits for its fsync while
   * the event loop goes on; whatever arrives meanwhile forms the next Ready.
   */
  process(): void {
    if (this.syncing) return;
    const { storage } = this.options;
    while (this.raft.hasReady()) {
      const rd = this.raft.ready();
      this.options.observe?.(rd);
      for (const message of rd.messages) if (LEADER_REPLICATION.has(message.type)) this.options.transport.send(message);
      this.options.transport.flush?.();
      storage.save(rd.snapshot, rd.entries, rd.hardState);
      if (this.bugs.has('lazy-fsync')) this.unsynced = true;
      else if (this.options.defer !== undefined && storage.syncAsync !== undefined) {
        this.syncing = storage.syncAsync(() => {
          this.syncing = false;
          this.finish(rd);
          for (const wake of this.idleWaiters.splice(0)) wake();
          this.process();
        });
        if (this.syncing) return;
      } else storage.sync();
      this.finish(rd);
    }
  }

  /** Resolves when no fsync is in flight (before closing the storage). */
  idle(): Promise<void> {
    return this.syncing ? new Promise((resolve) => this.idleWaiters.push(resolve)) : Promise.resolve();
  }

  /** Everything of a Ready that must wait for its records to be durable. */
  private finish(rd: Ready): void {
    for (const message of rd.messages) if (!LEADER_REPLICATION.has(message.type)) this.options.transport.send(message);
    if (rd.snapshot !== null) {
      this.kv = KvStore.restore(rd.snapshot.data, this.bugs);
      this.applied = this.snapshotIndex = rd.snapshot.meta.index;
    }
    for (const entry of rd.committed) if (entry.index > this.applied) this.apply(entry);
    for (const state of rd.reads) {
      const read = this.readsById.get(state.requestId);
      if (read === undefined) continue;
      this.readsById.delete(state.requestId);
      if (state.ok) this.waitingReads.push({ index: state.index, read });
      else read.reply({ kind: 'fail', error: 'no-leader' });
    }
    // Drained whether or not anyone listens: the list would otherwise grow with every write.
    const executed = this.executed.splice(0);
    this.options.done?.(rd, executed);
    this.raft.advance(rd);
    this.serveReads();
    this.maybeCompact();
  }

  /**
   * While a Ready's fsync is in flight, an acknowledgement may commit entries this node
   * already holds durably: they are applied and answered now rather than after that
   * fsync (etcd applies alongside its WAL write). A reply still never precedes the fsync
   * of its entry here, and the entry is durable on a quorum.
   */
  private applyDurable(): void {
    const entries = this.raft.durableCommitted(this.applied);
    if (entries.length === 0) return;
    for (const entry of entries) this.apply(entry);
    this.serveReads();
  }

  private apply(entry: Entry): void {
    let result: CommandResult = { ok: true, value: null };
    if (entry.type === 'normal') {
      const command = decodeCommand(entry.data);
      const applied = this.kv.apply(command);
      result = applied.result;
      if (applied.executed && command.seq !== NO_SESSION.seq) this.executed.push({ index: entry.index, client: command.client, seq: command.seq });
    }
    this.applied = entry.index;
    const pending = this.writes.get(entry.index);
    if (pending === undefined) return;
    this.writes.delete(entry.index);
    if (pending.term !== entry.term) pending.reply({ kind: 'fail', error: 'overwritten' });
    else if (result.ok) pending.reply({ kind: 'ok', value: result.value });
    else pending.reply({ kind: 'fail', error: result.error, actual: result.actual });
  }

  private serveReads(): void {
    if (this.waitingReads.length === 0) return;
    const ready = this.waitingReads.filter((w) => w.index <= this.applied);
    this.waitingReads = this.waitingReads.filter((w) => w.index > this.applied);
    for (const { read } of ready) read.reply({ kind: 'ok', value: this.kv.get(read.key) });
  }

  private maybeCompact(): void {
    if (this.applied - this.snapshotIndex < this.options.compactEvery) return;
    const snapshot = this.raft.compact(this.applied, this.kv.toSnapshot());
    if (snapshot === null) return;
    this.options.storage.saveSnapshot(snapshot);
    this.snapshotIndex = snapshot.meta.index;
  }
}
