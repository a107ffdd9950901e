/**
 * The KV client of our store over its HTTP API (docs/node.md), through the route it
 * was given. Every answer maps to ok / fail / info by the documented error classes.
 * An operation is retried while that is safe — after a definite "unavailable" error,
 * after a request that never left, and after an unknown outcome with the same session
 * sequence number (the store applies a retried write once) — until its deadline.
 * Once any attempt's outcome was unknown, the operation can no longer be a `fail`.
 */
import type { Address } from '../../real/ports.js';
import { attemptUntilDeadline, type Attempt } from '../attempts.js';
import { httpJson, type HttpResult } from '../http.js';
import type { ClientOptions, KvClient, KvValue, Outcome } from '../system.js';

/** Definite errors worth another try: nothing happened, and another moment may go better. */
const RETRIABLE = new Set(['no-leader', 'leader-unreachable', 'proposal-dropped']);

interface ErrorBody {
  readonly error: string;
  readonly definite: boolean;
}

function isErrorBody(body: unknown): body is ErrorBody {
  return typeof body === 'object' && body !== null && typeof (body as ErrorBody).error === 'string' && typeof (body as ErrorBody).definite === 'boolean';
}

export class FaultlineKvClient implements KvClient {
  private seq = 0;

  constructor(
    private readonly address: Address,
    private readonly options: ClientOptions,
  ) {}

  read(key: string): Promise<Outcome> {
    return this.run({ method: 'GET', path: kvPath(key) }, false);
  }

  write(key: string, value: KvValue): Promise<Outcome> {
    return this.run({ method: 'PUT', path: kvPath(key), body: { value } }, true);
  }

  cas(key: string, from: KvValue, to: KvValue): Promise<Outcome> {
    return this.run({ method: 'POST', path: `${kvPath(key)}/cas`, body: { from, to } }, true);
  }

  private run(call: { method: 'GET' | 'PUT' | 'POST'; path: string; body?: unknown }, mutates: boolean): Promise<Outcome> {
    // A read changes nothing: it needs no session, and its unknown outcome is a failure.
    const headers = mutates ? { 'Faultline-Client': this.options.name, 'Faultline-Seq': String(++this.seq) } : undefined;
    // The session's sequence number makes a retried write apply once: retrying after an unknown outcome is safe.
    const policy = { ...this.options, mutates, retryAfterUnknown: true };
    return attemptUntilDeadline(policy, async (timeoutMs) => classify(await httpJson(this.address, { ...call, headers, timeoutMs })));
  }
}

function kvPath(key: string): string {
  return `/kv/${encodeURIComponent(key)}`;
}

function classify(result: HttpResult): Attempt {
  switch (result.kind) {
    case 'unsent':
      return { kind: 'definite', error: result.reason, retry: true };
    case 'lost':
      return { kind: 'unknown', error: result.reason };
    case 'answer': {
      const header = result.headers['faultline-node'];
      const node = typeof header === 'string' ? header : undefined;
      if (result.status === 200) return { kind: 'ok', value: (result.body as { value?: unknown } | null)?.value ?? null, node };
      if (!isErrorBody(result.body)) return { kind: 'unknown', error: `HTTP ${result.status}`, node };
      const { error, definite } = result.body;
      return definite ? { kind: 'definite', error, retry: RETRIABLE.has(error), node } : { kind: 'unknown', error, node };
    }
  }
}
