/**
 * A tiny message pump for testing the core without processes: N RaftNodes, their
 * persisted state kept in memory, messages delivered in order unless a link is cut,
 * and crash/restart from persisted state only. It checks the Raft safety properties
 * as it goes.
 */
import { NO_BUGS, type Bugs } from '../../bugs.js';
import { RaftNode } from '../node.js';
import { SeededRandom } from '../random.js';
import type { Entry, HardState, Message, NodeId, RaftConfig, ReadState, Snapshot } from '../types.js';

/** The timing and features the core's tests run with (as a deployment would: pre-vote and check-quorum on). */
export const TEST_TIMING: Pick<RaftConfig, 'electionTicks' | 'heartbeatTicks' | 'preVote' | 'checkQuorum' | 'readMode' | 'maxEntriesPerAppend'> = {
  electionTicks: 10,
  heartbeatTicks: 2,
  preVote: true,
  checkQuorum: true,
  readMode: 'read-index',
  maxEntriesPerAppend: 64,
};

/** Readies in a row after which a node that still has one is spinning (a broken core), not working. */
export const MAX_READY_ROUNDS = 1000;

interface Disk {
  hard: HardState;
  snapshot: Snapshot | null;
  entries: Entry[];
}

export interface ClusterOptions {
  readonly ids: readonly NodeId[];
  readonly learners?: readonly NodeId[];
  readonly config?: Partial<Omit<RaftConfig, 'id' | 'membership'>>;
  readonly bugs?: Bugs;
  /** An unreliable network: drops this share of messages and delivers each batch in random order. */
  readonly unreliable?: { readonly dropRate: number; readonly seed: number };
}

export class TestCluster {
  readonly nodes = new Map<NodeId, RaftNode>();
  readonly disks = new Map<NodeId, Disk>();
  /** Commands each node applied, by log index (what the state machine saw). */
  readonly applied = new Map<NodeId, Map<number, string>>();
  /**
   * The lowest term of a node that applied each index (entries restored from snapshots
   * are left out): the entry was committed in that term or earlier.
   */
  readonly appliedInTerm = new Map<number, number>();
  readonly reads = new Map<NodeId, ReadState[]>();
  readonly inFlight: Message[] = [];
  private readonly cut = new Set<string>();
  /** The leader of each term ever seen (election safety). */
  readonly leaders = new Map<number, NodeId>();
  private readonly configs = new Map<NodeId, RaftConfig>();
  private readonly chaos: SeededRandom | null;

  constructor(private readonly options: ClusterOptions) {
    this.chaos = options.unreliable ? new SeededRandom(options.unreliable.seed) : null;
    for (const id of [...options.ids, ...(options.learners ?? [])]) this.start(id, this.configFor(id, 0));
  }

  configFor(id: NodeId, seedOffset: number): RaftConfig {
    return {
      id,
      membership: { voters: [...this.options.ids], learners: [...(this.options.learners ?? [])] },
      ...TEST_TIMING,
      seed: id.split('').reduce((h, c) => h * 31 + c.charCodeAt(0), 7) + seedOffset,
      bugs: this.options.bugs ?? NO_BUGS,
      ...this.options.config,
    };
  }

  /** Starts (or restarts) a node from what its disk holds. */
  start(id: NodeId, config = this.configs.get(id) ?? this.configFor(id, 0)): void {
    this.configs.set(id, config);
    const disk = this.disks.get(id);
    this.nodes.set(id, new RaftNode(config, disk ? { hardState: disk.hard, snapshot: disk.snapshot, entries: disk.entries } : null));
    if (!disk) this.disks.set(id, { hard: { term: 0, vote: null, commit: 0 }, snapshot: null, entries: [] });
    const applied = new Map<number, string>();
    const snapshot = this.disks.get(id)!.snapshot;
    if (snapshot !== null) for (const [i, d] of JSON.parse(snapshot.data) as Array<[number, string]>) applied.set(i, d);
    this.applied.set(id, applied);
    this.reads.set(id, []);
  }

  crash(id: NodeId): void {
    this.nodes.delete(id);
  }

  node(id: NodeId): RaftNode {
    const node = this.nodes.get(id);
    if (!node) throw new Error(`${id} is down`);
    return node;
  }

  /** Cuts both directions between each pair of groups. */
  partition(...groups: NodeId[][]): void {
    this.cut.clear();
    for (const a of groups) for (const b of groups) if (a !== b) for (const x of a) for (const y of b) this.cut.add(`${x}>${y}`);
  }

  isolate(id: NodeId): void {
    const others = [...this.disks.keys()].filter((n) => n !== id);
    this.partition([id], others);
  }

  heal(): void {
    this.cut.clear();
  }

