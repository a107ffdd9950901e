/**
 * Unix sockets through which a node dials its peers, for systems whose members all dial
 * one advertised peer address per member (etcd: a member's peer URL is part of its
 * identity, so every node must be told the same URL for it). The URL names a socket by
 * a relative path — `unix://peer-n2:2380` — and each node runs in its own folder, so the
 * same name opens a different socket in each node's folder. Each socket relays, byte
 * for byte, to the proxy of that directed link (node i's `peer-n2:2380` → proxy
 * i→n2), so every directed peer link still is its own Toxiproxy proxy and cuts stay
 * exact. A relay carries what it is given and ends both sides when either ends:
 * Toxiproxy decides what is lost.
 */
import { mkdirSync, rmSync } from 'node:fs';
import { createConnection, createServer, type Server, type Socket } from 'node:net';
import { join } from 'node:path';
import type { Address } from './ports.js';

export class PeerSockets {
  private readonly servers = new Map<string, Server>();
  private readonly connections = new Set<Socket>();

  /** Serves `<dir>/<name>`, relaying every connection to `target`; a socket already served is kept. */
  async serve(dir: string, name: string, target: Address): Promise<void> {
    const path = join(dir, name);
    if (this.servers.has(path)) return;
    mkdirSync(dir, { recursive: true });
    // A socket file left by an earlier relay refuses a new listen.
    rmSync(path, { force: true });
    const server = createServer((inbound) => this.relay(inbound, target));
    // Relays never keep the harness alive by themselves (a run that failed half-way still exits).
    server.unref();
    this.servers.set(path, server);
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(path, () => {
        server.off('error', reject);
        resolve();
      });
    });
  }

  /** How many sockets are served. */
  get size(): number {
    return this.servers.size;
  }

  /** Stops serving every socket, ends every relayed connection and removes the socket files. */
  async close(): Promise<void> {
    for (const socket of this.connections) socket.destroy();
    this.connections.clear();
    const servers = [...this.servers];
    this.servers.clear();
    await Promise.all(servers.map(([, server]) => new Promise<void>((resolve) => server.close(() => resolve()))));
    for (const [path] of servers) rmSync(path, { force: true });
  }

  private relay(inbound: Socket, target: Address): void {
    const outbound = createConnection({ host: target.host, port: target.port });
    for (const socket of [inbound, outbound]) {
      socket.unref();
      this.connections.add(socket);
      socket.on('error', () => socket.destroy());
      socket.on('close', () => {
        this.connections.delete(socket);
        inbound.destroy();
        outbound.destroy();
      });
    }
    inbound.pipe(outbound);
    outbound.pipe(inbound);
  }
}
