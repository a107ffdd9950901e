/**
 * The deterministic simulator: replicas of the real Raft core and KV store in one
 * process on virtual time, an adversarial seeded network, per-node clocks, a fault
 * schedule and concurrent clients. `runSchedule` is a pure function of its inputs: the
 * same schedule and options give a byte-identical history. A run stops at the first
 * violation — of safety, of liveness, or a host loop that does not come to rest.
 */
import type { HistoryEvent } from '../../checkers/history/types.js';
import { NO_BUGS, type Bugs } from '../../impl/bugs.js';
import type { ExecutedRequest } from '../../impl/kv/commands.js';
import { SeededRandom } from '../../impl/raft/random.js';
import type { NodeId, RaftConfig, Ready, Status } from '../../impl/raft/types.js';
import { Replica, type ClientOutcome, type ReplicaReadMode } from '../../impl/server/replica.js';
import { registerWorkload, type RegisterOp, type RegisterWorkload } from '../../workloads/register.js';
import type { ScheduleShape } from '../faults/arbitrary.js';
import { NemesisLog } from '../faults/events.js';
import { lastFaultEnd, nodeIds, type FaultSchedule } from '../faults/schedule.js';
import { SimClient, type ClientHost } from './client.js';
import { EventQueue } from './event-queue.js';
import { InvariantWatch } from './invariants.js';
import { ProgressWatch, RecoveryWatch } from './liveness.js';
import { MembershipDriver } from './membership.js';
import { SimNemesis } from './nemesis.js';
import { SimNetwork } from './network.js';
import { SimHang, SimNode } from './sim-node.js';

export interface SimOptions {
  /** Client operations in the run (the final reads of every key come on top). */
  readonly ops: number;
  readonly clients: number;
  /** Seeds the run's own choices (network, clients, Raft timeouts). */
  readonly seed: number;
  readonly bugs: Bugs;
  readonly readMode: ReplicaReadMode;
  readonly tickMs: number;
  readonly electionTicks: number;
  readonly heartbeatTicks: number;
  readonly compactEvery: number;
  readonly requestTimeoutMs: number;
  readonly opTimeoutMs: number;
  /** No op may complete for this long while a healthy majority is connected (a liveness violation). */
  readonly stallMs: number;
  /** Once every fault has healed, the cluster has this long to recover; then every op must complete. */
  readonly recoveryMs: number;
  /** A run that has not finished by then stops with a liveness violation. */
  readonly maxVirtualMs: number;
  /** Sees each node's replicas as its log would tell of them (tests of checkers that read node logs). */
  readonly observer?: (node: NodeId) => ReplicaObserver;
}

/** A node's life, replica by replica: each start, and each Ready before it is handled and once it is done. */
export interface ReplicaObserver {
  /** `fresh`: the node's first start on its storage. */
  started(replica: Replica, fresh: boolean): void;
  observe(ready: Ready, status: Status): void;
  done(ready: Ready, executed: readonly ExecutedRequest[]): void;
}

export const DEFAULT_SIM_OPTIONS: SimOptions = {
  ops: 1000,
  clients: 5,
  seed: 1,
  bugs: NO_BUGS,
  readMode: 'read-index',
  tickMs: 10,
  electionTicks: 10,
  heartbeatTicks: 2,
  compactEvery: 64,
  requestTimeoutMs: 60,
  opTimeoutMs: 800,
  stallMs: 3000,
  recoveryMs: 2000,
  maxVirtualMs: 600_000,
};

/**
 * The schedules `faultline sim` draws on its defaults: faults start within the first 3 s
 * of a run (1000 ops take 5–15 s of virtual time, so every run also recovers).
 */
export const DEFAULT_SHAPE: ScheduleShape = { nodes: { min: 3, max: 7 }, horizonMs: 3000, maxFaults: 30 };
/** Enough that the defaults catch every seeded bug (bugs.test.ts shows at which seed). */
export const DEFAULT_SCHEDULES = 100;

export interface SimResult {
  readonly history: readonly HistoryEvent[];
  /** Violations seen during the run — safety, liveness, hangs — in order (empty when none). */
  readonly violations: readonly string[];
  readonly virtualMs: number;
  readonly faults: number;
  readonly messages: { readonly delivered: number; readonly dropped: number };
}

/** More events than this at one instant of virtual time: a message storm that would never end. */
const MAX_EVENTS_AT_ONE_INSTANT = 100_000;
const CHECK_EVERY_MS = 100;
/** Faults still in force this long after the schedule's last one should have ended (a membership change stuck). */
const QUIET_TIMEOUT_MS = 10_000;

export function runSchedule(schedule: FaultSchedule, options: SimOptions): SimResult {
  return new Simulation(schedule, options).run();
}

