/**
 * The deterministic simulator: N replicas of the real Raft core and KV store in one
 * process on virtual time, a seeded network, a fault schedule and concurrent clients.
 * `runSchedule` is a pure function of its inputs: the same schedule and options give
 * a byte-identical history.
 */
import type { HistoryEvent } from '../../checkers/history/types.js';
import { NO_BUGS, type Bugs } from '../../impl/bugs.js';
import { SeededRandom } from '../../impl/raft/random.js';
import type { RaftConfig } from '../../impl/raft/types.js';
import { Replica, type ClientOutcome, type ReplicaReadMode } from '../../impl/server/replica.js';
import { registerWorkload, type RegisterOp, type RegisterWorkload } from '../../workloads/register.js';
import { SimClient, type ClientHost } from './client.js';
import { EventQueue } from './event-queue.js';
import { InvariantWatch } from './invariants.js';
import { MemoryStorage } from './memory-storage.js';
import { SimNemesis } from './nemesis.js';
import { SimNetwork } from './network.js';
import type { FaultSchedule } from './schedule.js';

export interface SimOptions {
  readonly nodes: number;
  /** Client operations in the run. */
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
  /** A run that has not finished by then stops (its open ops stay open). */
  readonly maxVirtualMs: number;
}

export const DEFAULT_SIM_OPTIONS: SimOptions = {
  nodes: 5,
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
  maxVirtualMs: 600_000,
};

export interface SimResult {
  readonly history: readonly HistoryEvent[];
  /** Raft invariant violations seen during the run (empty when none). */
  readonly violations: readonly string[];
  readonly virtualMs: number;
  readonly faults: number;
  readonly messages: { readonly delivered: number; readonly dropped: number };
}

interface SimNode {
  readonly id: string;
  readonly storage: MemoryStorage;
  replica: Replica | null;
}

export function runSchedule(schedule: FaultSchedule, options: SimOptions): SimResult {
  return new Simulation(schedule, options).run();
}

class Simulation {
  private readonly queue = new EventQueue();
  private readonly random: SeededRandom;
  private readonly network: SimNetwork;
  private readonly nodes: SimNode[];
  private readonly history: HistoryEvent[] = [];
  private readonly watch = new InvariantWatch();
  private readonly workload: RegisterWorkload = registerWorkload();
  private opsLeft: number;
  private clientsRunning: number;
  private nextProcess: number;
  private readonly nemesis: SimNemesis<SimNode>;
  private finished = false;

  constructor(
    private readonly schedule: FaultSchedule,
    private readonly options: SimOptions,
  ) {
    this.random = new SeededRandom(options.seed);
    this.network = new SimNetwork(this.queue, this.random, schedule.network, (m) => this.nodes.find((n) => n.id === m.to)?.replica?.receive(m));
    this.nodes = Array.from({ length: options.nodes }, (_, i) => ({ id: `n${i + 1}`, storage: new MemoryStorage(), replica: null }));
    this.opsLeft = options.ops;
    this.clientsRunning = options.clients;
    this.nextProcess = options.clients;
    this.nemesis = new SimNemesis({
      queue: this.queue,
      network: this.network,
      random: this.random,
      nodes: this.nodes,
      leader: () => this.leader(),
      incarnation: (node) => node.replica,
      term: (node) => node.replica?.raft.status().term ?? 0,
      kill: (node) => this.kill(node),
      restart: (node) => this.start(node),
      record: (f, value) => this.record({ type: 'info', process: 'nemesis', f, value }),
    });
  }

