/**
 * The anchor: a 3-member etcd cluster on loopback (etcd 3.4, Debian's etcd-server),
 * started and stopped by PID, driven through its JSON gateway (`/v3/kv/put`,
 * `/v3/kv/range`; ranges are linearizable by default). etcd keeps its default
 * timings (heartbeat 100 ms, election 1000 ms) and fsyncs.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { freePort } from '../../harness/real/ports.js';
import { JsonClient } from './http.js';
import { sumMetric, until, type BenchSystem } from './system.js';

const b64 = (text: string): string => Buffer.from(text).toString('base64');

interface Member {
  readonly name: string;
  readonly clientUrl: string;
  readonly peerUrl: string;
  readonly dataDir: string;
  process: ChildProcess | null;
}

export async function startEtcd(client: JsonClient, binary = process.env.ETCD ?? 'etcd'): Promise<BenchSystem> {
  const root = mkdtempSync(join(tmpdir(), 'faultline-bench-etcd-'));
  const members: Member[] = [];
  for (let i = 1; i <= 3; i++) {
    members.push({ name: `e${i}`, clientUrl: `http://127.0.0.1:${await freePort()}`, peerUrl: `http://127.0.0.1:${await freePort()}`, dataDir: join(root, `e${i}`), process: null });
  }
  const initialCluster = members.map((m) => `${m.name}=${m.peerUrl}`).join(',');
  const launch = (m: Member): void => {
    const child = spawn(binary, [
      '--name', m.name, '--data-dir', m.dataDir,
      '--listen-client-urls', m.clientUrl, '--advertise-client-urls', m.clientUrl,
      '--listen-peer-urls', m.peerUrl, '--initial-advertise-peer-urls', m.peerUrl,
      '--initial-cluster', initialCluster, '--initial-cluster-state', 'new', '--initial-cluster-token', 'faultline-bench',
      '--log-level', 'error',
    ], { stdio: ['ignore', 'ignore', 'pipe'] });
    child.stderr!.resume();
    child.on('error', (error) => process.stderr.write(`bench: cannot start etcd (${binary}): ${error.message}\n`));
    m.process = child;
  };
  const status = async (m: Member): Promise<{ leader: string; member: string } | null> => {
    const reply = await client.call('POST', `${m.clientUrl}/v3/maintenance/status`, {}, 1000);
    const body = reply.body as { leader?: string; header?: { member_id?: string } } | null;
    return reply.status === 200 && body?.leader !== undefined && body.leader !== '0' ? { leader: body.leader, member: body.header?.member_id ?? '' } : null;
  };
  const leader = (): Promise<number> =>
    until(async () => {
      const live = members.filter((m) => m.process !== null);
      const statuses = await Promise.all(live.map(status));
      if (statuses.some((s) => s === null)) return null;
      const leaders = new Set(statuses.map((s) => s!.leader));
      if (leaders.size !== 1) return null;
      const index = statuses.findIndex((s) => s!.member === s!.leader);
      return index < 0 ? null : members.indexOf(live[index]!);
    }, 30_000, 'etcd to agree on a leader');

  const kill = async (member: number): Promise<void> => {
    const m = members[member]!;
    const child = m.process;
    if (child === null) return;
    const exited = new Promise((r) => child.once('exit', r));
    process.kill(child.pid!, 'SIGKILL');
    await exited;
    m.process = null;
  };
  members.forEach(launch);
  await leader();
  return {
    name: 'etcd 3.4',
    urls: members.map((m) => m.clientUrl),
    async put(url, key, value, timeoutMs) {
      return (await client.call('POST', `${url}/v3/kv/put`, { key: b64(key), value: b64(value) }, timeoutMs)).status;
    },
    async get(url, key, timeoutMs) {
      return (await client.call('POST', `${url}/v3/kv/range`, { key: b64(key) }, timeoutMs)).status;
    },
    leaderChanges: () => sumMetric(client, members.filter((m) => m.process !== null).map((m) => m.clientUrl), 'etcd_server_leader_changes_seen_total'),
    leader,
    kill,
    pids: () => members.flatMap((m) => (m.process?.pid === undefined ? [] : [m.process.pid])),
    async restart(member) {
      launch(members[member]!);
      await leader();
    },
    async stop() {
      for (let i = 0; i < members.length; i++) await kill(i);
      rmSync(root, { recursive: true, force: true });
    },
  };
}
