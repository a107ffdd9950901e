/**
 * The simulator's nemesis: realises each fault of a schedule against the simulated
 * nodes, network and clocks, undoes it after its duration, and records its start and
 * end as nemesis events in the history.
 */
import type { SeededRandom } from '../../impl/raft/random.js';
import type { NodeId } from '../../impl/raft/types.js';
import type { NemesisLog } from '../faults/events.js';
import type { Fault, Target } from '../faults/schedule.js';
import type { EventQueue } from './event-queue.js';
import type { MembershipDriver, Role } from './membership.js';
import type { SimNetwork } from './network.js';
import type { SimNode } from './sim-node.js';

/** What the nemesis needs of the simulation it strikes. */
export interface NemesisTarget {
  readonly queue: EventQueue;
  readonly network: SimNetwork;
  readonly random: SeededRandom;
  readonly log: NemesisLog;
  readonly membership: MembershipDriver;
  readonly nodes: readonly SimNode[];
  /** The running node that leads the highest term, if any. */
  leader(): SimNode | null;
  term(node: SimNode): number;
  restart(node: SimNode): void;
  /** Starts a new node that is in no configuration yet. */
  spare(): SimNode;
}

type Of<K extends Fault['kind']> = Extract<Fault, { kind: K }>;

export class SimNemesis {
  /** Leader-churn faults in force: each strikes every election winner until it ends. */
  private readonly churns = new Set<(leader: SimNode) => void>();
  /** Crash-voters faults in force: each strikes the voters of every candidate until it ends. */
  private readonly voterStrikes = new Set<(candidate: SimNode) => void>();
  /** Faults in force (struck and not yet undone). */
  private inForce = 0;
  /** Clock and latency faults in force on each node. */
  private readonly afflictions = new Map<NodeId, number>();
  /** The newest clock fault on each node: only it sets the clock back. */
  private readonly clockOwners = new Map<NodeId, number>();
  private nextClockFault = 0;
  /** Nodes a membership fault is moving. */
  private readonly reconfiguring = new Set<NodeId>();
  applied = 0;

  constructor(private readonly target: NemesisTarget) {}

  /** No fault is in force. */
  get quiet(): boolean {
    return this.inForce === 0;
  }

  /** A fault is in force that can stall even a healthy majority: a skewed clock, slowed links, churned leaders or voters. */
  get disturbed(): boolean {
    return this.churns.size > 0 || this.voterStrikes.size > 0 || [...this.afflictions.values()].some((n) => n > 0);
  }

  inject(fault: Fault): void {
    this.applied++;
    switch (fault.kind) {
      case 'partition':
        return this.partition(fault.groups.map((g) => [...g]), fault.durationMs);
      case 'isolate':
        return this.isolate(this.resolve(fault.nodes), fault.durationMs);
      case 'grudge':
        return this.grudge(fault);
      case 'crash':
        return this.crash(this.resolve(fault.nodes), fault.durationMs);
      case 'pause':
        return this.pause(this.resolve(fault.nodes), fault.durationMs);
      case 'clock':
        return this.clock(fault);
      case 'latency':
        return this.latency(fault);
      case 'membership':
        return this.membership(fault);
      case 'crash-voters':
        return this.crashVoters(fault);
      case 'leader-churn':
        return this.churn(fault);
    }
  }

  /** Tells the nemesis that `node` just started an election. */
  campaigning(node: SimNode): void {
    for (const strike of this.voterStrikes) strike(node);
  }