class Simulation {
  private readonly queue = new EventQueue();
  private readonly random: SeededRandom;
  private readonly network: SimNetwork;
  private readonly nodes: SimNode[] = [];
  private readonly byId = new Map<NodeId, SimNode>();
  private readonly history: HistoryEvent[] = [];
  private readonly watch = new InvariantWatch();
  private readonly startedNodes = new WeakSet<SimNode>();
  private readonly liveness: string[] = [];
  private readonly workload: RegisterWorkload = registerWorkload();
  private readonly nemesis: SimNemesis;
  private readonly progress: ProgressWatch;
  private readonly recovery: RecoveryWatch;
  private opsLeft: number;
  private readonly finalReads: string[][];
  private clientsRunning: number;
  private nextProcess: number;
  private readonly invokedAt = new Map<number | string, number>();
  private faultsInjected = 0;
  private finished = false;

  constructor(
    private readonly schedule: FaultSchedule,
    private readonly options: SimOptions,
  ) {
    this.random = new SeededRandom(options.seed);
    this.network = new SimNetwork(this.queue, this.random, schedule.network, (m) => this.byId.get(m.to)?.deliver((r) => r.receive(m)));
    for (const id of nodeIds(schedule.nodes)) this.addNode(id);
    this.opsLeft = options.ops;
    const keys = Array.from({ length: this.workload.keys }, (_, k) => `k${k}`);
    this.finalReads = Array.from({ length: options.clients }, () => [...keys]);
    this.clientsRunning = options.clients;
    this.nextProcess = options.clients;
    this.nemesis = new SimNemesis({
      queue: this.queue,
      network: this.network,
      random: this.random,
      log: new NemesisLog((event) => this.record(event)),
      membership: new MembershipDriver({ queue: this.queue, leader: () => this.leader() }),
      nodes: this.nodes,
      leader: () => this.leader(),
      term: (node) => node.replica?.raft.status().term ?? 0,
      restart: (node) => node.start(options.tickMs),
      spare: () => {
        const node = this.addNode(`n${this.nodes.length + 1}`);
        node.start(options.tickMs);
        return node;
      },
    });
    this.progress = new ProgressWatch(
      {
        voterSets: () => this.voterSets(),
        healthy: (id) => this.byId.get(id)?.up === true && !this.byId.get(id)!.paused,
        connected: (a, b) => !this.network.isCut(a, b) && !this.network.isCut(b, a),
        disturbed: () => this.nemesis.disturbed,
      },
      options.stallMs,
    );
    this.recovery = new RecoveryWatch(options.recoveryMs);
  }

  run(): SimResult {
    this.nodes.forEach((node, i) => node.start(1 + Math.floor((i * this.options.tickMs) / this.nodes.length)));
    for (const fault of this.schedule.faults) {
      this.queue.at(fault.at, () => {
        this.faultsInjected++;
        this.nemesis.inject(fault);
      });
    }
    this.queue.at(0, () => this.check());
    const host = this.clientHost();
    for (let c = 0; c < this.options.clients; c++) {
      const client = new SimClient(host, c);
      this.queue.at(this.random.int(0, 20), () => client.begin());
    }
    this.loop();
    return {
      history: this.history,
      violations: [...this.watch.violations, ...this.liveness],
      virtualMs: this.queue.now,
      faults: this.nemesis.applied,
      messages: { delivered: this.network.delivered, dropped: this.network.dropped },
    };
  }

  private loop(): void {
    let instant = -1;
    let eventsAtInstant = 0;
    const stopped = (): boolean => this.finished || this.watch.violations.length > 0 || this.liveness.length > 0;
    try {
      while (!stopped() && this.queue.now <= this.options.maxVirtualMs && this.queue.step()) {
        if (this.queue.now !== instant) {
          instant = this.queue.now;
          eventsAtInstant = 0;
        } else if (++eventsAtInstant > MAX_EVENTS_AT_ONE_INSTANT) {
          this.liveness.push(`hang: more than ${MAX_EVENTS_AT_ONE_INSTANT} events at ${instant.toFixed(1)} ms of virtual time (a message storm)`);
        }
      }
    } catch (error) {
      if (!(error instanceof SimHang)) throw error;
      this.liveness.push(`${error.message} (at ${this.queue.now.toFixed(1)} ms of virtual time)`);
    }
    if (!stopped()) this.liveness.push(`liveness: the run had not finished after ${this.options.maxVirtualMs} ms of virtual time`);
  }

  /** Every CHECK_EVERY_MS: is the cluster progressing, and has every fault healed? */
  private check(): void {
    const now = this.queue.now;
    const allInjected = this.faultsInjected === this.schedule.faults.length;
    if (allInjected && this.nemesis.quiet) this.recovery.healed(now);
    else if (now > lastFaultEnd(this.schedule) + QUIET_TIMEOUT_MS) {
      this.liveness.push(`liveness: faults still in force ${QUIET_TIMEOUT_MS} ms after the schedule's last fault ended (a membership change that never completed)`);
    }
    const stall = this.progress.check(now, this.invokedAt.size > 0);
    if (stall !== null) this.liveness.push(stall);
    this.queue.after(CHECK_EVERY_MS, () => this.check());
  }

  private addNode(id: NodeId): SimNode {
    const node = new SimNode(id, { queue: this.queue, tickMs: this.options.tickMs, replica: (n) => this.replica(n) });
    this.nodes.push(node);
    this.byId.set(id, node);
    return node;
  }