  /** Drains every node's Ready: persist, queue messages, apply, record reads. A loop that never drains fails the test instead of hanging it. */
  processAll(): void {
    for (const [id, node] of this.nodes) {
      for (let rounds = 0; node.hasReady(); rounds++) {
        if (rounds >= MAX_READY_ROUNDS) throw new Error(`hang: ${id}'s Ready loop did not drain after ${MAX_READY_ROUNDS} rounds`);
        const rd = node.ready();
        const disk = this.disks.get(id)!;
        if (rd.snapshot) {
          disk.snapshot = rd.snapshot;
          disk.entries = disk.entries.filter((e) => e.index > rd.snapshot!.meta.index);
          const applied = new Map<number, string>();
          for (const [i, d] of JSON.parse(rd.snapshot.data) as Array<[number, string]>) applied.set(i, d);
          this.applied.set(id, applied);
        }
        if (rd.entries.length > 0) {
          const first = rd.entries[0]!.index;
          disk.entries = [...disk.entries.filter((e) => e.index < first), ...rd.entries];
        }
        if (rd.hardState) disk.hard = rd.hardState;
        this.inFlight.push(...rd.messages);
        for (const entry of rd.committed) this.apply(id, entry);
        this.reads.get(id)!.push(...rd.reads);
        node.advance(rd);
        this.checkLeader(node);
      }
    }
  }

  private apply(id: NodeId, entry: Entry): void {
    const data = entry.type === 'normal' ? entry.data : entry.type === 'conf' ? `conf:${JSON.stringify(entry.change)}` : 'noop';
    this.applied.get(id)!.set(entry.index, data);
    const term = this.nodes.get(id)!.status().term;
    this.appliedInTerm.set(entry.index, Math.min(term, this.appliedInTerm.get(entry.index) ?? Infinity));
    for (const [other, applied] of this.applied) {
      const theirs = applied.get(entry.index);
      if (theirs !== undefined && theirs !== data) {
        throw new Error(`state machine safety: ${id} applied ${data} at ${entry.index}, ${other} applied ${theirs}`);
      }
    }
  }

  private checkLeader(node: RaftNode): void {
    const s = node.status();
    if (s.role !== 'leader') return;
    const known = this.leaders.get(s.term);
    if (known !== undefined && known !== s.id) throw new Error(`election safety: ${known} and ${s.id} both lead term ${s.term}`);
    this.leaders.set(s.term, s.id);
  }

  /** Delivers queued messages (and what they cause) until none is left, at most `limit` rounds. */
  deliverAll(limit = 1000): void {
    this.processAll();
    for (let round = 0; round < limit && this.inFlight.length > 0; round++) {
      const batch = this.inFlight.splice(0);
      if (this.chaos !== null) shuffle(batch, this.chaos);
      for (const m of batch) {
        if (this.cut.has(`${m.from}>${m.to}`)) continue;
        if (this.chaos !== null && this.chaos.chance(this.options.unreliable!.dropRate)) continue;
        this.nodes.get(m.to)?.step(m);
      }
      this.processAll();
    }
  }

  /** Advances virtual time: every live node ticks, then the network settles. */
  run(ticks: number): void {
    for (let t = 0; t < ticks; t++) {
      for (const node of this.nodes.values()) node.tick();
      this.deliverAll();
    }
  }

  /** The one leader among live nodes with the highest term, if any. */
  leader(): NodeId | null {
    let best: { id: NodeId; term: number } | null = null;
    for (const node of this.nodes.values()) {
      const s = node.status();
      if (s.role === 'leader' && (best === null || s.term > best.term)) best = { id: s.id, term: s.term };
    }
    return best?.id ?? null;
  }

  /** Runs until a leader exists (or throws after `ticks`). */
  electLeader(ticks = 200): NodeId {
    for (let t = 0; t < ticks; t++) {
      const leader = this.leader();
      if (leader !== null && this.nodes.get(leader)!.status().commit > 0) return leader;
      this.run(1);
    }
    throw new Error('no leader elected');
  }

  /** Proposes through the current leader and lets the network settle. */
  commit(data: string): number {
    const leader = this.electLeader();
    const result = this.node(leader).propose(data);
    if (!result.ok) throw new Error(`proposal refused: ${result.reason}`);
    this.deliverAll();
    return result.index;
  }

  /** The data each live node applied, in index order. */
  appliedData(id: NodeId): string[] {
    const applied = this.applied.get(id)!;
    return [...applied.keys()].sort((a, b) => a - b).map((i) => applied.get(i)!).filter((d) => d !== 'noop');
  }

  /** Takes a snapshot of what `id` applied and compacts its log. */
  compact(id: NodeId): void {
    const node = this.node(id);
    const applied = this.applied.get(id)!;
    const index = node.status().applied;
    const data = JSON.stringify([...applied.entries()].filter(([i]) => i <= index).sort(([a], [b]) => a - b));
    const snapshot = node.compact(index, data);
    if (snapshot) {
      const disk = this.disks.get(id)!;
      disk.snapshot = snapshot;
      disk.entries = disk.entries.filter((e) => e.index > index);
    }
  }
}

function shuffle<T>(items: T[], random: SeededRandom): void {
  for (let i = items.length - 1; i > 0; i--) {
    const j = random.int(0, i);
    [items[i], items[j]] = [items[j]!, items[i]!];
  }
}
