/**
 * The fault vocabulary shared by the simulator and real runs: a schedule is plain,
 * serialisable data — a cluster size, the network's quality and a list of timed faults,
 * each undone after its duration — so a schedule found (and shrunk) in the simulator
 * can be saved as JSON and replayed against real processes, and the other way round.
 *
 * Nodes are named `n1`…`nN` (N = `nodes`). Where a fault takes a target, `"leader"`
 * means whichever node leads when the fault starts.
 */

export type NodeId = string;

/** A schedule (or a nemesis name) that cannot be used: the CLI prints it as one line and exits 254. */
export class InvalidScheduleError extends Error {
  override readonly name = 'InvalidScheduleError';
}

/** Some nodes by name, or whichever node leads when the fault starts. */
export type Target = readonly NodeId[] | 'leader';

interface Timed {
  /** When the fault starts, in ms from the start of the run. */
  readonly at: number;
  /** How long it lasts; then it is undone (links healed, nodes restarted or resumed, clocks reset). */
  readonly durationMs: number;
}

/**
 * A clock fault, as the node's own clock sees it (real runs: libfaketime; the
 * simulator: a per-node offset and rate that its timers and lease checks see). When
 * the fault ends the clock is set back to true time.
 */
export type ClockChange =
  /** The clock jumps by `deltaMs` (negative: back in time). */
  | { readonly mode: 'bump'; readonly deltaMs: number }
  /** The clock flips between `deltaMs` ahead and true time every `periodMs`. */
  | { readonly mode: 'strobe'; readonly deltaMs: number; readonly periodMs: number }
  /** The clock runs at `rate` times true speed (0.5: half speed; 2: twice as fast). */
  | { readonly mode: 'drift'; readonly rate: number };

export type Fault = Timed &
  (
    | {
        /** Cuts every link between nodes of different groups, both ways. */
        readonly kind: 'partition';
        readonly groups: readonly (readonly NodeId[])[];
      }
    | {
        /** Cuts the target off from every other node, both ways. */
        readonly kind: 'isolate';
        readonly nodes: Target;
      }
    | {
        /** One-way cuts: each key cannot hear the nodes it lists (their messages to it are lost). */
        readonly kind: 'grudge';
        readonly cannotHear: Readonly<Record<NodeId, readonly NodeId[]>>;
      }
    | {
        /** Kills the target (SIGKILL: what was not fsynced is lost) and restarts it at the end. */
        readonly kind: 'crash';
        readonly nodes: Target;
      }
    | {
        /** Pauses the target (SIGSTOP: it stops processing, its timers are frozen, messages to it queue) and resumes it. */
        readonly kind: 'pause';
        readonly nodes: Target;
      }
    | ({
        readonly kind: 'clock';
        readonly nodes: Target;
      } & ClockChange)
    | {
        /**
         * Slows every link to and from the target by `delayMs` ± `jitterMs`. Real runs
         * also realise the optional network-quality fields (Toxiproxy's bandwidth,
         * slicer and reset_peer toxics); the simulator leaves them out.
         */
        readonly kind: 'latency';
        readonly nodes: Target;
        readonly delayMs: number;
        readonly jitterMs: number;
      } & NetworkQuality
    | {
        /**
         * `remove`: takes `node` out of the cluster (a voter, or the leader) and adds it
         * back at the end (as a learner, then promoted). `add`: brings a new node into the
         * cluster (a learner, then promoted) and removes it at the end.
         */
        readonly kind: 'membership';
        readonly change: { readonly action: 'remove'; readonly node: NodeId | 'leader' } | { readonly action: 'add' };
      }
    | {
        /**
         * For the duration, whenever an election for a new term starts (the first candidate
         * of the term, not a pre-candidate), each other node is killed within
         * `strikeWithinMs` and restarted after `outageMs`: a vote granted before it was durable is forgotten, and the node
         * may vote again in the same term. (Real runs see elections start in node logs.)
         */
        readonly kind: 'crash-voters';
        readonly strikeWithinMs: number;
        readonly outageMs: number;
      }
    | {
        /**
         * For the duration, the sitting leader and every node that wins an election is cut
         * off within `strikeWithinMs` of its win, for `outageMs`. Terms stay short, and each
         * cut-off leader goes on taking writes it cannot replicate: partly replicated tails
         * of many terms, the ground where Figure 8 and the no-noop read live.
         */
        readonly kind: 'leader-churn';
        readonly strikeWithinMs: number;
        readonly outageMs: number;
      }
  );

