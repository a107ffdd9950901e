/**
 * etcd 3.4 as a system under test: one `etcd` process per node, tested through its
 * JSON gateway (client.ts).
 *
 * A member's peer URL is part of its identity in etcd — the member ID hashes the URLs,
 * the cluster ID hashes the member IDs — so every node must be told the same URL for
 * each member, and a node cannot be given its own proxy address for each peer (tried:
 * per-node `--initial-cluster` values end in "cluster ID mismatch"). Instead each
 * member advertises a Unix socket by a relative path, `unix://peer-n2:2380`; etcd
 * dials such a URL as a path relative to its working folder, and each node runs in its
 * own folder, where the harness serves that socket as a relay into the proxy from this
 * node to n2 (`System.peerSocket`, harness/real/peer-sockets.ts). Each directed link
 * is still its own Toxiproxy proxy. Nodes listen for peers and clients on TCP.
 */
import { execFileSync } from 'node:child_process';
import { join } from 'node:path';
import { locateExecutable } from '../../real/executables.js';
import { formatAddress, type Address } from '../../real/ports.js';
import { httpJson } from '../http.js';
import type { ClientOptions, KvClient, NodeCommand, NodePlan, NodeStatus, System } from '../system.js';
import { EtcdKvClient } from './client.js';

export interface EtcdOptions {
  /** etcd's --heartbeat-interval (ms). */
  readonly heartbeatMs: number;
  /** etcd's --election-timeout (ms). */
  readonly electionMs: number;
  /** etcd's --snapshot-count: applied entries between snapshots. */
  readonly snapshotCount: number;
}

export const DEFAULT_ETCD_OPTIONS: EtcdOptions = { heartbeatMs: 100, electionMs: 1000, snapshotCount: 10_000 };

export const ETCD_HOWTO = 'no etcd: run `bash scripts/install.sh` (installs the Debian package etcd-server, etcd 3.4), put etcd on PATH, or set ETCD_BINARY to one';

const CLUSTER_TOKEN = 'faultline';

interface StatusBody {
  readonly header?: { readonly member_id?: string; readonly raft_term?: string };
  readonly leader?: string;
  readonly raftTerm?: string;
}

interface MemberListBody {
  readonly members?: ReadonlyArray<{ readonly ID?: string; readonly name?: string; readonly isLearner?: boolean }>;
}

export class EtcdSystem implements System {
  readonly name = 'etcd';
  private binary: string | null = null;
  private version: string | null = null;

  constructor(readonly options: EtcdOptions = DEFAULT_ETCD_OPTIONS) {}

  get description(): Record<string, unknown> {
    return { ...this.options, ...(this.version === null ? {} : { version: this.version }) };
  }

  preflight(): void {
    this.binary = locateExecutable({ name: 'etcd', envVar: 'ETCD_BINARY', fallbacks: ['/usr/bin/etcd'], howto: ETCD_HOWTO });
    const printed = execFileSync(this.binary, ['--version'], { encoding: 'utf8' });
    this.version = /etcd Version: (\S+)/.exec(printed)?.[1] ?? 'unknown';
  }

  peerSocket(peer: string): string {
    return `peer-${peer}:2380`;
  }

  command(node: NodePlan): NodeCommand {
    if (this.binary === null) this.preflight();
    const url = (id: string): string => `unix://${this.peerSocket(id)}`;
    const members = [node.id, ...node.peers.keys()].sort();
    const client = `http://${formatAddress(node.clientListen)}`;
    const o = this.options;
    const args = [
      '--name', node.id,
      '--data-dir', join(node.dataDir, 'etcd'),
      '--listen-peer-urls', `http://${formatAddress(node.peerListen)}`,
      '--initial-advertise-peer-urls', url(node.id),
      '--listen-client-urls', client,
      '--advertise-client-urls', client,
      '--initial-cluster', members.map((id) => `${id}=${url(id)}`).join(','),
      '--initial-cluster-state', node.joining ? 'existing' : 'new',
      '--initial-cluster-token', CLUSTER_TOKEN,
      '--heartbeat-interval', String(o.heartbeatMs),
      '--election-timeout', String(o.electionMs),
      '--snapshot-count', String(o.snapshotCount),
      '--logger', 'zap',
      '--log-outputs', 'stderr',
    ];
    // etcd does not notice the harness die by itself: the kernel ends it.
    return { file: this.binary!, args, orphan: node.exitWithHarness ? 'kill' : 'survive' };
  }

  async status(node: string, clientListen: Address, timeoutMs: number): Promise<NodeStatus> {
    const [status, members] = await Promise.all([
      gateway<StatusBody>(node, clientListen, '/v3/maintenance/status', timeoutMs),
      gateway<MemberListBody>(node, clientListen, '/v3/cluster/member/list', timeoutMs),
    ]);
    const names = new Map((members.members ?? []).map((m) => [m.ID ?? '', m.name ?? '']));
    const self = status.header?.member_id;
    const leader = status.leader === undefined || status.leader === '0' ? null : (names.get(status.leader) ?? null);
    return {
      id: node,
      role: leader === null ? 'other' : self !== undefined && status.leader === self ? 'leader' : 'follower',
      term: Number(status.raftTerm ?? status.header?.raft_term ?? 0),
      leader,
      voters: (members.members ?? []).filter((m) => m.isLearner !== true && m.name !== undefined && m.name !== '').map((m) => m.name!),
    };
  }

  client(address: Address, options: ClientOptions): KvClient {
    return new EtcdKvClient(address, options);
  }
}

async function gateway<T>(node: string, address: Address, path: string, timeoutMs: number): Promise<T> {
  const result = await httpJson(address, { method: 'POST', path, body: {}, timeoutMs });
  if (result.kind !== 'answer') throw new Error(`${node}: ${path} ${result.reason}`);
  if (result.status !== 200) throw new Error(`${node}: ${path} answered ${result.status} ${JSON.stringify(result.body)}`);
  return result.body as T;
}
