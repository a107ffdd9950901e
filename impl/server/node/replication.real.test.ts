import { afterEach, describe, expect, it } from 'vitest';
import { eventually, get, LocalCluster, put, putSurely, type LocalNode } from '../launch/local-cluster.js';

let cluster: LocalCluster | null = null;
afterEach(async () => {
  await cluster?.destroy();
  cluster = null;
});

/** Writers putting distinct keys until told to stop; returns the keys acknowledged. */
function writers(nodes: () => LocalNode[], count: number): { acked(): number; stop(): Promise<Map<string, number>> } {
  const acked = new Map<string, number>();
  let running = true;
  const loops = Array.from({ length: count }, async (_, w) => {
    for (let i = 0; running; i++) {
      const targets = nodes();
      const node = targets[(w + i) % targets.length]!;
      const key = `w${w}-${i}`;
      const reply = await put(node, key, i, { 'faultline-client': `w${w}`, 'faultline-seq': String(i + 1) });
      if (reply.status === 200) acked.set(key, i);
      else if (reply.status === 0) await new Promise((r) => setTimeout(r, 10));
    }
  });
  return {
    acked: () => acked.size,
    async stop() {
      running = false;
      await Promise.all(loops);
      return acked;
    },
  };
}

async function expectAllReadable(node: LocalNode, acked: Map<string, number>): Promise<void> {
  const missing: string[] = [];
  for (const [key, value] of acked) {
    const reply = await get(node, key);
    if (reply.status !== 200 || reply.body.value !== value) missing.push(`${key}: ${JSON.stringify(reply)}`);
  }
  expect(missing).toEqual([]);
}

describe.each([3, 5])('a %i-node cluster of real processes', (size) => {
  it('replicates writes to every node and fails over after a SIGKILL of the leader without losing an acknowledged write', async () => {
    cluster = await LocalCluster.start({ nodes: size });
    const c = cluster;
    const first = await c.leader();
    for (let i = 0; i < 5; i++) await putSurely(c.nodes[i % size]!, `k${i}`, `v${i}`);
    // Every node applies them (read locally through /status, then through ReadIndex from each node).
    await eventually(async () => ((await Promise.all(c.nodes.map((n) => c.status(n)))).every((s) => s !== null && s.applied >= s.commit && s.commit >= size + 5) ? true : null), 10_000, 'every node to apply');
    for (const node of c.nodes) for (let i = 0; i < 5; i++) expect((await get(node, `k${i}`)).body).toEqual({ value: `v${i}` });

    const load = writers(() => c.running(), 8);
    await eventually(async () => (load.acked() >= 20 ? true : null), 20_000, '20 acknowledged writes');
    await c.signal(first, 'SIGKILL');
    const second = await c.leader();
    expect(second.id).not.toBe(first.id);
    const before = load.acked();
    await eventually(async () => (load.acked() >= before + 10 ? true : null), 20_000, 'writes acknowledged after the failover');
    const acked = await load.stop();
    expect(acked.size).toBeGreaterThanOrEqual(30);
    await expectAllReadable(second, acked);
  });
});

describe('a 3-node cluster under SIGKILL', () => {
  it('keeps every acknowledged write when every node is SIGKILLed under concurrent load and restarted', async () => {
    cluster = await LocalCluster.start({ nodes: 3 });
    const c = cluster;
    await c.leader();
    const load = writers(() => c.nodes, 12);
    await eventually(async () => (load.acked() >= 40 ? true : null), 20_000, '40 acknowledged writes');
    await Promise.all(c.nodes.map((n) => c.signal(n, 'SIGKILL')));
    const acked = await load.stop();
    expect(acked.size).toBeGreaterThanOrEqual(40);
    for (const node of c.nodes) c.spawn(node, []);
    await Promise.all(c.nodes.map((n) => c.ready(n)));
    const leader = await c.leader();
    await expectAllReadable(leader, acked);
    expect(c.nodes.every((n) => n.logs.some((l) => l.event === 'storage-recovered' && (l.entries as number) > 3))).toBe(true);
  });

  it('catches a node that missed many entries up through a snapshot', async () => {
    // A short send queue: what the leader sends while the node is down is mostly dropped, not replayed.
    cluster = await LocalCluster.start({ nodes: 3, flags: ['--snapshot-every', '50', '--peer-queue', '16'] });
    const c = cluster;
    const leader = await c.leader();
    const behind = c.nodes.find((n) => n !== leader)!;
    await c.signal(behind, 'SIGKILL');
    for (let i = 0; i < 200; i++) await putSurely(leader, `s${i % 20}`, i);
    c.spawn(behind, []);
    await c.ready(behind);
    await eventually(async () => ((await c.status(behind))?.applied ?? 0) >= 200 ? true : null, 15_000, 'the restarted node to catch up');
    expect(behind.logs.some((l) => l.event === 'snapshot-installed')).toBe(true);
    expect(leader.logs.some((l) => l.event === 'snapshot-taken')).toBe(true);
    // Whoever led while it was down dropped most of what it queued for it.
    const drops = await Promise.all(c.nodes.filter((n) => n !== behind).map(async (n) => (await c.status(n))?.peers[behind.id]?.dropped ?? 0));
    expect(Math.max(...drops)).toBeGreaterThan(0);
    for (let k = 0; k < 20; k++) expect((await get(behind, `s${k}`)).body.value).toBe(180 + k);
  });
});
