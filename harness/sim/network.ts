/**
 * The simulated network between nodes: each message is delivered after a random
 * delay (so messages reorder), or dropped, or duplicated; links cut by partitions
 * deliver nothing. All choices come from the run's seeded random source.
 */
import type { Message, NodeId } from '../../impl/raft/types.js';
import type { SeededRandom } from '../../impl/raft/random.js';
import type { EventQueue } from './event-queue.js';

export interface NetworkProfile {
  readonly minDelayMs: number;
  readonly maxDelayMs: number;
  readonly dropRate: number;
  readonly duplicateRate: number;
}

export class SimNetwork {
  /** Active partitions by id; a link is cut while any partition cuts it. */
  private readonly partitions = new Map<number, ReadonlySet<string>>();
  private nextPartition = 0;
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
    const copies = this.random.chance(this.profile.duplicateRate) ? 2 : 1;
    for (let i = 0; i < copies; i++) {
      this.queue.after(this.random.int(this.profile.minDelayMs, this.profile.maxDelayMs), () => {
        if (this.isCut(message.from, message.to)) {
          this.dropped++;
          return;
        }
        this.delivered++;
        this.deliver(message);
      });
    }
  }

  isCut(from: NodeId, to: NodeId): boolean {
    const link = `${from}>${to}`;
    for (const cut of this.partitions.values()) if (cut.has(link)) return true;
    return false;
  }

  /** Cuts every link between different groups; returns an id to heal it by. */
  partition(groups: readonly (readonly NodeId[])[]): number {
    const cut = new Set<string>();
    for (const a of groups) for (const b of groups) if (a !== b) for (const x of a) for (const y of b) cut.add(`${x}>${y}`);
    const id = this.nextPartition++;
    this.partitions.set(id, cut);
    return id;
  }

  heal(id: number): void {
    this.partitions.delete(id);
  }

  healAll(): void {
    this.partitions.clear();
  }
}
