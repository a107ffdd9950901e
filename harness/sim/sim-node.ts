/**
 * One simulated node process: a Replica (null while down), its storage, its own clock
 * and the tick loop that runs on it. A paused node (SIGSTOP) processes nothing: its
 * timers are frozen and whatever reaches it waits in its inbox until it resumes.
 */
import type { Replica } from '../../impl/server/replica.js';
import type { NodeId } from '../../impl/raft/types.js';
import { SimClock } from './clock.js';
import type { EventQueue } from './event-queue.js';
import { MemoryStorage } from './memory-storage.js';

/** After its clock jumps ahead, a node catches up at most this many ticks at once. */
const MAX_CATCH_UP_TICKS = 100;
/** A Ready loop still not drained after this many rounds in one call is stuck. */
export const MAX_READY_ROUNDS = 1000;

/** A node whose host loop does not come to rest: reported as a violation, not a hang. */
export class SimHang extends Error {
  override readonly name = 'SimHang';
}

export interface SimNodeHost {
  readonly queue: EventQueue;
  readonly tickMs: number;
  /** A fresh Replica from the node's storage; it calls `node.readied()` on every Ready. */
  replica(node: SimNode): Replica;
}

export class SimNode {
  readonly storage = new MemoryStorage();
  readonly clock = new SimClock();
  replica: Replica | null = null;
  private pauses = 0;
  private inbox: Array<(replica: Replica) => void> = [];
  private nextTickLocal = 0;
  /** Bumped to cancel the pending tick event. */
  private tickArm = 0;
  /** While paused: local ms that were left until the next tick. */
  private frozenMs = 0;
  private readyRounds = 0;

  constructor(
    readonly id: NodeId,
    private readonly host: SimNodeHost,
  ) {}

  get up(): boolean {
    return this.replica !== null;
  }

  get paused(): boolean {
    return this.pauses > 0;
  }

  start(firstTickInMs: number): void {
    this.pauses = 0;
    this.inbox = [];
    this.replica = this.host.replica(this);
    this.nextTickLocal = this.clock.read(this.host.queue.now) + firstTickInMs;
    this.arm();
  }

  /** SIGKILL: unsynced writes are lost. False when it was already down. */
  kill(): boolean {
    if (this.replica === null) return false;
    this.replica = null;
    this.storage.loseUnsynced();
    this.pauses = 0;
    this.inbox = [];
    this.tickArm++;
    return true;
  }

  /** SIGSTOP; the returned function is SIGCONT (a no-op once this incarnation is gone). Null when down. */
  pause(): (() => void) | null {
    const incarnation = this.replica;
    if (incarnation === null) return null;
    if (this.pauses++ === 0) {
      this.frozenMs = Math.max(0, this.nextTickLocal - this.clock.read(this.host.queue.now));
      this.tickArm++;
    }
    return () => {
      if (this.replica !== incarnation || --this.pauses > 0) return;
      this.nextTickLocal = this.clock.read(this.host.queue.now) + this.frozenMs;
      this.arm();
      const waiting = this.inbox;
      this.inbox = [];
      for (const run of waiting) if (this.replica === incarnation && !this.paused) this.enter(run);
    };
  }

  /** Runs `work` on the node now, later if it is paused, never if it is down. */
  deliver(work: (replica: Replica) => void): void {
    if (this.replica === null) return;
    if (this.paused) this.inbox.push(work);
    else this.enter(work);
  }

  /** The clock changed: re-plan the next tick (`reanchor`: count the tick period from now, as after a heal). */
  clockChanged(reanchor: boolean): void {
    if (this.paused) {
      if (reanchor) this.frozenMs = this.host.tickMs;
      return;
    }
    if (reanchor) this.nextTickLocal = this.clock.read(this.host.queue.now) + this.host.tickMs;
    this.arm();
  }

  /** Called on every Ready the replica handles. */
  readied(): void {
    if (++this.readyRounds > MAX_READY_ROUNDS) {
      throw new SimHang(`hang: ${this.id}'s Ready loop did not drain after ${MAX_READY_ROUNDS} rounds`);
    }
  }

  private enter(work: (replica: Replica) => void): void {
    this.readyRounds = 0;
    work(this.replica!);
  }

  private arm(): void {
    if (this.replica === null || this.paused) return;
    const token = ++this.tickArm;
    const { queue } = this.host;
    queue.at(this.clock.trueTimeOf(this.nextTickLocal, queue.now), () => {
      if (token === this.tickArm) this.onTick();
    });
  }

  private onTick(): void {
    // A hair of slack: a skewed clock's read() and trueTimeOf() do not invert exactly in floating point.
    const local = this.clock.read(this.host.queue.now) + 1e-6;
    for (let n = 0; n < MAX_CATCH_UP_TICKS && this.nextTickLocal <= local && this.replica !== null; n++) {
      this.enter((replica) => replica.tick());
      this.nextTickLocal += this.host.tickMs;
    }
    if (this.nextTickLocal <= local) this.nextTickLocal = local + this.host.tickMs;
    this.arm();
  }
}
