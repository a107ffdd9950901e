import { afterEach, describe, expect, it } from 'vitest';
import { eventually, get, LocalCluster, putSurely } from '../launch/local-cluster.js';

let cluster: LocalCluster | null = null;
afterEach(async () => {
  await cluster?.destroy();
  cluster = null;
});

/** A follower that missed the latest write, alone: down while it was written, restarted after its majority died. */
async function strandedFollower(mode: string): Promise<{ read: () => ReturnType<typeof get> }> {
  cluster = await LocalCluster.start({ nodes: 3, flags: ['--read-mode', mode, '--request-timeout-ms', '1000'] });
  const c = cluster;
  const leader = await c.leader();
  await putSurely(leader, 'k', 'old');
  const follower = c.nodes.find((n) => n !== leader)!;
  await eventually(async () => ((await c.status(follower))!.applied >= (await c.status(leader))!.commit ? true : null), 5000, 'the follower to apply');
  await c.signal(follower, 'SIGKILL');
  await putSurely(leader, 'k', 'new');
  for (const node of c.nodes) if (node !== follower) await c.signal(node, 'SIGKILL');
  c.spawn(follower, []);
  await c.ready(follower);
  await eventually(async () => {
    const s = await c.status(follower);
    return s !== null && s.commit > 0 && s.applied >= s.commit ? true : null;
  }, 5000, 'the restarted follower to apply what it knows is committed');
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
    expect(reply.body).toMatchObject({ definite: true });
    expect(['no-leader', 'leader-unreachable', 'forward-failed']).toContain(reply.body.error);
    expect([502, 503]).toContain(reply.status);
  });
});
