import { fc, test } from '@fast-check/vitest';
import { afterEach, describe, expect, it } from 'vitest';
import { freePort } from '../../../harness/real/ports.js';
import type { Message } from '../../raft/types.js';
import { CHUNK_BYTES, encodeFrame, FrameReader, type Frame } from './frames.js';
import { PeerTransport } from './peer-transport.js';

const heartbeat = (n: number): Frame => ({ k: 'raft', m: { type: 'heartbeat', from: 'a', to: 'b', term: 1, commit: n, readRound: 0 } });
const snapshot = (bytes: number, index = 10): Frame => ({
  k: 'raft',
  m: { type: 'snapshot', from: 'a', to: 'b', term: 1, snapshot: { meta: { index, term: 1, membership: { voters: ['a', 'b'], learners: [] } }, data: 'x'.repeat(bytes) } },
});

describe('peer frames', () => {
  test.prop([fc.array(fc.oneof(fc.nat(1000).map(heartbeat), fc.integer({ min: 0, max: 3 * CHUNK_BYTES }).map((b) => snapshot(b))), { maxLength: 6 }), fc.array(fc.nat(), { maxLength: 20 })], { seed: 20261207 })(
    'survive any split of the byte stream, large ones reassembled from chunks',
    (frames, cuts) => {
      let id = 1;
      const stream = Buffer.concat(frames.flatMap((f) => encodeFrame(f, () => id++)));
      const points = [...new Set(cuts.map((c) => c % (stream.length + 1)))].sort((a, b) => a - b);
      const reader = new FrameReader();
      const out: Frame[] = [];
      let from = 0;
      for (const to of [...points, stream.length]) {
        out.push(...reader.push(stream.subarray(from, to)));
        from = to;
      }
      expect(out).toEqual(frames);
    },
  );
});

const open: PeerTransport[] = [];
afterEach(async () => {
  await Promise.all(open.splice(0).map((t) => t.close()));
});

async function pair(maxQueued: number, listenB = true): Promise<{ a: PeerTransport; b: () => Promise<PeerTransport>; received: Frame[]; drops: number[] }> {
  const port = await freePort();
  const received: Frame[] = [];
  const drops: number[] = [];
  const quiet = { onConnected: () => {}, onDisconnected: () => {} };
  const a = new PeerTransport({ self: 'a', listen: '127.0.0.1:0', peers: new Map([['b', `127.0.0.1:${port}`]]), maxQueued, onFrame: () => {}, onDropped: (_, n) => drops.push(n), ...quiet });
  open.push(a);
  const b = async (): Promise<PeerTransport> => {
    const t = new PeerTransport({ self: 'b', listen: `127.0.0.1:${port}`, peers: new Map(), maxQueued, onFrame: (_, f) => received.push(f), onDropped: () => {}, ...quiet });
    open.push(t);
    await t.listen();
    return t;
  };
  if (listenB) await b();
  return { a, b, received, drops };
}

async function until(check: () => boolean, ms = 5000): Promise<void> {
  const deadline = Date.now() + ms;
  while (!check()) {
    if (Date.now() > deadline) throw new Error('timed out');
    await new Promise((r) => setTimeout(r, 5));
  }
}

describe('PeerTransport', () => {
  it('delivers in order over one connection per peer', async () => {
    const { a, received } = await pair(100);
    for (let i = 0; i < 50; i++) a.send('b', heartbeat(i));
    await until(() => received.length === 50);
    expect(received.map((f) => (f as { m: Extract<Message, { type: 'heartbeat' }> }).m.commit)).toEqual([...Array(50).keys()]);
  });

  it('bounds the queue to a peer that is down: the oldest are dropped and counted, the newest delivered on reconnect', async () => {
    const { a, b, received, drops } = await pair(16, false);
    for (let i = 0; i < 100; i++) a.send('b', heartbeat(i));
    expect(drops.reduce((x, y) => x + y, 0)).toBe(84);
    expect(a.stats().b).toMatchObject({ connected: false, queued: 16, dropped: 84 });
    await b();
    await until(() => received.length === 16);
    expect((received[0] as { m: Extract<Message, { type: 'heartbeat' }> }).m.commit).toBe(84);
  });

  it('does not hold a heartbeat up behind a large snapshot', async () => {
    const { a, received } = await pair(100);
    a.send('b', snapshot(8 * 1024 * 1024));
    a.send('b', heartbeat(7));
    await until(() => received.length === 2, 20_000);
    expect(received.map((f) => (f.k === 'raft' ? f.m.type : f.k))).toEqual(['heartbeat', 'snapshot']);
  });

  it('queues one copy of a snapshot that is already on its way', async () => {
    const { a, received } = await pair(100);
    a.send('b', snapshot(8 * 1024 * 1024));
    await new Promise((r) => setTimeout(r, 20));
    // The first copy is going out; the leader's repeats of it must not queue a second.
    for (let i = 0; i < 4; i++) a.send('b', snapshot(8 * 1024 * 1024));
    await until(() => received.length >= 1, 20_000);
    await new Promise((r) => setTimeout(r, 300));
    expect(received).toHaveLength(1);
    a.send('b', snapshot(8 * 1024 * 1024, 11));
    await until(() => received.length === 2, 20_000);
  });
});
