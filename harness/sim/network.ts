/**
 * The simulated network between nodes, as unkind as a real one: each message is
 * delivered after a random delay (so messages reorder), a few seconds late (after
 * several elections: reordering across terms), twice (the copy an old message
 * re-delivered later), or not at all; directed links cut by partitions and grudges
 * deliver nothing, and links to slowed nodes take longer. All choices come from the
 * run's seeded random source.
 */
import type { Message, NodeId } from '../../impl/raft/types.js';
import type { SeededRandom } from '../../impl/raft/random.js';
import type { NetworkProfile } from '../faults/schedule.js';
import type { EventQueue } from './event-queue.js';

interface Slowdown {
  readonly nodes: ReadonlySet<NodeId>;
  readonly delayMs: number;
  readonly jitterMs: number;
}

const link = (from: NodeId, to: NodeId): string => `${from}>${to}`;

export class SimNetwork {
  /** Directed links cut, with how many cuts in force hold each. */
  private readonly cutLinks = new Map<string, number>();
  private readonly cuts = new Map<number, readonly string[]>();
  private readonly slowdowns = new Map<number, Slowdown>();
  private nextId = 0;
  delivered = 0;
  dropped = 0;

  constructor(
    private readonly queue: EventQueue,
    private readonly random: SeededRandom,
    private readonly profile: NetworkProfile,
    private readonly deliver: (message: Message) => void,
  ) {}

  send(message: Message): void {
    if (this.random.chance(this.profile.dropRate)) {
      this.dropped++;
      return;
    }
    this.deliverAfter(message, this.delay());
    if (this.random.chance(this.profile.duplicateRate)) this.deliverAfter(message, this.lateDelay());
  }

  private deliverAfter(message: Message, delayMs: number): void {
    this.queue.after(delayMs + this.slowdown(message.from, message.to), () => {
      if (this.isCut(message.from, message.to)) {
        this.dropped++;
        return;
      }
      this.delivered++;
      this.deliver(message);
    });
  }

  private delay(): number {
    const { minDelayMs, maxDelayMs, lateRate } = this.profile;
    return this.random.chance(lateRate) ? this.lateDelay() : this.random.int(minDelayMs, maxDelayMs);
  }

  /** Heavy-tailed: log-uniform between the usual worst case and `lateMaxMs`. */
  private lateDelay(): number {
    const low = Math.max(1, this.profile.maxDelayMs);
    const high = Math.max(low, this.profile.lateMaxMs);
    const u = this.random.int(0, 1_000_000) / 1_000_000;
    return Math.round(low * (high / low) ** u);
  }

  private slowdown(from: NodeId, to: NodeId): number {
    let extra = 0;
    for (const s of this.slowdowns.values()) {
      if (s.nodes.has(from) || s.nodes.has(to)) extra += s.delayMs + this.random.int(-s.jitterMs, s.jitterMs);
    }
    return Math.max(0, extra);
  }

  isCut(from: NodeId, to: NodeId): boolean {
    return this.cutLinks.size > 0 && (this.cutLinks.get(link(from, to)) ?? 0) > 0;
  }

  /** Cuts each directed link `[from, to]`; returns an id to heal them by. */
  cut(links: Iterable<readonly [NodeId, NodeId]>): number {
    const keys = [...links].map(([from, to]) => link(from, to));
    for (const key of keys) this.cutLinks.set(key, (this.cutLinks.get(key) ?? 0) + 1);
    const id = this.nextId++;
    this.cuts.set(id, keys);
    return id;
  }

  /** Cuts every link between different groups, both ways. */
  partition(groups: readonly (readonly NodeId[])[]): number {
    return this.cut(groups.flatMap((a) => groups.flatMap((b) => (a === b ? [] : a.flatMap((x) => b.map((y) => [x, y] as const))))));
  }

  /** Slows every link to or from `nodes`; returns an id to heal it by. */
  slow(nodes: readonly NodeId[], delayMs: number, jitterMs: number): number {
    const id = this.nextId++;
    this.slowdowns.set(id, { nodes: new Set(nodes), delayMs, jitterMs });
    return id;
  }

  heal(id: number): void {
    this.slowdowns.delete(id);
    for (const key of this.cuts.get(id) ?? []) {
      const left = this.cutLinks.get(key)! - 1;
      if (left === 0) this.cutLinks.delete(key);
      else this.cutLinks.set(key, left);
    }
    this.cuts.delete(id);
  }
}