  private crashVoters(fault: Of<'crash-voters'>): void {
    const { queue, random, log } = this.target;
    // Once per term: a second candidate of the same term then finds voters that forgot.
    const struck = new Set<number>();
    const strike = (candidate: SimNode): void => {
      const term = this.target.term(candidate);
      if (struck.has(term)) return;
      struck.add(term);
      for (const voter of this.target.nodes) {
        if (voter === candidate || !voter.up) continue;
        const incarnation = voter.replica;
        queue.after(random.int(0, fault.strikeWithinMs), () => {
          if (voter.replica === incarnation && this.voterStrikes.has(strike)) this.crash([voter], fault.outageMs);
        });
      }
    };
    this.voterStrikes.add(strike);
    const active = log.start('crash-voters', { strikeWithinMs: fault.strikeWithinMs, outageMs: fault.outageMs });
    this.hold(fault.durationMs, () => {
      this.voterStrikes.delete(strike);
      active.end();
    });
  }

  /** Tells the nemesis that `node` just won an election. */
  elected(node: SimNode): void {
    for (const strike of this.churns) strike(node);
  }

  private resolve(target: Target): SimNode[] {
    if (target !== 'leader') return this.target.nodes.filter((n) => target.includes(n.id));
    const leader = this.target.leader();
    return leader === null ? [] : [leader];
  }

  /** Keeps a fault in force for `durationMs`, then undoes it. */
  private hold(durationMs: number, undo: () => void): void {
    this.inForce++;
    this.target.queue.after(durationMs, () => {
      undo();
      this.inForce--;
    });
  }

  private partition(groups: NodeId[][], durationMs: number): void {
    const { network, log } = this.target;
    const cut = network.partition(groups);
    const active = log.start('partition', { groups });
    this.hold(durationMs, () => {
      network.heal(cut);
      active.end();
    });
  }

  private isolate(nodes: readonly SimNode[], durationMs: number): void {
    if (nodes.length === 0) return;
    const rest = this.target.nodes.filter((n) => !nodes.includes(n)).map((n) => n.id);
    this.partition([nodes.map((n) => n.id), rest], durationMs);
  }

  private grudge(fault: Of<'grudge'>): void {
    const { network, log } = this.target;
    const cut = network.cut(Object.entries(fault.cannotHear).flatMap(([to, froms]) => froms.map((from) => [from, to] as const)));
    const active = log.start('grudge', { cannotHear: fault.cannotHear });
    this.hold(fault.durationMs, () => {
      network.heal(cut);
      active.end();
    });
  }

  private crash(nodes: readonly SimNode[], durationMs: number): void {
    const killed = nodes.filter((n) => n.kill());
    if (killed.length === 0) return;
    const active = this.target.log.start('crash', { nodes: killed.map((n) => n.id) });
    this.hold(durationMs, () => {
      for (const node of killed) if (!node.up) this.target.restart(node);
      active.end();
    });
  }

  private pause(nodes: readonly SimNode[], durationMs: number): void {
    const paused = nodes.flatMap((node) => {
      const resume = node.pause();
      return resume === null ? [] : [{ node, resume }];
    });
    if (paused.length === 0) return;
    const active = this.target.log.start('pause', { nodes: paused.map((p) => p.node.id) });
    this.hold(durationMs, () => {
      for (const { resume } of paused) resume();
      active.end();
    });
  }

  private afflict(nodes: readonly SimNode[], by: number): void {
    for (const node of nodes) this.afflictions.set(node.id, (this.afflictions.get(node.id) ?? 0) + by);
  }

  private clock(fault: Of<'clock'>): void {
    const nodes = this.resolve(fault.nodes);
    if (nodes.length === 0) return;
    const { queue, log } = this.target;
    const id = this.nextClockFault++;
    for (const node of nodes) this.clockOwners.set(node.id, id);
    const owned = (node: SimNode): boolean => this.clockOwners.get(node.id) === id;
    const { kind: _kind, at: _at, durationMs, nodes: _nodes, ...change } = fault;
    const active = log.start('clock', { nodes: nodes.map((n) => n.id), ...change });
    this.afflict(nodes, 1);
    let ended = false;
    const skew = (apply: (node: SimNode) => void): void => {
      for (const node of nodes) {
        if (!owned(node)) continue;
        apply(node);
        node.clockChanged(false);
      }
    };
    switch (fault.mode) {
      case 'bump':
        skew((node) => node.clock.jump(queue.now, fault.deltaMs));
        break;
      case 'drift':
        skew((node) => node.clock.setRate(queue.now, fault.rate));
        break;
      case 'strobe': {
        let ahead = false;
        const flip = (): void => {
          if (ended) return;
          ahead = !ahead;
          skew((node) => node.clock.jump(queue.now, ahead ? fault.deltaMs : -fault.deltaMs));
          queue.after(fault.periodMs, flip);
        };
        flip();
        break;
      }
    }
    this.hold(durationMs, () => {
      ended = true;
      for (const node of nodes) {
        if (!owned(node)) continue;
        node.clock.reset(queue.now);
        node.clockChanged(true);
      }
      this.afflict(nodes, -1);
      active.end();
    });
  }

