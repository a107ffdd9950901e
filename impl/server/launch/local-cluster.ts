/**
 * Real node processes on this machine, for tests, `bench:kv` and `faultline cluster`: free loopback ports, temp data
 * folders, spawned with `node dist/harness/cli/main.js node` (build first), their JSON
 * log lines collected, and every process ended by its PID.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve, sep } from 'node:path';
import { fileURLToPath } from 'node:url';
import { freePort } from '../../../harness/real/ports.js';

/** The compiled CLI: beside this module under dist/, or dist/ of the checkout when run from source (tests). */
const HERE = fileURLToPath(new URL('.', import.meta.url));
const MAIN = HERE.includes(`${sep}dist${sep}`) ? resolve(HERE, '../../../harness/cli/main.js') : resolve(HERE, '../../../dist/harness/cli/main.js');

export interface LogLine {
  readonly time: number;
  readonly node: string;
  readonly level: string;
  readonly event: string;
  readonly [field: string]: unknown;
}

export interface LocalNode {
  readonly id: string;
  readonly dataDir: string;
  readonly peerPort: number;
  readonly clientPort: number;
  readonly url: string;
  process: ChildProcess | null;
  /** Every log line of every incarnation. */
  readonly logs: LogLine[];
  stderr: string;
  exit: Promise<number | null> | null;
  /** Where the current incarnation's log lines start in `logs`. */
  firstLog: number;
}

export interface ClusterOptions {
  readonly nodes: number;
  /** Extra flags for every node. */
  readonly flags?: readonly string[];
  /** Keep the data here (and leave it on destroy) instead of a temporary folder. */
  readonly dir?: string;
  /** Sees every log line a node prints, as printed. */
  readonly onLine?: (node: LocalNode, line: string) => void;
  /**
   * Drop the audit trail (`applied` and `vote` lines, one per Ready) unread instead of
   * parsing and keeping it: for benchmarks, whose clients share this process.
   */
  readonly skipAudit?: boolean;
}

/** An audit line as jsonLogger prints it (node/log.ts), told without parsing it. */
export const AUDIT_LINE = /^\{"time":\d+,"node":"[^"]*","level":"info","event":"(applied|vote)"/;

export class LocalCluster {
  readonly nodes: LocalNode[] = [];
  private readonly root: string;
  private readonly flags: readonly string[];

  private constructor(private readonly options: ClusterOptions) {
    this.flags = options.flags ?? [];
    this.root = options.dir ?? mkdtempSync(join(tmpdir(), 'faultline-cluster-'));
  }

  static async start(options: ClusterOptions): Promise<LocalCluster> {
    const cluster = new LocalCluster(options);
    for (let i = 1; i <= options.nodes; i++) await cluster.define(`n${i}`);
    try {
      for (const node of cluster.nodes) cluster.spawn(node, []);
      await Promise.all(cluster.nodes.map((n) => cluster.ready(n)));
    } catch (error) {
      // The caller never gets the cluster to destroy: end what was started here.
      await cluster.destroy();
      throw error;
    }
    return cluster;
  }

  /** Resolves once the node's current incarnation logged `node-ready`; throws if it exits first. */
  async ready(node: LocalNode, timeoutMs = 15_000): Promise<void> {
    const incarnation = node.process;
    await eventually(
      async () => {
        if (incarnation === null || incarnation.exitCode !== null || incarnation.signalCode !== null) {
          throw new Error(`${node.id} exited before it was ready: ${node.stderr.trim()}`);
        }
        return node.logs.slice(node.firstLog).some((l) => l.event === 'node-ready') ? true : null;
      },
      timeoutMs,
      `${node.id} to be ready`,
    );
  }

  /** Reserves ports and a folder for a node without starting it. */
  async define(id: string): Promise<LocalNode> {
    const node: LocalNode = {
      id,
      dataDir: join(this.root, id),
      peerPort: await freePort(),
      clientPort: await freePort(),
      url: '',
      process: null,
      logs: [],
      stderr: '',
      exit: null,
      firstLog: 0,
    };
    (node as { url: string }).url = `http://127.0.0.1:${node.clientPort}`;
    this.nodes.push(node);
    return node;
  }

  node(id: string): LocalNode {
    const node = this.nodes.find((n) => n.id === id);
    if (node === undefined) throw new Error(`no node ${id}`);
    return node;
  }

  /** Starts (or restarts) a node; `peers` defaults to every other defined node. */
  spawn(node: LocalNode, extra: readonly string[], peers: readonly LocalNode[] = this.nodes.filter((n) => n !== node)): void {
    const args = [
      MAIN, 'node', '--id', node.id, '--data', node.dataDir,
      '--peer-listen', `127.0.0.1:${node.peerPort}`, '--client-listen', `127.0.0.1:${node.clientPort}`,
      ...peers.flatMap((p) => ['--peer', `${p.id}=127.0.0.1:${p.peerPort}`]),
      '--exit-on-stdin-close', ...this.flags, ...extra,
    ];
    const child = spawn(process.execPath, args, { stdio: ['pipe', 'pipe', 'pipe'] });
    node.process = child;
    node.stderr = '';
    node.firstLog = node.logs.length;
    let pending = '';
    child.stdout!.setEncoding('utf8').on('data', (chunk: string) => {
      pending += chunk;
      const lines = pending.split('\n');
      pending = lines.pop()!;
      for (const line of lines) {
        if (line.trim() === '' || (this.options.skipAudit === true && AUDIT_LINE.test(line))) continue;
        node.logs.push(JSON.parse(line) as LogLine);
        this.options.onLine?.(node, line);
      }
    });
    child.stderr!.setEncoding('utf8').on('data', (chunk: string) => (node.stderr += chunk));
    node.exit = new Promise((resolveExit) => child.once('exit', (code) => resolveExit(code)));
  }

