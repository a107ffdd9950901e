/**
 * The client API over HTTP/1.1 and JSON (docs/node.md). Reads bodies up to a bound,
 * checks every request (requests.ts), runs it through the Router and answers with a
 * result or an error that says whether it is definite. Tracks requests in flight so a
 * shutdown can finish or fail them.
 */
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { Value } from '../../kv/commands.js';
import type { ConfChange, Membership } from '../../raft/types.js';
import { splitAddress } from '../transport/peer-link.js';
import { ERRORS, type ErrorCode } from './errors.js';
import type { NodeMetrics } from './metrics.js';
import { address, MAX_BODY_BYTES, nodeId, parseBody, RequestError, route, session, value, type Route } from './requests.js';
import type { Operation, Outcome } from './router.js';

export interface ApiBackend {
  readonly self: string;
  readonly requestTimeoutMs: number;
  readonly metrics: NodeMetrics;
  execute(op: Operation, timeoutMs: number): Promise<Outcome>;
  status(): Record<string, unknown>;
  membership(): Membership;
  /** Records this node's dial address for a peer (and persists it). */
  setPeerAddress(peer: string, address: string): void;
  /** Tells every reachable peer the address too. */
  announcePeerAddress(peer: string, address: string): void;
}

interface InFlight {
  fail(code: ErrorCode): void;
  readonly done: Promise<void>;
}

export class HttpApi {
  private readonly server: Server;
  private readonly inFlight = new Set<InFlight>();
  private stopping = false;

  constructor(private readonly backend: ApiBackend) {
    this.server = createServer((req, res) => this.handle(req, res));
    this.server.maxHeadersCount = 64;
  }

  listen(listen: string): Promise<string> {
    const [host, port] = splitAddress(listen);
    return new Promise((resolve, reject) => {
      this.server.once('error', reject);
      this.server.listen({ host, port }, () => {
        const bound = this.server.address();
        resolve(typeof bound === 'object' && bound !== null ? `${host}:${bound.port}` : listen);
      });
    });
  }

  /** Stops accepting, gives requests in flight `graceMs` to finish, fails the rest. */
  async close(graceMs: number): Promise<void> {
    this.stopping = true;
    const closed = new Promise<void>((resolve) => this.server.close(() => resolve()));
    this.server.closeIdleConnections();
    const all = Promise.all([...this.inFlight].map((r) => r.done));
    await Promise.race([all, new Promise((resolve) => setTimeout(resolve, graceMs))]);
    for (const request of this.inFlight) request.fail('shutting-down');
    this.server.closeAllConnections();
    await closed;
  }

  private handle(req: IncomingMessage, res: ServerResponse): void {
    let settled = false;
    let settle!: () => void;
    const done = new Promise<void>((resolve) => (settle = resolve));
    let routeName = 'unknown';
    const send = (status: number, body: unknown, headers: Record<string, string> = {}): void => {
      if (settled) return;
      settled = true;
      this.inFlight.delete(entry);
      settle();
      this.backend.metrics.http.inc({ route: routeName, code: String(status) });
      const text = typeof body === 'string' ? body : JSON.stringify(body);
      res.writeHead(status, { 'content-type': typeof body === 'string' ? 'text/plain; version=0.0.4' : 'application/json', 'faultline-node': this.backend.self, ...headers });
      res.end(text);
    };
    const fail = (code: ErrorCode, message: string, extra: Record<string, unknown> = {}, headers: Record<string, string> = {}): void => {
      const { status, definite } = ERRORS[code];
      send(status, { error: code, definite, message, ...extra }, headers);
    };
    const entry: InFlight = { fail: (code) => fail(code, 'the node is shutting down'), done };
    this.inFlight.add(entry);
    if (this.stopping) return fail('shutting-down', 'the node is shutting down');
    this.serve(req, (r) => (routeName = r))
      .then((result) => send(200, result.body, result.headers))
      .catch((error: unknown) => {
        if (error instanceof RequestError) {
          // The body of a refused request is not read: close the connection after answering.
          const headers: Record<string, string> = error.allow === undefined ? {} : { allow: error.allow };
          if (!req.complete) headers.connection = 'close';
          fail(error.code, error.message, {}, headers);
        } else if (error instanceof OutcomeError) {
          fail(error.outcome.code, describe(error.outcome.code), error.outcome.actual === undefined ? {} : { actual: error.outcome.actual }, {});
        } else {
          fail('bad-request', error instanceof Error ? error.message : String(error));
        }
      });
  }