  run(): SimResult {
    this.nodes.forEach((node, i) => {
      this.start(node);
      // Staggered so that nodes do not tick in lockstep.
      this.queue.at(1 + ((i * this.options.tickMs) / this.nodes.length | 0), () => this.tick(node));
    });
    for (const fault of this.schedule.faults) this.queue.at(fault.at, () => {
      if (!this.finished) this.nemesis.inject(fault);
    });
    const host = this.clientHost();
    for (let c = 0; c < this.options.clients; c++) {
      const client = new SimClient(host, `c${c}`, c);
      this.queue.at(this.random.int(0, 20), () => client.begin());
    }
    // A run stops at the first broken invariant: nothing after it can be trusted.
    while (!this.finished && this.watch.violations.length === 0 && this.queue.now <= this.options.maxVirtualMs && this.queue.step()) {
      // events run themselves
    }
    return {
      history: this.history,
      violations: this.watch.violations,
      virtualMs: this.queue.now,
      faults: this.nemesis.applied,
      messages: { delivered: this.network.delivered, dropped: this.network.dropped },
    };
  }

  private raftConfig(node: SimNode, index: number): Omit<RaftConfig, 'readMode'> {
    const o = this.options;
    return {
      id: node.id,
      membership: { voters: this.nodes.map((n) => n.id), learners: [] },
      electionTicks: o.electionTicks,
      heartbeatTicks: o.heartbeatTicks,
      preVote: true,
      checkQuorum: true,
      maxEntriesPerAppend: this.schedule.maxEntriesPerAppend,
      seed: (o.seed * 7919 + index * 104_729 + this.nemesis.applied) | 0,
      bugs: o.bugs,
    };
  }

  private start(node: SimNode): void {
    node.replica = new Replica({
      raft: this.raftConfig(node, this.nodes.indexOf(node)),
      readMode: this.options.readMode,
      storage: node.storage,
      transport: { send: (m) => this.network.send(m) },
      compactEvery: this.options.compactEvery,
      observe: (rd) => {
        this.watch.observe(node.id, rd, node.replica!.raft);
        if (rd.softState?.role === 'leader') this.nemesis.elected(node);
      },
    });
  }

  private kill(node: SimNode): boolean {
    if (node.replica === null) return false;
    node.replica = null;
    node.storage.loseUnsynced();
    return true;
  }

  private tick(node: SimNode): void {
    if (this.finished) return;
    node.replica?.tick();
    this.queue.after(this.options.tickMs, () => this.tick(node));
  }

  private leader(): SimNode | null {
    let best: { node: SimNode; term: number } | null = null;
    for (const node of this.nodes) {
      const s = node.replica?.raft.status();
      if (s?.role === 'leader' && (best === null || s.term > best.term)) best = { node, term: s.term };
    }
    return best?.node ?? null;
  }

  private record(event: Omit<HistoryEvent, 'index' | 'time'>): void {
    const clean = Object.fromEntries(Object.entries(event).filter(([, v]) => v !== undefined));
    this.history.push({ index: this.history.length, time: Math.round(this.queue.now * 1e6), ...clean } as HistoryEvent);
  }

  private clientHost(): ClientHost {
    return {
      random: this.random,
      nodeIds: this.nodes.map((n) => n.id),
      workload: this.workload,
      requestTimeoutMs: this.options.requestTimeoutMs,
      opTimeoutMs: this.options.opTimeoutMs,
      now: () => this.queue.now,
      after: (ms, run) => this.queue.after(ms, run),
      call: (id, op, session, reply) => this.call(id, op, session, reply),
      record: (event) => this.record(event),
      takeOp: () => this.opsLeft-- > 0,
      newProcess: () => this.nextProcess++,
      done: () => {
        if (--this.clientsRunning === 0) this.finished = true;
      },
    };
  }

  /** Client to node and back, each way after a short delay; a down node never answers. */
  private call(id: string, op: RegisterOp, session: { client: string; seq: number }, reply: (o: ClientOutcome) => void): void {
    const node = this.nodes.find((n) => n.id === id)!;
    this.queue.after(this.random.int(0, 2), () => {
      const replica = node.replica;
      if (replica === null) return;
      const answer = (outcome: ClientOutcome): void => this.queue.after(this.random.int(0, 2), () => reply(outcome));
      if (op.f === 'read') replica.read(op.key, answer);
      else if (op.f === 'write') replica.write({ op: 'put', key: op.key, value: op.value, ...session }, answer);
      else replica.write({ op: 'cas', key: op.key, from: op.from, to: op.to, ...session }, answer);
    });
  }
}
