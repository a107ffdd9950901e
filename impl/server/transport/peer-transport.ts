/**
 * The node's peer network: a listener for the connections peers dial to us (receive
 * only) and one PeerLink per peer we dial (send only), so that every directed link is
 * its own TCP connection and can run through its own proxy.
 */
import { createServer, type Server, type Socket } from 'node:net';
import type { NodeId } from '../../raft/types.js';
import { encodeFrame, FrameReader, type Frame } from './frames.js';
import { PeerLink, splitAddress, type SendCallbacks } from './peer-link.js';

export interface PeerTransportOptions {
  readonly self: NodeId;
  readonly listen: string;
  readonly peers: ReadonlyMap<NodeId, string>;
  readonly maxQueued: number;
  onFrame(from: NodeId, frame: Frame): void;
  onConnected(peer: NodeId, address: string): void;
  onDisconnected(peer: NodeId, address: string, reason: string): void;
  onDropped(peer: NodeId, count: number): void;
}

export interface PeerStats {
  readonly address: string;
  readonly connected: boolean;
  readonly queued: number;
  readonly dropped: number;
}

export class PeerTransport {
  private readonly links = new Map<NodeId, PeerLink>();
  private readonly server: Server;
  private readonly inbound = new Set<Socket>();
  private nextChunkId = 1;
  /** Messages for a peer without a known address. */
  private readonly unroutable = new Map<NodeId, number>();

  constructor(private readonly options: PeerTransportOptions) {
    this.server = createServer((socket) => this.accept(socket));
    for (const [peer, address] of options.peers) this.setAddress(peer, address);
  }

  /** Starts listening; resolves to the bound address (port 0 picks a free port). */
  listen(): Promise<string> {
    const [host, port] = splitAddress(this.options.listen);
    return new Promise((resolve, reject) => {
      this.server.once('error', reject);
      this.server.listen({ host, port }, () => {
        const bound = this.server.address();
        resolve(typeof bound === 'object' && bound !== null ? `${host}:${bound.port}` : this.options.listen);
      });
    });
  }

  setAddress(peer: NodeId, address: string): void {
    if (peer === this.options.self) return;
    const link = this.links.get(peer);
    if (link !== undefined) return link.setAddress(address);
    this.links.set(
      peer,
      new PeerLink(this.options.self, address, this.options.maxQueued, {
        connected: (a) => this.options.onConnected(peer, a),
        disconnected: (a, reason) => this.options.onDisconnected(peer, a, reason),
        dropped: (count) => this.options.onDropped(peer, count),
      }),
    );
  }

  hasAddress(peer: NodeId): boolean {
    return this.links.has(peer);
  }

  isConnected(peer: NodeId): boolean {
    return this.links.get(peer)?.isConnected ?? false;
  }

  send(to: NodeId, frame: Frame, callbacks?: SendCallbacks): void {
    const link = this.links.get(to);
    if (link === undefined) {
      this.unroutable.set(to, (this.unroutable.get(to) ?? 0) + 1);
      this.options.onDropped(to, 1);
      callbacks?.onDropped?.();
      return;
    }
    // A snapshot the leader resends (it took the first as lost) may still be on its way: one copy is enough.
    const snapshot = frame.k === 'raft' && frame.m.type === 'snapshot' ? `${frame.m.snapshot.meta.index}/${frame.m.snapshot.meta.term}` : null;
    if (snapshot !== null && link.hasSnapshot(snapshot)) return;
    link.send(encodeFrame(frame, () => this.nextChunkId++), callbacks, snapshot);
  }

  /** Writes every link's queue to its socket now. */
  flush(): void {
    for (const link of this.links.values()) link.flushNow();
  }

  /** Sends to every peer with an address. */
  broadcast(frame: Frame): void {
    for (const peer of this.links.keys()) this.send(peer, frame);
  }

  stats(): Record<NodeId, PeerStats> {
    const out: Record<NodeId, PeerStats> = {};
    for (const [peer, link] of this.links) {
      out[peer] = { address: link.currentAddress, connected: link.isConnected, queued: link.queued, dropped: link.dropped };
    }
    return out;
  }

  addresses(): Record<NodeId, string> {
    return Object.fromEntries([...this.links].map(([peer, link]) => [peer, link.currentAddress]));
  }

  /** Stops listening and closes every connection both ways. */
  close(): Promise<void> {
    for (const link of this.links.values()) link.close();
    for (const socket of this.inbound) socket.destroy();
    return new Promise((resolve) => this.server.close(() => resolve()));
  }

  private accept(socket: Socket): void {
    this.inbound.add(socket);
    socket.setNoDelay(true);
    const reader = new FrameReader();
    let from: NodeId | null = null;
    socket.on('data', (data) => {
      let frames: Frame[];
      try {
        frames = reader.push(data);
      } catch {
        socket.destroy();
        return;
      }
      for (const frame of frames) {
        if (from === null) {
          if (frame.k !== 'hello' || typeof frame.from !== 'string') {
            socket.destroy();
            return;
          }
          from = frame.from;
          continue;
        }
        this.options.onFrame(from, frame);
      }
    });
    socket.on('error', () => {});
    socket.on('close', () => this.inbound.delete(socket));
  }
}
