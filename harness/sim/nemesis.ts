/**
 * The simulator's nemesis: turns a schedule's faults into partitions, crashes and
 * restarts of the simulated nodes, and records each as a nemesis event in the history.
 */
import type { SeededRandom } from '../../impl/raft/random.js';
import type { EventQueue } from './event-queue.js';
import type { SimNetwork } from './network.js';
import type { Fault } from './schedule.js';

/** What the nemesis needs of the simulation it strikes. */
export interface NemesisTarget<Node extends { readonly id: string }> {
  readonly queue: EventQueue;
  readonly network: SimNetwork;
  readonly random: SeededRandom;
  readonly nodes: readonly Node[];
  /** The node that leads the highest term, if any. */
  leader(): Node | null;
  /** A token for the node's current incarnation (null when down): a restart changes it. */
  incarnation(node: Node): object | null;
  term(node: Node): number;
  /** Kills the node (unsynced writes lost); false when it was already down. */
  kill(node: Node): boolean;
  restart(node: Node): void;
  record(f: string, value: unknown): void;
}

export class SimNemesis<Node extends { readonly id: string }> {
  /** Leader-churn faults in force: each strikes every election winner until it ends. */
  private readonly churns = new Set<(leader: Node) => void>();
  applied = 0;

  constructor(private readonly target: NemesisTarget<Node>) {}

  inject(fault: Fault): void {
    const { nodes } = this.target;
    this.applied++;
    switch (fault.kind) {
      case 'partition':
        return this.partition(
          fault.groups.map((g) => g.map((i) => nodes[i % nodes.length]!.id)),
          fault.durationMs,
        );
      case 'isolate-leader': {
        const leader = this.target.leader();
        if (leader !== null) this.isolate(leader, fault.durationMs);
        return;
      }
      case 'crash':
        for (const i of fault.nodes) this.crash(nodes[i % nodes.length]!, fault.durationMs);
        return;
      case 'crash-leader': {
        const leader = this.target.leader();
        if (leader !== null) this.crash(leader, fault.durationMs);
        return;
      }
      case 'leader-churn':
        return this.churn(fault);
    }
  }

  /** Tells the nemesis that `node` just won an election. */
  elected(node: Node): void {
    for (const strike of this.churns) strike(node);
  }

  private partition(groups: string[][], durationMs: number): void {
    const id = this.target.network.partition(groups);
    this.target.record('partition', groups);
    this.target.queue.after(durationMs, () => {
      this.target.network.heal(id);
      this.target.record('heal', groups);
    });
  }

  private isolate(node: Node, durationMs: number): void {
    this.partition([[node.id], this.target.nodes.filter((n) => n !== node).map((n) => n.id)], durationMs);
  }

  private crash(node: Node, durationMs: number): void {
    if (!this.target.kill(node)) return;
    this.target.record('crash', node.id);
    this.target.queue.after(durationMs, () => {
      this.target.restart(node);
      this.target.record('restart', node.id);
    });
  }

  private churn(fault: Extract<Fault, { kind: 'leader-churn' }>): void {
    const { queue } = this.target;
    // A leadership (a node in a term) is struck once at a time; when its outage ends
    // and no one else was elected, it is struck again.
    const struck = new Set<string>();
    const strike = (leader: Node): void => {
      const incarnation = this.target.incarnation(leader);
      const leadership = `${leader.id}@${this.target.term(leader)}`;
      if (incarnation === null || struck.has(leadership)) return;
      struck.add(leadership);
      queue.after(this.target.random.int(0, fault.strikeWithinMs), () => {
        if (this.target.incarnation(leader) !== incarnation || !this.churns.has(strike)) {
          struck.delete(leadership);
          return;
        }
        this.isolate(leader, fault.outageMs);
        queue.after(fault.outageMs, () => {
          struck.delete(leadership);
          const sitting = this.target.leader();
          if (sitting !== null && this.churns.has(strike)) strike(sitting);
        });
      });
    };
    this.churns.add(strike);
    this.target.record('leader-churn', fault.durationMs);
    const sitting = this.target.leader();
    if (sitting !== null) strike(sitting);
    queue.after(fault.durationMs, () => {
      this.churns.delete(strike);
      this.target.record('leader-churn-end', fault.durationMs);
    });
  }
}
