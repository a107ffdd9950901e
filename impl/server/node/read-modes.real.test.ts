import { afterEach, describe, expect, it } from 'vitest';
import { eventually, get, LocalCluster, put } from '../launch/local-cluster.js';

let cluster: LocalCluster | null = null;
afterEach(async () => {
  await cluster?.destroy();
  cluster = null;
});

/** A follower that missed the latest write, alone: its majority SIGKILLed while it was stopped. */
async function strandedFollower(mode: string): Promise<{ read: () => ReturnType<typeof get> }> {
  cluster = await LocalCluster.start({ nodes: 3, flags: ['--read-mode', mode, '--request-timeout-ms', '1000'] });
  const c = cluster;
  const leader = await c.leader();
  expect((await put(leader, 'k', 'old')).status).toBe(200);
  const follower = c.nodes.find((n) => n !== leader)!;
  await eventually(async () => ((await c.status(follower))!.applied >= (await c.status(leader))!.commit ? true : null), 5000, 'the follower to apply');
  await c.signal(follower, 'SIGSTOP');
  expect((await put(leader, 'k', 'new')).status).toBe(200);
  for (const node of c.nodes) if (node !== follower) await c.signal(node, 'SIGKILL');
  await c.signal(follower, 'SIGCONT');
  return { read: () => get(follower, 'k') };
}

describe('read modes', () => {
  it('--read-mode local serves a stale read from a node cut off from the newest write', async () => {
    const { read } = await strandedFollower('local');
    expect(await read()).toEqual({ status: 200, body: { value: 'old' } });
  });

  it('--read-mode index never serves it: the read fails, definitely', async () => {
    const { read } = await strandedFollower('index');
    const reply = await read();
    expect(reply.status).toBe(503);
    expect(reply.body).toMatchObject({ definite: true });
    expect(['no-leader', 'leader-unreachable']).toContain(reply.body.error);
  });
});
