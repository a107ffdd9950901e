/**
 * Runs a client operation wherever it must run: here when this node leads (or the read
 * mode is `local`), else at the leader over the peer link. Retries only after outcomes
 * known to have done nothing (a redirect, no leader yet, a frame that never left), and
 * classifies every failure as definite or indefinite (errors.ts).
 */
import { randomInt } from 'node:crypto';
import type { Value } from '../../kv/commands.js';
import type { NodeId } from '../../raft/types.js';
import type { ClientOutcome, Replica, ReplicaReadMode } from '../replica.js';
import type { ForwardedOutcome, ForwardedRequest } from '../transport/frames.js';
import type { PeerTransport } from '../transport/peer-transport.js';
import type { ErrorCode } from './errors.js';

export type Operation = ForwardedRequest;

export type Outcome = { readonly kind: 'ok'; readonly value: Value } | { readonly kind: 'error'; readonly code: ErrorCode; readonly actual?: Value; readonly definite: boolean };

/** One attempt: final, or definitely without effect and worth retrying elsewhere. */
type Attempt = { readonly final: Outcome } | { readonly retry: ErrorCode };

const RETRY_PAUSE_MS = 5;

export interface RouterOptions {
  readonly self: NodeId;
  readonly readMode: ReplicaReadMode;
  readonly replica: () => Replica;
  readonly transport: PeerTransport;
  onForward(): void;
}

export class Router {
  /**
   * Forwarded requests are numbered from a random start: the leader may answer a request
   * of this node's previous life (it was killed while waiting) after the node restarted,
   * and that answer must not settle a new request that happens to carry the same number.
   */
  private nextForward = randomInt(2 ** 47);
  /** Forwarded requests still waiting: how to settle each, and, for a read, the leader it went to. */
  private readonly forwards = new Map<number, { settle(outcome: ForwardedOutcome | 'lost' | 'dropped'): void; readAt: NodeId | null }>();
  private readonly leaderWaiters = new Set<() => void>();

  constructor(private readonly options: RouterOptions) {}

  /**
   * The replica saw a new leader (or none): waiting requests look again. A read forwarded
   * to a node that no longer leads here goes again too — it changes nothing, so it can run
   * anew, and its old leader, cut off or deposed, may never answer.
   */
  leaderChanged(): void {
    const leader = this.options.replica().raft.status().leader;
    for (const { settle, readAt } of [...this.forwards.values()]) if (readAt !== null && readAt !== leader) settle('dropped');
    const waiters = [...this.leaderWaiters];
    this.leaderWaiters.clear();
    for (const wake of waiters) wake();
  }

  async execute(op: Operation, timeoutMs: number): Promise<Outcome> {
    const deadline = performance.now() + timeoutMs;
    let reason: ErrorCode = 'no-leader';
    for (;;) {
      const remaining = deadline - performance.now();
      if (remaining <= 0) return failure(op, reason, true);
      const leader = this.options.replica().raft.status().leader;
      let attempt: Attempt;
      if (leader === this.options.self || (op.op === 'read' && this.options.readMode === 'local')) {
        attempt = await this.local(op, remaining);
      } else if (leader === null) {
        await this.waitForLeader(remaining);
        continue;
      } else {
        attempt = await this.forward(leader, op, remaining);
      }
      if ('final' in attempt) return attempt.final;
      reason = attempt.retry;
      await this.waitForLeader(Math.min(RETRY_PAUSE_MS, deadline - performance.now()));
    }
  }

  /** Runs a forwarded request here, never forwarding it on: a redirect goes back to its origin. */
  serveForwarded(from: NodeId, id: number, request: ForwardedRequest): void {
    const reply = (out: ForwardedOutcome): void => this.options.transport.send(from, { k: 'fwd-reply', id, out });
    const replica = this.options.replica();
    if (request.op === 'read') replica.read(request.key, reply);
    else if (request.op === 'write') replica.write(request.command, reply);
    else replica.configure(request.change, reply);
  }

  forwardReplied(id: number, outcome: ForwardedOutcome): void {
    this.forwards.get(id)?.settle(outcome);
  }

  /** Fails every forwarded request still waiting (on shutdown). */
  abandonAll(): void {
    for (const { settle } of [...this.forwards.values()]) settle('lost');
  }

  private local(op: Operation, timeoutMs: number): Promise<Attempt> {
    return new Promise((resolve) => {
      const timer = setTimeout(() => resolve({ final: failure(op, 'timeout', false) }), timeoutMs);
      const reply = (outcome: ClientOutcome): void => {
        clearTimeout(timer);
        resolve(attemptOf(op, outcome));
      };
      const replica = this.options.replica();
      if (op.op === 'read') replica.read(op.key, reply);
      else if (op.op === 'write') replica.write(op.command, reply);
      else replica.configure(op.change, reply);
    });
  }

  private forward(leader: NodeId, op: Operation, timeoutMs: number): Promise<Attempt> {
    const { transport } = this.options;
    if (!transport.isConnected(leader)) return Promise.resolve({ retry: 'leader-unreachable' });
    this.options.onForward();
    const id = this.nextForward++;
    return new Promise((resolve) => {
      const settle = (result: ForwardedOutcome | 'lost' | 'dropped'): void => {
        if (!this.forwards.delete(id)) return;
        clearTimeout(timer);
        if (result === 'dropped') resolve({ retry: 'leader-unreachable' });
        else if (result === 'lost') resolve(op.op === 'read' ? { retry: 'forward-failed' } : { final: failure(op, 'forward-failed', false) });
        else resolve(attemptOf(op, result));
      };
      const timer = setTimeout(() => {
        this.forwards.delete(id);
        resolve({ final: failure(op, 'timeout', false) });
      }, timeoutMs);
      this.forwards.set(id, { settle, readAt: op.op === 'read' ? leader : null });
      transport.send(
        leader,
        { k: 'fwd', id, req: op, ttlMs: Math.ceil(timeoutMs) },
        { onDropped: () => settle('dropped'), onLost: () => settle('lost'), expiresAt: performance.now() + timeoutMs },
      );
    });
  }

  private waitForLeader(ms: number): Promise<void> {
    return new Promise((resolve) => {
      const wake = (): void => {
        clearTimeout(timer);
        this.leaderWaiters.delete(wake);
        resolve();
      };
      const timer = setTimeout(wake, Math.max(0, ms));
      this.leaderWaiters.add(wake);
    });
  }
}

function attemptOf(op: Operation, outcome: ClientOutcome | ForwardedOutcome): Attempt {
  switch (outcome.kind) {
    case 'ok':
      return { final: { kind: 'ok', value: outcome.value } };
    case 'redirect':
      return { retry: 'no-leader' };
    case 'fail':
      switch (outcome.error) {
        case 'cas-mismatch':
          return { final: { kind: 'error', code: 'cas-mismatch', actual: outcome.actual ?? null, definite: true } };
        case 'overwritten':
          return { final: failure(op, 'proposal-dropped', true) };
        case 'conf-change-pending':
        case 'learner-behind':
          return { final: failure(op, 'conf-change-pending', true) };
        default:
          // A read whose leader stepped down before confirming it: nothing happened.
          return { retry: 'no-leader' };
      }
  }
}

/** A read changes nothing, so every failed read is definite. */
function failure(op: Operation, code: ErrorCode, definite: boolean): Outcome {
  return { kind: 'error', code, definite: definite || op.op === 'read' };
}
