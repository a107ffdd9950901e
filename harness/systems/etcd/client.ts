/**
 * A KV client of etcd 3.4 over its JSON gateway (grpc-gateway): `/v3/kv/range` reads
 * (linearizable: the gateway's default), `/v3/kv/put` writes, and `/v3/kv/txn` for
 * compare-and-set. Keys and values travel base64-encoded; a value is stored as its JSON
 * text, so numbers read back as numbers.
 *
 * How answers map to outcomes (docs/systems.md):
 * - 200 → ok (a txn whose compare failed is a definite `cas-mismatch` fail).
 * - A request that never left (no connection) → definitely not applied; retried.
 * - An error etcd raises before it proposes anything (too many requests, no leader,
 *   proposal dropped, request too large, invalid argument) → definite.
 * - Anything else on a write — a timeout, "context deadline exceeded" (etcd answers it
 *   also when a proposal was handed to raft at the deadline), a lost answer → info:
 *   it may have been applied. etcd has no client sessions, so a write is never retried
 *   after an unknown outcome (a second copy could land after a later write).
 * - A read changes nothing: every error is retried until the deadline, then a fail.
 */
import type { Address } from '../../real/ports.js';
import { attemptUntilDeadline, type Attempt } from '../attempts.js';
import { httpJson, type HttpResult } from '../http.js';
import type { ClientOptions, KvClient, KvValue, Outcome } from '../system.js';

/** Errors raised before a proposal reaches raft: nothing was applied. The retriable ones may go better a moment later. */
const DEFINITE_RETRIABLE = new Set(['etcdserver: too many requests', 'etcdserver: no leader', 'raft proposal dropped']);
const DEFINITE_FINAL = new Set(['etcdserver: request is too large', 'etcdserver: not capable']);
/** gRPC's InvalidArgument: the request was refused as malformed. */
const INVALID_ARGUMENT = 3;

export function encode(text: string): string {
  return Buffer.from(text, 'utf8').toString('base64');
}

export function decode(base64: string): string {
  return Buffer.from(base64, 'base64').toString('utf8');
}

/** A stored value as the workload wrote it: its JSON text, or the raw text when it is not JSON. */
export function decodeValue(base64: string): unknown {
  const text = decode(base64);
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return text;
  }
}

interface GatewayBody {
  readonly kvs?: ReadonlyArray<{ readonly value?: string }>;
  readonly succeeded?: boolean;
}

interface GatewayError {
  readonly error: string;
  readonly code: number;
}

function isGatewayError(body: unknown): body is GatewayError {
  return typeof body === 'object' && body !== null && typeof (body as GatewayError).error === 'string' && typeof (body as GatewayError).code === 'number';
}

export class EtcdKvClient implements KvClient {
  constructor(
    private readonly address: Address,
    private readonly options: ClientOptions,
  ) {}

  read(key: string): Promise<Outcome> {
    return this.run('/v3/kv/range', { key: encode(key) }, false, (body) => {
      const stored = body.kvs?.[0]?.value;
      return stored === undefined ? null : decodeValue(stored);
    });
  }

  write(key: string, value: KvValue): Promise<Outcome> {
    return this.run('/v3/kv/put', { key: encode(key), value: encode(JSON.stringify(value)) }, true, () => value);
  }

  cas(key: string, from: KvValue, to: KvValue): Promise<Outcome> {
    const k = encode(key);
    // A missing key has create revision 0: that is how "it holds null" is asked.
    const compare =
      from === null
        ? { key: k, target: 'CREATE', result: 'EQUAL', create_revision: '0' }
        : { key: k, target: 'VALUE', result: 'EQUAL', value: encode(JSON.stringify(from)) };
    const txn = { compare: [compare], success: [{ request_put: { key: k, value: encode(JSON.stringify(to)) } }] };
    return this.run('/v3/kv/txn', txn, true, (body) => (body.succeeded === true ? [from, to] : MISMATCH));
  }

  private run(path: string, body: unknown, mutates: boolean, valueOf: (body: GatewayBody) => unknown): Promise<Outcome> {
    // No sessions: after an unknown outcome a write is not tried again (a second copy could land after a later write).
    const policy = { ...this.options, mutates, retryAfterUnknown: false };
    return attemptUntilDeadline(policy, async (timeoutMs) => {
      const attempt = classify(await httpJson(this.address, { method: 'POST', path, body, timeoutMs }));
      if (attempt.kind !== 'ok') return attempt;
      const value = valueOf(attempt.value as GatewayBody);
      // etcd evaluated the compare and applied nothing.
      return value === MISMATCH ? { kind: 'definite', error: 'cas-mismatch', retry: false } : { kind: 'ok', value };
    });
  }
}

const MISMATCH = Symbol('cas-mismatch');

/** An answer of the gateway as an attempt; an ok attempt's value is the response body. */
export function classify(result: HttpResult): Attempt {
  switch (result.kind) {
    case 'unsent':
      return { kind: 'definite', error: result.reason, retry: true };
    case 'lost':
      return { kind: 'unknown', error: result.reason };
    case 'answer': {
      if (result.status === 200 && typeof result.body === 'object' && result.body !== null) return { kind: 'ok', value: result.body };
      if (!isGatewayError(result.body)) return { kind: 'unknown', error: `HTTP ${result.status}` };
      const { error, code } = result.body;
      if (DEFINITE_RETRIABLE.has(error)) return { kind: 'definite', error, retry: true };
      if (DEFINITE_FINAL.has(error) || code === INVALID_ARGUMENT) return { kind: 'definite', error, retry: false };
      return { kind: 'unknown', error };
    }
  }
}
