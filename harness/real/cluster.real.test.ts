import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { tempDir } from '../../checkers/history/test-support/files.js';
import { RunFolder } from '../store/run-folder.js';
import { DEFAULT_FAULTLINE_OPTIONS, FaultlineSystem } from '../systems/faultline/system.js';
import type { KvClient } from '../systems/system.js';
import { startEnvironment, type Environment } from './environment.js';
import { SetupError } from './errors.js';

const ids = ['n1', 'n2', 'n3'];
const system = new FaultlineSystem(DEFAULT_FAULTLINE_OPTIONS);
let env: Environment;

const client = (node: string, name: string, opTimeoutMs = 4000): KvClient =>
  system.client(env.cluster.network.clientAddress(node), { name, requestTimeoutMs: 1500, opTimeoutMs });

beforeAll(async () => {
  const folder = RunFolder.create(tempDir('cluster'), 'cluster', new Date());
  env = await startEnvironment({ system, folder, nodes: ids, cutMode: 'drop', fakeClocks: true });
});

afterAll(async () => {
  await env?.close();
});

describe('a real cluster behind Toxiproxy', () => {
  it('elects a leader and serves writes and reads through the client proxies', async () => {
    expect(await env.cluster.awaitLeader(20_000)).not.toBeNull();
    expect((await client('n1', 'c1').write('k', 1)).type).toBe('ok');
    expect(await client('n2', 'c2').read('k')).toMatchObject({ type: 'ok', value: 1 });
  });

  it('cuts the leader off: a write through it does not succeed while the majority goes on, and healing restores it', async () => {
    const leader = (await env.cluster.awaitLeader(20_000))!;
    const others = ids.filter((id) => id !== leader);
    const flows = others.flatMap((o) => [{ from: leader, to: o }, { from: o, to: leader }]);
    const cut = await env.cluster.network.cut(flows);
    const minority = await client(leader, 'minority', 3000).write('k', 2);
    expect(minority.type).not.toBe('ok');
    const newLeader = await env.cluster.awaitLeader(20_000);
    expect(others).toContain(newLeader);
    expect((await client(others[0]!, 'majority').write('k', 3)).type).toBe('ok');
    await env.cluster.network.heal(cut);
    // The old leader rejoins: a write and a read through it succeed again.
    const healed = client(leader, 'healed', 10_000);
    expect((await healed.write('k', 4)).type).toBe('ok');
    expect(await healed.read('k')).toMatchObject({ type: 'ok', value: 4 });
  });

  it('shows a clock bump in the node\'s /status', async () => {
    const node = env.cluster.node('n2');
    const before = await env.cluster.status('n2');
    expect(Math.abs(before.clock! - Date.now())).toBeLessThan(1000);
    node.clock!.bump(-90_000);
    await expect.poll(async () => (await env.cluster.status('n2')).clock! - Date.now(), { timeout: 5000 }).toBeLessThan(-89_000);
    node.clock!.reset();
    await expect.poll(async () => Math.abs((await env.cluster.status('n2')).clock! - Date.now()), { timeout: 5000 }).toBeLessThan(1000);
  });
});

describe('a node that cannot start', () => {
  it('ends the run before it begins, in one line that says where to look', async () => {
    // A node that dies at once, as one whose port was taken would.
    const broken = new FaultlineSystem(DEFAULT_FAULTLINE_OPTIONS);
    broken.command = () => ({ file: process.execPath, args: ['-e', 'process.exit(3)'], orphan: 'kill' });
    const folder = RunFolder.create(tempDir('broken'), 'broken', new Date());
    const error = await startEnvironment({ system: broken, folder, nodes: ['n1'], cutMode: 'drop', fakeClocks: false }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(SetupError);
    expect((error as Error).message).toMatch(/^node n1 exited while starting \(.*"code":3.*\); see .*n1\.stderr\.log$/);
  });
});
