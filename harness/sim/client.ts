/**
 * A simulated client process: one op at a time, each first sent to a random node (a
 * load balancer), then wherever redirects point; retried with the same session
 * sequence number on timeouts; recorded with Jepsen's semantics — an op whose
 * outcome is unknown is `info`, and the client continues under a new process id.
 */
import type { Session, Value } from '../../impl/kv/commands.js';
import type { SeededRandom } from '../../impl/raft/random.js';
import type { ClientOutcome } from '../../impl/server/replica.js';
import type { EventType } from '../../checkers/history/types.js';
import type { RegisterOp, RegisterWorkload } from '../../workloads/register.js';

export interface ClientHost {
  readonly random: SeededRandom;
  readonly nodeIds: readonly string[];
  readonly workload: RegisterWorkload;
  readonly requestTimeoutMs: number;
  readonly opTimeoutMs: number;
  now(): number;
  after(ms: number, run: () => void): void;
  /** Sends the op to a node; `reply` runs when (if) an answer comes back. */
  call(node: string, op: RegisterOp, session: Session, reply: (outcome: ClientOutcome) => void): void;
  record(event: { type: EventType; process: number; f: string; key: string; value: unknown; node?: string; error?: string }): void;
  /** The client's next op; `wait` to ask again shortly; null when it is done. */
  nextOp(client: number): RegisterOp | 'wait' | null;
  newProcess(): number;
  done(): void;
}

const WAIT_MS = 50;

interface InFlight {
  readonly op: RegisterOp;
  readonly session: Session;
  readonly deadline: number;
  attempt: number;
}

export class SimClient {
  private process: number;
  private seq = 0;
  private leaderGuess: string | null = null;
  private current: InFlight | null = null;

  constructor(
    private readonly host: ClientHost,
    private readonly index: number,
  ) {
    this.process = index;
  }

  private get name(): string {
    return `c${this.index}`;
  }

  begin(): void {
    const op = this.host.nextOp(this.index);
    if (op === null) return this.host.done();
    if (op === 'wait') return this.host.after(WAIT_MS, () => this.begin());
    this.current = { op, session: { client: this.name, seq: ++this.seq }, deadline: this.host.now() + this.host.opTimeoutMs, attempt: 0 };
    this.host.record({ type: 'invoke', process: this.process, f: op.f, key: op.key, value: this.host.workload.invokeValue(op) });
    this.send(this.host.random.pick(this.host.nodeIds));
  }

  private send(node: string): void {
    const inFlight = this.current;
    if (inFlight === null) return;
    if (this.host.now() >= inFlight.deadline) {
      this.giveUp();
      return;
    }
    const attempt = ++inFlight.attempt;
    this.host.call(node, inFlight.op, inFlight.session, (outcome) => this.onReply(inFlight, node, outcome));
    this.host.after(this.host.requestTimeoutMs, () => {
      if (this.current === inFlight && inFlight.attempt === attempt) {
        this.leaderGuess = null;
        this.send(this.host.random.pick(this.host.nodeIds));
      }
    });
  }

  /** Any attempt's answer counts while the op is open: a late ok still means it happened. */
  private onReply(inFlight: InFlight, node: string, outcome: ClientOutcome): void {
    if (this.current !== inFlight) return;
    const { op } = inFlight;
    switch (outcome.kind) {
      case 'ok':
        this.leaderGuess = node;
        this.complete('ok', op.f === 'read' ? outcome.value : this.host.workload.invokeValue(op), node);
        return;
      case 'redirect':
        this.leaderGuess = outcome.leader !== null && outcome.leader !== node ? outcome.leader : null;
        this.retrySoon(inFlight);
        return;
      case 'fail':
        if (outcome.error === 'cas-mismatch') this.complete('fail', this.host.workload.invokeValue(op), node, outcome.error);
        else this.retrySoon(inFlight);
        return;
    }
  }

  private retrySoon(inFlight: InFlight): void {
    const attempt = ++inFlight.attempt;
    this.host.after(this.host.random.int(2, 10), () => {
      if (this.current === inFlight && inFlight.attempt === attempt) this.send(this.leaderGuess ?? this.host.random.pick(this.host.nodeIds));
    });
  }

  /** A read that timed out had no effect: it failed. A write may have happened: info. */
  private giveUp(): void {
    const op = this.current!.op;
    if (op.f === 'read') {
      this.complete('fail', null, undefined, 'timeout');
      return;
    }
    this.complete('info', this.host.workload.invokeValue(op), undefined, 'timeout');
    this.process = this.host.newProcess();
  }

  private complete(type: EventType, value: unknown, node?: string, error?: string): void {
    const op = this.current!.op;
    this.host.record({ type, process: this.process, f: op.f, key: op.key, value: value as Value, node, error });
    this.current = null;
    this.host.after(this.host.random.int(0, 5), () => this.begin());
  }
}
