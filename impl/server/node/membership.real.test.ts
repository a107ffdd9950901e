import { afterEach, describe, expect, it } from 'vitest';
import { call, eventually, get, LocalCluster, putSurely } from '../launch/local-cluster.js';

let cluster: LocalCluster | null = null;
afterEach(async () => {
  await cluster?.destroy();
  cluster = null;
});

describe('membership at run time', () => {
  it('a node added at run time catches up (through a snapshot) and serves; a removed node stops receiving', async () => {
    cluster = await LocalCluster.start({ nodes: 3, flags: ['--snapshot-every', '20'] });
    const c = cluster;
    const [n1, n2, n3] = c.nodes as [typeof c.nodes[0], typeof c.nodes[0], typeof c.nodes[0]];
    await c.leader();
    for (let i = 0; i < 50; i++) await putSurely(c.nodes[i % 3]!, `m${i % 10}`, i);

    const n4 = await c.define('n4');
    c.spawn(n4, ['--join'], [n1, n2, n3]);
    await c.ready(n4);
    const added = await call(n2, 'POST', '/admin/members', { id: 'n4', address: `127.0.0.1:${n4.peerPort}` });
    expect(added.status).toBe(200);
    await eventually(async () => ((await c.status(n4))?.membership.voters.includes('n4') ? true : null), 15_000, 'n4 to be promoted to voter');
    expect(n4.logs.some((l) => l.event === 'snapshot-installed')).toBe(true);
    for (let k = 0; k < 10; k++) expect((await get(n4, `m${k}`)).body.value).toBe(40 + k);
    await putSurely(n4, 'joined', true);
    expect((await get(n1, 'joined')).body.value).toBe(true);

    // Remove a follower that is not n4; it must stop receiving entries.
    const leader = await c.leader(15_000);
    const victim = [n1, n2, n3].find((n) => n !== leader)!;
    const removed = await call(n4, 'DELETE', `/admin/members/${victim.id}`);
    expect(removed.status).toBe(200);
    expect((removed.body as { membership: { voters: string[] } }).membership.voters).not.toContain(victim.id);
    const before = (await c.status(victim))!.applied;
    for (let i = 0; i < 20; i++) await putSurely(leader, `after${i}`, i);
    const leaderCommit = (await c.status(leader))!.commit;
    await new Promise((r) => setTimeout(r, 500));
    const after = (await c.status(victim))!;
    expect(after.applied).toBeLessThan(leaderCommit);
    expect(after.applied - before).toBeLessThanOrEqual(2);
    expect((await c.status(leader))!.membership.voters.sort()).toEqual(['n1', 'n2', 'n3', 'n4'].filter((id) => id !== victim.id));
    const notMember = await call(n4, 'DELETE', `/admin/members/${victim.id}`);
    expect(notMember).toMatchObject({ status: 409, body: { error: 'not-member', definite: true } });
  });
});
