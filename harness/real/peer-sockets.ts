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
 *
 * A socket's path must fit in 108 bytes, and a run folder's is longer: the socket itself
 * lives in a short temporary folder, and the name in the node's folder is a symbolic
 * link to it (connecting follows links).
 */
import { mkdirSync, mkdtempSync, rmSync, symlinkSync } from 'node:fs';
import { createConnection, createServer, type Server, type Socket } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Address } from './ports.js';

export class PeerSockets {
  /** By the link's path in a node's folder: the relay and where its socket really is. */
  private readonly servers = new Map<string, { server: Server; socket: string }>();
  private readonly connections = new Set<Socket>();
  private socketDir: string | null = null;

  /** Serves `<dir>/<name>`, relaying every connection to `target`; a socket already served is kept. */
  async serve(dir: string, name: string, target: Address): Promise<void> {
    const link = join(dir, name);
    if (this.servers.has(link)) return;
    this.socketDir ??= mkdtempSync(join(tmpdir(), 'faultline-'));
    const socket = join(this.socketDir, String(this.servers.size));
    const server = createServer((inbound) => this.relay(inbound, target));
    // Relays never keep the harness alive by themselves (a run that failed half-way still exits).
    server.unref();
    this.servers.set(link, { server, socket });
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(socket, () => {
        server.off('error', reject);
        resolve();
      });
    });
    mkdirSync(dir, { recursive: true });
    // A link left by an earlier relay is replaced.
    rmSync(link, { force: true });
    symlinkSync(socket, link);
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
    await Promise.all(servers.map(([, { server }]) => new Promise<void>((resolve) => server.close(() => resolve()))));
    for (const [link] of servers) rmSync(link, { force: true });
    if (this.socketDir !== null) rmSync(this.socketDir, { recursive: true, force: true });
    this.socketDir = null;
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
