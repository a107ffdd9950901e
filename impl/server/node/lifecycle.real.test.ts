import { afterEach, describe, expect, it } from 'vitest';
import { LocalCluster, putSurely } from '../launch/local-cluster.js';

let cluster: LocalCluster | null = null;
afterEach(async () => {
  await cluster?.destroy();
  cluster = null;
});

describe('a node\'s life cycle', () => {
  it('exits cleanly when its stdin closes (its harness died), and on SIGTERM, with its data fsynced', async () => {
    cluster = await LocalCluster.start({ nodes: 1 });
    const c = cluster;
    const node = c.nodes[0]!;
    await c.leader();
    await putSurely(node, 'k', 1);
    node.process!.stdin!.end();
    expect(await node.exit).toBe(0);
    expect(node.logs.slice(node.firstLog).map((l) => l.event)).toEqual(expect.arrayContaining(['shutdown', 'node-stopped']));
    expect(node.logs.find((l) => l.event === 'shutdown')).toMatchObject({ reason: 'stdin-closed' });
    node.process = null;

    c.spawn(node, []);
    await c.ready(node);
    await c.signal(node, 'SIGTERM');
    expect(await node.exit).toBe(0);
    expect(node.logs.slice(node.firstLog).find((l) => l.event === 'shutdown')).toMatchObject({ reason: 'SIGTERM' });
    expect(node.logs.slice(node.firstLog).find((l) => l.event === 'storage-recovered')).toMatchObject({ lastIndex: expect.any(Number), bootstrapped: false });
  });
});