  private latency(fault: Of<'latency'>): void {
    const nodes = this.resolve(fault.nodes);
    if (nodes.length === 0) return;
    const { network, log } = this.target;
    const ids = nodes.map((n) => n.id);
    const slow = network.slow(ids, fault.delayMs, fault.jitterMs);
    const active = log.start('latency', { nodes: ids, delayMs: fault.delayMs, jitterMs: fault.jitterMs });
    this.afflict(nodes, 1);
    this.hold(fault.durationMs, () => {
      network.heal(slow);
      this.afflict(nodes, -1);
      active.end();
    });
  }

  /**
   * Takes a node out and puts it back (or brings a new one in and takes it out again).
   * A node out of the configuration keeps running, as a forgotten process would. The
   * fault is in force until the second change is committed, however long that takes.
   */
  private membership(fault: Of<'membership'>): void {
    const { queue, log, membership } = this.target;
    this.inForce++;
    const endsAt = queue.now + fault.durationMs;
    const run = (node: NodeId, action: 'remove' | 'add', during: Role, after: Role): void => {
      // Two changes of one node at once would undo each other forever: the later is skipped.
      if (this.reconfiguring.has(node)) {
        this.inForce--;
        return;
      }
      this.reconfiguring.add(node);
      const active = log.start('membership', { action, node });
      membership.converge(node, during, () =>
        queue.at(endsAt, () =>
          membership.converge(node, after, () => {
            this.reconfiguring.delete(node);
            this.inForce--;
            active.end();
          }),
        ),
      );
    };
    const { change } = fault;
    if (change.action === 'add') return run(this.target.spare().id, 'add', 'voter', 'absent');
    if (change.node === 'leader') membership.whenLeader((node) => run(node, 'remove', 'absent', 'voter'));
    else run(change.node, 'remove', 'absent', 'voter');
  }

  private churn(fault: Of<'leader-churn'>): void {
    const { queue, log } = this.target;
    // A leadership (a node in a term) is struck once at a time; when its outage ends
    // and no one else was elected, it is struck again.
    const struck = new Set<string>();
    const strike = (leader: SimNode): void => {
      const incarnation = leader.replica;
      const leadership = `${leader.id}@${this.target.term(leader)}`;
      if (incarnation === null || struck.has(leadership)) return;
      struck.add(leadership);
      queue.after(this.target.random.int(0, fault.strikeWithinMs), () => {
        if (leader.replica !== incarnation || !this.churns.has(strike)) {
          struck.delete(leadership);
          return;
        }
        this.isolate([leader], fault.outageMs);
        queue.after(fault.outageMs, () => {
          struck.delete(leadership);
          const sitting = this.target.leader();
          if (sitting !== null && this.churns.has(strike)) strike(sitting);
        });
      });
    };
    this.churns.add(strike);
    const active = log.start('leader-churn', { strikeWithinMs: fault.strikeWithinMs, outageMs: fault.outageMs });
    const sitting = this.target.leader();
    if (sitting !== null) strike(sitting);
    this.hold(fault.durationMs, () => {
      this.churns.delete(strike);
      active.end();
    });
  }
}
