import { readdirSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { tempDir } from '../../../checkers/history/test-support/files.js';
import { startEnvironment, type Environment } from '../../real/environment.js';
import type { Address } from '../../real/ports.js';
import { RunFolder } from '../../store/run-folder.js';
import { httpJson } from '../http.js';
import type { KvClient, Outcome } from '../system.js';
import { DEFAULT_ETCD_OPTIONS, EtcdSystem } from './system.js';

const ids = ['n1', 'n2', 'n3'];
const system = new EtcdSystem(DEFAULT_ETCD_OPTIONS);
let env: Environment;
let folder: RunFolder;

const client = (node: string, opTimeoutMs = 4000): KvClient =>
  system.client(env.cluster.network.clientAddress(node), { name: `c-${node}`, requestTimeoutMs: 1500, opTimeoutMs });

/** Bytes `node` has received from each peer (by name), from etcd's own counters. */
async function receivedBytes(node: string): Promise<Map<string, number>> {
  const address: Address = env.cluster.node(node).clientListen;
  const members = await httpJson(address, { method: 'POST', path: '/v3/cluster/member/list', body: {}, timeoutMs: 2000 });
  const names = new Map(((members.kind === 'answer' ? members.body : null) as { members: Array<{ ID: string; name: string }> }).members.map((m) => [BigInt(m.ID).toString(16), m.name]));
  const metrics = await httpJson(address, { method: 'GET', path: '/metrics', timeoutMs: 2000 });
  const text = metrics.kind === 'answer' ? String(metrics.body) : '';
  const bytes = new Map<string, number>();
  for (const match of text.matchAll(/^etcd_network_peer_received_bytes_total\{From="([0-9a-f]+)"\} (\S+)$/gm)) {
    bytes.set(names.get(match[1]!) ?? match[1]!, Number(match[2]));
  }
  return bytes;
}

/** How many bytes `to` received from `from` over `ms`. */
async function flowOver(pairs: ReadonlyArray<readonly [string, string]>, ms: number): Promise<number[]> {
  const before = await Promise.all(pairs.map(([, to]) => receivedBytes(to)));
  await new Promise((r) => setTimeout(r, ms));
  const after = await Promise.all(pairs.map(([, to]) => receivedBytes(to)));
  return pairs.map(([from], i) => (after[i]!.get(from) ?? 0) - (before[i]!.get(from) ?? 0));
}

const valueOf = (outcome: Outcome): unknown => (outcome.type === 'ok' ? outcome.value : undefined);

beforeAll(async () => {
  folder = RunFolder.create(tempDir('etcd'), 'etcd', new Date());
  env = await startEnvironment({ system, folder, nodes: ids, cutMode: 'drop', fakeClocks: false });
});

afterAll(async () => {
  await env?.close();
});

describe('etcd 3.4 behind Toxiproxy', () => {
  it('serves writes, reads and compare-and-set through the client proxies, data in the run folder', async () => {
    expect(await env.cluster.awaitLeader(20_000)).not.toBeNull();
    expect(await client('n1').write('k', 1)).toMatchObject({ type: 'ok', value: 1 });
    expect(await client('n2').read('k')).toMatchObject({ type: 'ok', value: 1 });
    expect(await client('n3').read('missing')).toMatchObject({ type: 'ok', value: null });
    expect(await client('n3').cas('k', 2, 3)).toMatchObject({ type: 'fail', error: 'cas-mismatch' });
    expect(await client('n3').cas('k', 1, 3)).toMatchObject({ type: 'ok', value: [1, 3] });
    expect(await client('n1').cas('fresh', null, 7)).toMatchObject({ type: 'ok' });
    expect(await client('n2').cas('fresh', null, 8)).toMatchObject({ type: 'fail', error: 'cas-mismatch' });
    expect(await client('n1').read('k')).toMatchObject({ type: 'ok', value: 3 });
    for (const id of ids) expect(readdirSync(folder.nodeDataDir(id))).toContain('etcd');
  });

  it('routes each directed peer link through its own proxy: cutting leader↔one follower stops exactly those flows', async () => {
    const leader = (await env.cluster.awaitLeader(20_000))!;
    const [cutOff, other] = ids.filter((id) => id !== leader) as [string, string];
    const pairs = [[leader, cutOff], [cutOff, leader], [leader, other], [other, leader]] as const;
    // Writes keep the leader sending to its followers (followers do not talk to each other).
    const writer = client(leader);
    let writing = true;
    const writes = (async () => {
      for (let v = 100; writing; v++) await writer.write('busy', v);
    })();
    expect((await flowOver(pairs, 1500)).every((bytes) => bytes > 0)).toBe(true);
    const cut = await env.cluster.network.cut([{ from: leader, to: cutOff }, { from: cutOff, to: leader }]);
    await new Promise((r) => setTimeout(r, 300));
    const during = await flowOver(pairs, 1500);
    await env.cluster.network.heal(cut);
    writing = false;
    await writes;
    expect(during.slice(0, 2)).toEqual([0, 0]);
    expect(during.slice(2).every((bytes) => bytes > 0)).toBe(true);
  });

  it('cuts the leader off: a write through it does not succeed, the majority goes on, healing restores it', async () => {
    const leader = (await env.cluster.awaitLeader(20_000))!;
    const others = ids.filter((id) => id !== leader);
    const cut = await env.cluster.network.cut(others.flatMap((o) => [{ from: leader, to: o }, { from: o, to: leader }]));
    const minority = await client(leader, 3000).write('k', 20);
    expect(minority.type).not.toBe('ok');
    await expect.poll(() => env.cluster.leader(), { timeout: 20_000, interval: 200 }).toBeOneOf(others);
    expect(await client(others[0]!).write('k', 21)).toMatchObject({ type: 'ok' });
    await env.cluster.network.heal(cut);
    await expect.poll(async () => valueOf(await client(leader, 2000).read('k')), { timeout: 20_000, interval: 200 }).toBe(21);
  });

  it('a killed member restarts on its data, and a paused follower catches up', async () => {
    const leader = (await env.cluster.awaitLeader(20_000))!;
    const [killed, paused] = ids.filter((id) => id !== leader) as [string, string];
    expect(await env.cluster.crash(killed)).toBe(true);
    expect(await client(leader).write('k', 30)).toMatchObject({ type: 'ok' });
    expect(await env.cluster.restart(killed)).toBe(true);
    await expect.poll(async () => valueOf(await client(killed, 2000).read('k')), { timeout: 20_000, interval: 200 }).toBe(30);
    expect(env.cluster.pause(paused)).toBe(true);
    expect(await client(leader).write('k', 31)).toMatchObject({ type: 'ok' });
    expect(env.cluster.resume(paused)).toBe(true);
    await expect.poll(async () => valueOf(await client(paused, 2000).read('k')), { timeout: 20_000, interval: 200 }).toBe(31);
  });
});
