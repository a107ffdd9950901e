import { existsSync, readlinkSync } from 'node:fs';
import { createConnection, createServer, type Server } from 'node:net';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { tempDir } from '../../checkers/history/test-support/files.js';
import { PeerSockets } from './peer-sockets.js';

/** An echo server standing in for a proxy. */
function echo(): Promise<{ server: Server; port: number }> {
  const server = createServer((socket) => socket.pipe(socket));
  return new Promise((resolve) => server.listen(0, '127.0.0.1', () => resolve({ server, port: (server.address() as AddressInfo).port })));
}

function roundTrip(path: string, text: string): Promise<string> {
  return new Promise((resolve, reject) => {
    const socket = createConnection(path, () => socket.write(text));
    socket.on('data', (data) => {
      resolve(data.toString());
      socket.end();
    });
    socket.on('error', reject);
  });
}

describe('peer sockets', () => {
  const sockets = new PeerSockets();
  const servers: Server[] = [];
  afterAll(async () => {
    await sockets.close();
    for (const s of servers) s.close();
  });

  it('relays each relative socket name, per node folder, to its own target', async () => {
    const [a, b] = [await echo(), await echo()];
    servers.push(a.server, b.server);
    const seen: number[] = [];
    a.server.on('connection', () => seen.push(a.port));
    b.server.on('connection', () => seen.push(b.port));
    // A run folder's path is longer than a socket's may be.
    const n1 = join(tempDir('n1'), 'a-run-folder-whose-path-is-long'.repeat(4), 'data', 'n1');
    const n3 = tempDir('n3');
    await sockets.serve(n1, 'peer-n2:2380', { host: '127.0.0.1', port: a.port });
    await sockets.serve(n3, 'peer-n2:2380', { host: '127.0.0.1', port: b.port });
    await sockets.serve(n1, 'peer-n2:2380', { host: '127.0.0.1', port: b.port }); // already served: kept as it is
    expect(sockets.size).toBe(2);
    // A node dials the name relative to its own folder; the link leads to a socket whose path is short enough.
    expect(await roundTrip(readlinkSync(join(n1, 'peer-n2:2380')), 'hello')).toBe('hello');
    expect(await roundTrip(join(n3, 'peer-n2:2380'), 'again')).toBe('again');
    expect(seen).toEqual([a.port, b.port]);
  });

  it('ends the relayed connection when the target closes it, and removes its sockets when closed', async () => {
    const closer = createServer((socket) => socket.end());
    servers.push(closer);
    await new Promise<void>((r) => closer.listen(0, '127.0.0.1', r));
    const dir = tempDir('n9');
    await sockets.serve(dir, 's', { host: '127.0.0.1', port: (closer.address() as AddressInfo).port });
    const ended = await new Promise<boolean>((resolve) => {
      const socket = createConnection(join(dir, 's'));
      socket.on('close', () => resolve(true));
      socket.resume();
    });
    expect(ended).toBe(true);
    await sockets.close();
    expect(existsSync(join(dir, 's'))).toBe(false);
    expect(sockets.size).toBe(0);
  });
});