/** Network quality besides latency (real runs only). */
export interface NetworkQuality {
  /** Bandwidth cap, KB/s. */
  readonly bandwidthKBs?: number;
  /** Writes sliced into pieces of about this many bytes, each delayed by `sliceDelayUs`. */
  readonly sliceBytes?: number;
  readonly sliceDelayUs?: number;
  /** This share of connections is reset `resetAfterMs` after it opens. */
  readonly resetAfterMs?: number;
  readonly resetShare?: number;
}

export type FaultKind = Fault['kind'];

export const FAULT_KINDS = ['partition', 'isolate', 'grudge', 'crash', 'crash-voters', 'pause', 'clock', 'latency', 'membership', 'leader-churn'] as const satisfies readonly FaultKind[];

/**
 * The network between nodes for the whole run. The simulator draws every message's fate
 * from it; a real run realises what it can (latency and jitter) and leaves the rest to
 * the real network.
 */
export interface NetworkProfile {
  /** Most messages take a delay drawn uniformly from [minDelayMs, maxDelayMs]. */
  readonly minDelayMs: number;
  readonly maxDelayMs: number;
  /** This share arrive late instead: a heavy tail up to `lateMaxMs` (seconds late, after several elections). */
  readonly lateRate: number;
  readonly lateMaxMs: number;
  readonly dropRate: number;
  /** This share are delivered twice; the copy is an old message re-delivered later. */
  readonly duplicateRate: number;
}

export interface FaultSchedule {
  /** The cluster at the start: n1…nN, all voters. */
  readonly nodes: number;
  /** The nemeses the faults were drawn from (swarm testing: each schedule enables a few). */
  readonly nemeses: readonly string[];
  readonly network: NetworkProfile;
  /**
   * The most entries a leader puts in one append (simulator only). Small batches let a
   * follower hold old entries without the leader's newest, a state big batches rarely reach.
   */
  readonly maxEntriesPerAppend: number;
  /** In order of `at`. */
  readonly faults: readonly Fault[];
}

/** A network that delays a little, in order of magnitude, and loses nothing. */
export const CALM_NETWORK: NetworkProfile = { minDelayMs: 1, maxDelayMs: 5, lateRate: 0, lateMaxMs: 5, dropRate: 0, duplicateRate: 0 };

export function nodeIds(count: number): NodeId[] {
  return Array.from({ length: count }, (_, i) => `n${i + 1}`);
}

/** When the last fault is undone (ms from the start), or 0 without faults. */
export function lastFaultEnd(schedule: FaultSchedule): number {
  return schedule.faults.reduce((end, f) => Math.max(end, f.at + f.durationMs), 0);
}

/** The nodes a fault names (not including "leader", resolved only when it strikes). */
export function namedNodes(fault: Fault): NodeId[] {
  switch (fault.kind) {
    case 'partition':
      return fault.groups.flat();
    case 'grudge':
      return [...new Set([...Object.keys(fault.cannotHear), ...Object.values(fault.cannotHear).flat()])];
    case 'isolate':
    case 'crash':
    case 'pause':
    case 'clock':
    case 'latency':
      return fault.nodes === 'leader' ? [] : [...fault.nodes];
    case 'membership':
      return fault.change.action === 'remove' && fault.change.node !== 'leader' ? [fault.change.node] : [];
    case 'crash-voters':
    case 'leader-churn':
      return [];
  }
}