  private async serve(req: IncomingMessage, named: (route: string) => void): Promise<{ body: unknown; headers?: Record<string, string> }> {
    const r: Route = route(req.method ?? 'GET', req.url ?? '/');
    named(r.route);
    const timeout = this.backend.requestTimeoutMs;
    switch (r.route) {
      case 'status':
        return { body: this.backend.status() };
      case 'metrics':
        return { body: await this.backend.metrics.registry.metrics() };
      case 'kv-get':
        return { body: { value: await this.run({ op: 'read', key: r.key }, timeout) } };
      case 'kv-delete': {
        const s = session(req.headers);
        return { body: { value: await this.run({ op: 'write', command: { op: 'delete', key: r.key, ...s } }, timeout) } };
      }
      case 'kv-put': {
        const s = session(req.headers);
        const body = parseBody(req.headers['content-type'], await readBody(req), ['value']);
        return { body: { value: await this.run({ op: 'write', command: { op: 'put', key: r.key, value: value(body.value, 'value'), ...s } }, timeout) } };
      }
      case 'kv-cas': {
        const s = session(req.headers);
        const body = parseBody(req.headers['content-type'], await readBody(req), ['from', 'to']);
        const command = { op: 'cas', key: r.key, from: value(body.from, 'from'), to: value(body.to, 'to'), ...s } as const;
        return { body: { value: await this.run({ op: 'write', command }, timeout) } };
      }
      case 'members-add': {
        const body = parseBody(req.headers['content-type'], await readBody(req), ['id', 'address?']);
        const id = nodeId(body.id);
        if (body.address !== undefined) {
          const addr = address(body.address);
          this.backend.setPeerAddress(id, addr);
          this.backend.announcePeerAddress(id, addr);
        }
        await this.configure({ type: 'add-learner', node: id }, timeout);
        return { body: { membership: this.backend.membership() } };
      }
      case 'members-remove': {
        const m = this.backend.membership();
        if (!m.voters.includes(r.id) && !m.learners.includes(r.id)) throw new OutcomeError({ kind: 'error', code: 'not-member', definite: true });
        await this.configure({ type: 'remove', node: r.id }, timeout);
        return { body: { membership: this.backend.membership() } };
      }
      case 'peers-set': {
        const body = parseBody(req.headers['content-type'], await readBody(req), ['address']);
        this.backend.setPeerAddress(r.id, address(body.address));
        return { body: { id: r.id, address: body.address } };
      }
    }
  }

  private async run(op: Operation, timeoutMs: number): Promise<Value> {
    const outcome = await this.backend.execute(op, timeoutMs);
    if (outcome.kind === 'error') throw new OutcomeError(outcome);
    return outcome.value;
  }

  private async configure(change: ConfChange, timeoutMs: number): Promise<void> {
    // A freshly committed change may still block the next one for a moment: wait it out.
    const deadline = performance.now() + timeoutMs;
    for (;;) {
      const outcome = await this.backend.execute({ op: 'configure', change }, Math.max(1, deadline - performance.now()));
      if (outcome.kind === 'ok') return;
      if (outcome.code !== 'conf-change-pending' || performance.now() + 20 >= deadline) throw new OutcomeError(outcome);
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
  }
}

class OutcomeError extends Error {
  constructor(readonly outcome: Extract<Outcome, { kind: 'error' }>) {
    super(outcome.code);
  }
}

const DESCRIPTIONS: Partial<Record<ErrorCode, string>> = {
  'cas-mismatch': 'the current value differs from "from"',
  'no-leader': 'no leader is known: nothing was done; retry',
  'leader-unreachable': 'this node has no link to the leader: nothing was sent; retry or ask another node',
  'proposal-dropped': 'the write was overwritten by another leader and will never apply',
  'conf-change-pending': 'another membership change is still in progress',
  'not-member': 'no such member',
  timeout: 'no outcome in time: a write may still take effect',
  'forward-failed': 'the link to the leader broke after the request was sent: it may take effect',
};

function describe(code: ErrorCode): string {
  return DESCRIPTIONS[code] ?? code;
}

/** Reads at most MAX_BODY_BYTES; refuses a larger body (by its Content-Length, or as it streams). */
function readBody(req: IncomingMessage): Promise<Buffer> {
  const declared = Number(req.headers['content-length'] ?? NaN);
  if (declared > MAX_BODY_BYTES) return Promise.reject(new RequestError('payload-too-large', `the body is ${declared} bytes; at most ${MAX_BODY_BYTES}`));
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let bytes = 0;
    const onData = (chunk: Buffer): void => {
      bytes += chunk.length;
      if (bytes > MAX_BODY_BYTES) {
        req.off('data', onData);
        req.pause();
        reject(new RequestError('payload-too-large', `the body exceeds ${MAX_BODY_BYTES} bytes`));
        return;
      }
      chunks.push(chunk);
    };
    req.on('data', onData);
    req.on('end', () => resolve(Buffer.concat(chunks)));
    req.on('error', (error) => reject(new RequestError('bad-request', `reading the body failed: ${error.message}`)));
  });
}
