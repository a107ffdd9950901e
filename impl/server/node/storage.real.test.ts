import { readdirSync, readFileSync, truncateSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { scanRecords } from '../disk/record.js';
import { get, LocalCluster, put } from '../launch/local-cluster.js';

let cluster: LocalCluster | null = null;
afterEach(async () => {
  await cluster?.destroy();
  cluster = null;
});

function segment(dataDir: string): string {
  const dir = join(dataDir, 'wal');
  return join(dir, readdirSync(dir).sort().at(-1)!);
}

describe('a node\'s storage across SIGKILL and damage', () => {
  it('truncates a torn WAL tail, says where, and keeps everything before it', async () => {
    cluster = await LocalCluster.start({ nodes: 1 });
    const c = cluster;
    const node = c.nodes[0]!;
    await c.leader();
    for (let i = 0; i < 10; i++) expect((await put(node, `k${i}`, i)).status).toBe(200);
    await c.signal(node, 'SIGKILL');
    const file = segment(node.dataDir);
    // The segment is zero-filled ahead of its records: cut into the last record.
    const { end } = scanRecords(readFileSync(file), true);
    truncateSync(file, end - 5);
    await c.restart(node);
    const torn = node.logs.slice(node.firstLog).find((l) => l.event === 'wal-torn-tail');
    expect(torn).toMatchObject({ level: 'warn', file, bytes: expect.any(Number) });
    expect(Number(torn!.offset) + Number(torn!.bytes)).toBe(end - 5);
    await c.leader();
    // The last write's record was torn: it is gone; every earlier one is there.
    for (let i = 0; i < 9; i++) expect((await get(node, `k${i}`)).body.value).toBe(i);
    expect((await get(node, 'k9')).body.value).toBeNull();
  });

  it('refuses to start on a checksum failure before the tail, naming the file and the byte offset', async () => {
    cluster = await LocalCluster.start({ nodes: 1 });
    const c = cluster;
    const node = c.nodes[0]!;
    await c.leader();
    for (let i = 0; i < 10; i++) expect((await put(node, `k${i}`, i)).status).toBe(200);
    await c.signal(node, 'SIGTERM');
    const file = segment(node.dataDir);
    const bytes = readFileSync(file);
    // The first record is the bootstrap membership; flip a byte of its payload.
    bytes[10] = bytes[10]! ^ 0xff;
    writeFileSync(file, bytes);
    c.spawn(node, []);
    expect(await node.exit).toBe(255);
    expect(node.stderr).toContain(`${file}: checksum mismatch at byte 0`);
    expect(node.logs.at(-1)).toMatchObject({ level: 'error', event: 'error', file, offset: 0 });
    node.process = null;
  });

  it('with --bug lazy-fsync, a SIGKILL right after acknowledgements loses some of them (the switch keeps its meaning)', async () => {
    // Long ticks: the unsynced window (5 ticks) is a second, far longer than from an acknowledgement to the kill.
    cluster = await LocalCluster.start({ nodes: 1, flags: ['--bug', 'lazy-fsync', '--tick-ms', '200', '--election-ticks', '2', '--heartbeat-ticks', '1'] });
    const c = cluster;
    const node = c.nodes[0]!;
    await c.leader();
    for (let i = 0; i < 30; i++) expect((await put(node, `k${i}`, i)).status).toBe(200);
    await c.restart(node);
    await c.leader();
    // Acknowledged, then held in memory for up to 5 ticks before reaching the disk.
    expect((await get(node, 'k29')).body.value).toBeNull();
  });
});