  /** Sends a signal to the node's process, by PID. SIGKILL and SIGTERM wait for the exit. */
  async signal(node: LocalNode, signal: NodeJS.Signals): Promise<void> {
    const child = node.process;
    if (child === null || child.pid === undefined || child.exitCode !== null || child.signalCode !== null) return;
    process.kill(child.pid, signal);
    if (signal === 'SIGKILL' || signal === 'SIGTERM') {
      await node.exit;
      node.process = null;
    }
  }

  async restart(node: LocalNode, extra: readonly string[] = []): Promise<void> {
    await this.signal(node, 'SIGKILL');
    this.spawn(node, extra);
    await this.ready(node);
  }

  /**
   * Ends every process by PID — SIGCONT first, in case one is stopped, then `signal`
   * (SIGKILL by default) — and removes the folders unless they were given as `dir`.
   */
  async destroy(signal: 'SIGKILL' | 'SIGTERM' = 'SIGKILL'): Promise<void> {
    await Promise.all(
      this.nodes.map(async (node) => {
        const pid = node.process?.pid;
        if (pid === undefined || node.process!.exitCode !== null || node.process!.signalCode !== null) return;
        process.kill(pid, 'SIGCONT');
        await this.signal(node, signal);
      }),
    );
    if (this.options.dir === undefined) rmSync(this.root, { recursive: true, force: true });
  }

  async status(node: LocalNode): Promise<NodeStatus | null> {
    try {
      const res = await fetch(`${node.url}/status`, { signal: AbortSignal.timeout(1000) });
      return (await res.json()) as NodeStatus;
    } catch {
      return null;
    }
  }

  /** Waits until the running nodes agree on one leader; returns it. */
  async leader(timeoutMs = 15_000, among: readonly LocalNode[] = this.running()): Promise<LocalNode> {
    return eventually(async () => {
      const statuses = await Promise.all(among.map((n) => this.status(n)));
      const leaders = statuses.filter((s): s is NodeStatus => s?.role === 'leader');
      const top = leaders.sort((a, b) => b.term - a.term)[0];
      if (top === undefined) return null;
      const agreed = statuses.filter((s) => s?.leader === top.id && s.term === top.term).length;
      return agreed > among.length / 2 ? this.node(top.id) : null;
    }, timeoutMs, 'a leader');
  }

  running(): LocalNode[] {
    return this.nodes.filter((n) => n.process !== null);
  }
}

export interface NodeStatus {
  readonly id: string;
  readonly role: string;
  readonly term: number;
  readonly leader: string | null;
  readonly commit: number;
  readonly applied: number;
  readonly firstIndex: number;
  readonly lastIndex: number;
  readonly snapshotIndex: number;
  readonly membership: { voters: string[]; learners: string[] };
  readonly readMode: string;
  readonly clock: number;
  readonly peers: Record<string, { address: string; connected: boolean; queued: number; dropped: number }>;
}

export async function eventually<T>(probe: () => Promise<T | null>, timeoutMs: number, what: string): Promise<T> {
  const deadline = performance.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (value !== null) return value;
    if (performance.now() > deadline) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 25));
  }
}

export interface Reply {
  readonly status: number;
  readonly body: { value?: unknown; error?: string; definite?: boolean; actual?: unknown; message?: string };
}

/** One HTTP call to a node's client API; a connection failure is status 0. */
export async function call(node: LocalNode, method: string, path: string, body?: unknown, headers: Record<string, string> = {}, timeoutMs = 3000): Promise<Reply> {
  try {
    const res = await fetch(`${node.url}${path}`, {
      method,
      headers: body === undefined ? headers : { 'content-type': 'application/json', ...headers },
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
      signal: AbortSignal.timeout(timeoutMs),
    });
    return { status: res.status, body: (await res.json()) as Reply['body'] };
  } catch (error) {
    return { status: 0, body: { error: (error as Error).name } };
  }
}

export const put = (node: LocalNode, key: string, value: unknown, headers?: Record<string, string>): Promise<Reply> =>
  call(node, 'PUT', `/kv/${encodeURIComponent(key)}`, { value }, headers);
export const get = (node: LocalNode, key: string): Promise<Reply> => call(node, 'GET', `/kv/${encodeURIComponent(key)}`);

/** A write retried while it fails definitely (an election under way): for setting up a scenario, not for measuring. */
export async function putSurely(node: LocalNode, key: string, value: unknown, timeoutMs = 10_000): Promise<void> {
  await eventually(async () => {
    const reply = await put(node, key, value);
    if (reply.status === 200) return true;
    if (reply.body.definite !== true) throw new Error(`put ${key} on ${node.id}: indefinite ${JSON.stringify(reply.body)}`);
    return null;
  }, timeoutMs, `put ${key} on ${node.id}`);
}
