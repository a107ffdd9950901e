/**
 * The client processes of a run (Jepsen's rule): each worker runs one operation at a
 * time as a numbered process bound to one node's client route; when an operation's
 * outcome is unknown (`info`), that process is retired — it may still be acting — and
 * the worker goes on as a new process. Operations come from the workload's stream in
 * order, at most `rate` per second across all workers.
 */
import type { KvClient, System } from '../systems/system.js';
import type { Workload, WorkloadOp } from '../../workloads/workload.js';
import type { Address } from './ports.js';
import type { Recorder } from './recorder.js';

export interface ClientPoolOptions {
  readonly system: System;
  readonly workload: Workload;
  readonly recorder: Recorder;
  /** The nodes processes are bound to (process p talks to nodes[p mod n]). */
  readonly nodes: readonly string[];
  readonly clientAddress: (node: string) => Address;
  readonly requestTimeoutMs: number;
  readonly opTimeoutMs: number;
}

/** Hands out process ids: 0…concurrency−1 first, then one new id for each retired process. */
export class Processes {
  private next: number;

  constructor(first: number) {
    this.next = first;
  }

  fresh(): number {
    return this.next++;
  }
}

/** Spaces operations at least 1/rate seconds apart, across every worker. */
export class RateLimiter {
  private nextSlot = 0;

  constructor(private readonly perSecond: number) {}

  /** Resolves at this caller's slot (at once when unlimited). */
  async acquire(): Promise<void> {
    if (!(this.perSecond > 0)) return;
    const now = performance.now();
    const slot = Math.max(now, this.nextSlot);
    this.nextSlot = slot + 1000 / this.perSecond;
    if (slot > now) await new Promise((r) => setTimeout(r, slot - now));
  }
}

export class ClientPool {
  private readonly clients = new Map<number, KvClient>();

  constructor(private readonly options: ClientPoolOptions) {}

  /** A pool like this one whose new processes are bound to `nodes`. */
  boundTo(nodes: readonly string[]): ClientPool {
    return new ClientPool({ ...this.options, nodes });
  }

  /** Runs `op` as `process` and records it; returns the outcome's type. */
  async perform(process: number, op: WorkloadOp, opTimeoutMs = this.options.opTimeoutMs): Promise<'ok' | 'fail' | 'info'> {
    const { nodes, recorder, workload } = this.options;
    const node = nodes[process % nodes.length]!;
    const client = this.clientFor(process, node, opTimeoutMs);
    recorder.client('invoke', process, op);
    let outcome;
    try {
      outcome = await workload.invoke(op, client);
    } catch (error) {
      // A client that throws has lost track of the op: it may have happened.
      outcome = { type: 'info' as const, error: (error as Error).message };
    }
    recorder.client(outcome.type, process, {
      f: op.f,
      key: op.key,
      value: outcome.type === 'ok' ? outcome.value : op.value,
      node: outcome.node,
      ...(outcome.type === 'ok' ? {} : { error: outcome.error }),
    });
    if (outcome.type === 'info') this.clients.delete(process);
    return outcome.type;
  }

  /**
   * `concurrency` workers take operations from `ops` until `keepGoing()` turns false;
   * each finishes the operation it is in.
   */
  async run(ops: Iterator<WorkloadOp>, concurrency: number, rate: number, keepGoing: () => boolean, processes: Processes): Promise<void> {
    const limiter = new RateLimiter(rate);
    const worker = async (first: number): Promise<void> => {
      let process = first;
      for (;;) {
        await limiter.acquire();
        if (!keepGoing()) return;
        const next = ops.next();
        if (next.done === true) return;
        if ((await this.perform(process, next.value)) === 'info') process = processes.fresh();
      }
    };
    await Promise.all(Array.from({ length: concurrency }, (_, w) => worker(w)));
  }

  private clientFor(process: number, node: string, opTimeoutMs: number): KvClient {
    let client = this.clients.get(process);
    if (client === undefined || opTimeoutMs !== this.options.opTimeoutMs) {
      client = this.options.system.client(this.options.clientAddress(node), {
        name: `p${process}`,
        requestTimeoutMs: this.options.requestTimeoutMs,
        opTimeoutMs,
      });
      if (opTimeoutMs === this.options.opTimeoutMs) this.clients.set(process, client);
    }
    return client;
  }
}
