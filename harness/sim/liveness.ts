/**
 * Liveness, checked per run: with a majority of healthy voters that can all reach each
 * other, client ops must keep completing; and once every fault has healed and the
 * cluster had time to recover, every op must complete (none may time out).
 */
import type { NodeId } from '../../impl/raft/types.js';

export interface ClusterHealth {
  /** The distinct voter sets the running nodes hold. */
  voterSets(): readonly (readonly NodeId[])[];
  /** Up and running (not paused). */
  healthy(id: NodeId): boolean;
  /** Messages flow both ways between a and b. */
  connected(a: NodeId, b: NodeId): boolean;
  /**
   * A fault is in force that can stall even a healthy majority: skewed clocks, slowed
   * links (a slow leader keeps its followers but commits nothing in time), leader churn.
   */
  disturbed(): boolean;
}

/** The largest set of nodes among `nodes` that all reach each other (at most a few nodes: brute force). */
function largestClique(nodes: readonly NodeId[], connected: (a: NodeId, b: NodeId) => boolean, atLeast: number): NodeId[] | null {
  const pairs = (set: readonly NodeId[]): boolean => set.every((a, i) => set.slice(i + 1).every((b) => connected(a, b)));
  if (nodes.length < atLeast) return null;
  if (pairs(nodes)) return [...nodes];
  let best: NodeId[] | null = null;
  for (let mask = 1; mask < 1 << nodes.length; mask++) {
    const set = nodes.filter((_, i) => (mask >> i) & 1);
    if (set.length >= atLeast && set.length > (best?.length ?? 0) && pairs(set)) best = set;
  }
  return best;
}

/** A healthy, connected quorum of every voter set the nodes hold, or null when there is none. */
export function healthyQuorum(health: ClusterHealth): NodeId[] | null {
  if (health.disturbed()) return null;
  let quorum: NodeId[] | null = null;
  for (const voters of health.voterSets()) {
    const clique = largestClique(voters.filter((id) => health.healthy(id)), (a, b) => health.connected(a, b), Math.floor(voters.length / 2) + 1);
    if (clique === null) return null;
    quorum ??= clique;
  }
  return quorum;
}

/** No op completes for `stallMs` while a healthy majority is connected: the cluster is stuck. */
export class ProgressWatch {
  private healthySince: number | null = null;
  private lastProgress = 0;

  constructor(
    private readonly health: ClusterHealth,
    private readonly stallMs: number,
  ) {}

  progressed(now: number): void {
    this.lastProgress = now;
  }

  /** Call periodically; `waiting`: some client has an op open. Returns a violation, or null. */
  check(now: number, waiting: boolean): string | null {
    const quorum = healthyQuorum(this.health);
    if (quorum === null) {
      this.healthySince = null;
      return null;
    }
    this.healthySince ??= now;
    const stalled = now - Math.max(this.healthySince, this.lastProgress);
    if (!waiting || stalled < this.stallMs) return null;
    return `liveness: no op completed for ${Math.round(stalled)} ms while ${quorum.join(',')} (a majority) were healthy and connected`;
  }
}

/** After the last fault heals and `recoveryMs` pass, an op that times out is a violation. */
export class RecoveryWatch {
  private healedAt: number | null = null;

  constructor(private readonly recoveryMs: number) {}

  healed(now: number): void {
    this.healedAt ??= now;
  }

  /** The time from which every op must complete, once known. */
  get settledAt(): number | null {
    return this.healedAt === null ? null : this.healedAt + this.recoveryMs;
  }

  settled(now: number): boolean {
    const at = this.settledAt;
    return at !== null && now >= at;
  }

  /** An op invoked at `invokedAt` ended in a timeout. */
  timedOut(invokedAt: number, description: string): string | null {
    if (!this.settled(invokedAt)) return null;
    return `liveness: ${description}, invoked at ${Math.round(invokedAt)} ms, timed out although every fault had healed at ${Math.round(this.healedAt!)} ms`;
  }
}
