/** What a fault's realisation works with, and what it hands back. */
import type { NemesisF } from '../../faults/events.js';
import type { Target } from '../../faults/schedule.js';
import type { Cluster } from '../cluster.js';
import type { LeadershipFeed } from '../leadership-feed.js';

export interface NemesisContext {
  readonly cluster: Cluster;
  /** Milliseconds to wait for the cluster to take a membership change. */
  readonly membershipTimeoutMs: number;
  /** The next id for a node the membership nemesis adds. */
  newNodeId(): string;
  /** Logs a line about the nemesis's own trouble (a heal that failed…) to the run's output. */
  warn(message: string): void;
  /** Resolves at the next change the cluster acknowledges to a client (true), or after `withinMs` (false). */
  acknowledged(withinMs: number): Promise<boolean>;
  /** Each leadership the nodes' logs announce from now on, until unsubscribed; null when the system's logs do not say. */
  readonly leaderships: LeadershipFeed | null;
  /** The one-way delay the run's network profile puts on every peer link for the whole run (0: loopback). */
  readonly peerDelayMs: number;
}

/** A fault in force: what the history's start event says of it, and how to undo it. */
export interface Realised {
  readonly f: NemesisF;
  readonly details: Readonly<Record<string, unknown>>;
  /** Undoes the fault; what it returns goes into the end event. */
  undo(): Promise<Readonly<Record<string, unknown>> | void>;
}

/** The nodes a target names: "leader" is whichever member leads now (none: empty). */
export async function resolveTarget(target: Target, cluster: Cluster): Promise<string[]> {
  if (target === 'leader') {
    const leader = await cluster.leader();
    return leader === null ? [] : [leader];
  }
  const known = new Set(cluster.all.map((n) => n.id));
  return target.filter((id) => known.has(id));
}

export const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));

/**
 * A fault that keeps acting while in force (leader churn, crash-voters) runs as a
 * background loop; a failure in it must not go unhandled (it would end the harness):
 * it is reported, and the loop's result is its error message or null.
 */
export function inBackground(loop: Promise<void>, ctx: NemesisContext, what: string): Promise<string | null> {
  return loop.then(
    () => null,
    (error: unknown) => {
      const message = (error as Error).message;
      ctx.warn(`nemesis: ${what} stopped: ${message}`);
      return message;
    },
  );
}