  private raftConfig(node: SimNode): Omit<RaftConfig, 'readMode'> {
    const o = this.options;
    return {
      id: node.id,
      membership: { voters: nodeIds(this.schedule.nodes), learners: [] },
      electionTicks: o.electionTicks,
      heartbeatTicks: o.heartbeatTicks,
      preVote: true,
      checkQuorum: true,
      maxEntriesPerAppend: this.schedule.maxEntriesPerAppend,
      seed: (o.seed * 7919 + this.nodes.indexOf(node) * 104_729 + this.faultsInjected) | 0,
      bugs: o.bugs,
    };
  }

  private replica(node: SimNode): Replica {
    const observer = this.options.observer?.(node.id);
    const replica = new Replica({
      raft: this.raftConfig(node),
      readMode: this.options.readMode,
      storage: node.storage,
      transport: { send: (m) => this.network.send(m) },
      compactEvery: this.options.compactEvery,
      observe: (rd) => {
        node.readied();
        this.watch.observe(node.id, rd, node.replica!.raft);
        observer?.observe(rd, node.replica!.raft.status());
        if (rd.softState?.role === 'leader') this.nemesis.elected(node);
        else if (rd.softState?.role === 'candidate') this.nemesis.campaigning(node);
      },
      ...(observer === undefined ? {} : { done: (rd: Ready, executed: readonly ExecutedRequest[]) => observer.done(rd, executed) }),
    });
    observer?.started(replica, !this.startedNodes.has(node));
    this.startedNodes.add(node);
    return replica;
  }

  /** The running node that leads the highest term, if any. */
  private leader(): SimNode | null {
    let best: { node: SimNode; term: number } | null = null;
    for (const node of this.nodes) {
      const s = node.paused ? undefined : node.replica?.raft.status();
      if (s?.role === 'leader' && (best === null || s.term > best.term)) best = { node, term: s.term };
    }
    return best?.node ?? null;
  }

  private voterSets(): NodeId[][] {
    const sets = new Map<string, NodeId[]>();
    for (const node of this.nodes) {
      const voters = node.replica?.raft.status().membership.voters;
      if (voters !== undefined) sets.set(voters.join(), [...voters]);
    }
    return [...sets.values()];
  }

  private record(event: Omit<HistoryEvent, 'index' | 'time'>): void {
    const clean = Object.fromEntries(Object.entries(event).filter(([, v]) => v !== undefined));
    this.history.push({ index: this.history.length, time: Math.round(this.queue.now * 1e6), ...clean } as HistoryEvent);
    if (event.process === 'nemesis') return;
    if (event.type === 'invoke') {
      this.invokedAt.set(event.process, this.queue.now);
      return;
    }
    const invokedAt = this.invokedAt.get(event.process)!;
    this.invokedAt.delete(event.process);
    if (event.type === 'ok' || event.error === 'cas-mismatch') this.progress.progressed(this.queue.now);
    if (event.error === 'timeout') {
      const late = this.recovery.timedOut(invokedAt, `process ${String(event.process)}'s ${event.f} of ${event.key}`);
      if (late !== null) this.liveness.push(late);
    }
  }

  private nextOp(client: number): RegisterOp | 'wait' | null {
    if (this.opsLeft > 0) {
      this.opsLeft--;
      return this.workload.next(this.random);
    }
    // Jepsen's final phase: once every fault has healed and the cluster had time to recover, read every key.
    if (!this.recovery.settled(this.queue.now)) return 'wait';
    const key = this.finalReads[client]!.shift();
    return key === undefined ? null : { f: 'read', key };
  }

  private clientHost(): ClientHost {
    const sim = this;
    return {
      random: this.random,
      get nodeIds() {
        return sim.nodes.map((n) => n.id);
      },
      workload: this.workload,
      requestTimeoutMs: this.options.requestTimeoutMs,
      opTimeoutMs: this.options.opTimeoutMs,
      now: () => this.queue.now,
      after: (ms, run) => this.queue.after(ms, run),
      call: (id, op, session, reply) => this.call(id, op, session, reply),
      record: (event) => this.record(event),
      nextOp: (client) => this.nextOp(client),
      newProcess: () => this.nextProcess++,
      done: () => {
        if (--this.clientsRunning === 0) this.finished = true;
      },
    };
  }

  /** Client to node and back, each way after a short delay; a down node never answers, a paused one answers later. */
  private call(id: string, op: RegisterOp, session: { client: string; seq: number }, reply: (o: ClientOutcome) => void): void {
    const node = this.byId.get(id)!;
    this.queue.after(this.random.int(0, 2), () =>
      node.deliver((replica) => {
        const answer = (outcome: ClientOutcome): void => this.queue.after(this.random.int(0, 2), () => reply(outcome));
        if (op.f === 'read') replica.read(op.key, answer);
        else if (op.f === 'write') replica.write({ op: 'put', key: op.key, value: op.value, ...session }, answer);
        else replica.write({ op: 'cas', key: op.key, from: op.from, to: op.to, ...session }, answer);
      }),
    );
  }
}
