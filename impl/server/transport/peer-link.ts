/**
 * One outbound connection to one peer: dialled at start, redialled with capped
 * exponential backoff, fed from a bounded queue. Small frames go first; large ones
 * (already cut into chunks) go one chunk at a time between them. Beyond the bound the
 * oldest queued frame is dropped and counted.
 */
import { connect, type Socket } from 'node:net';
import { encode } from '../disk/codec.js';
import { wire, type Frame } from './frames.js';

export interface SendCallbacks {
  /** The frame never left this node (dropped from the queue, or the link closed first). */
  onDropped?(): void;
  /** The frame was handed to the socket, then the connection closed. */
  onLost?(): void;
  /** Drop it instead of sending it after this Date.now()-free deadline (performance.now()). */
  expiresAt?: number;
}

interface Queued {
  readonly parts: Buffer[];
  next: number;
  readonly callbacks: SendCallbacks | undefined;
  /** Set for a snapshot: which one (index and term). */
  readonly snapshot: string | null;
}

export interface LinkEvents {
  connected(address: string): void;
  disconnected(address: string, reason: string): void;
  dropped(count: number): void;
}

const BACKOFF_MIN_MS = 10;
const BACKOFF_MAX_MS = 1000;
/** Bytes of small frames written per socket.write (keeps one flush from hogging the loop). */
const WRITE_BATCH_BYTES = 256 * 1024;

export class PeerLink {
  private socket: Socket | null = null;
  private connected = false;
  private closed = false;
  private backoffMs = BACKOFF_MIN_MS;
  private retryTimer: NodeJS.Timeout | null = null;
  private small: Queued[] = [];
  private large: Queued[] = [];
  /** Frames with callbacks written on the current connection, to report if it closes. */
  private written: Queued[] = [];
  private flushScheduled = false;
  private waitingForDrain = false;
  dropped = 0;

  constructor(
    private readonly self: string,
    private address: string,
    private readonly maxQueued: number,
    private readonly events: LinkEvents,
  ) {
    this.dial();
  }

  get isConnected(): boolean {
    return this.connected;
  }

  get queued(): number {
    return this.small.length + this.large.length;
  }

  get currentAddress(): string {
    return this.address;
  }

  /** A new address: the current connection is closed and the new one dialled. */
  setAddress(address: string): void {
    if (address === this.address) return;
    this.address = address;
    this.socket?.destroy();
    if (this.socket === null && this.retryTimer !== null) {
      clearTimeout(this.retryTimer);
      this.retryTimer = null;
      this.dial();
    }
  }

  /** True when a snapshot with this key is queued or going out: sending it again would only repeat it. */
  hasSnapshot(key: string): boolean {
    return this.large.some((q) => q.snapshot === key);
  }

  send(parts: Buffer[], callbacks?: SendCallbacks, snapshot: string | null = null): void {
    if (this.closed) {
      callbacks?.onDropped?.();
      return;
    }
    const item: Queued = { parts, next: 0, callbacks, snapshot };
    if (parts.length === 1) this.small.push(item);
    else {
      // A newer snapshot replaces one that has not started to go out.
      if (snapshot !== null) for (const old of this.large.filter((q) => q.snapshot !== null && q.next === 0)) this.dropLarge(old);
      this.large.push(item);
    }
    while (this.queued > this.maxQueued) {
      if (this.small.length > 0) this.drop(this.small.shift()!);
      else {
        const unstarted = this.large.find((q) => q.next === 0);
        if (unstarted === undefined) break;
        this.dropLarge(unstarted);
      }
    }
    this.scheduleFlush();
  }

  private dropLarge(item: Queued): void {
    this.large.splice(this.large.indexOf(item), 1);
    this.drop(item);
  }

  close(): void {
    this.closed = true;
    if (this.retryTimer !== null) clearTimeout(this.retryTimer);
    this.socket?.destroy();
    for (const q of [...this.small, ...this.large]) q.callbacks?.onDropped?.();
    this.small = [];
    this.large = [];
  }

  private drop(item: Queued): void {
    this.dropped++;
    this.events.dropped(1);
    item.callbacks?.onDropped?.();
  }

  private dial(): void {
    if (this.closed) return;
    this.retryTimer = null;
    const [host, port] = splitAddress(this.address);
    const socket = connect({ host, port, noDelay: true });
    this.socket = socket;
    const address = this.address;
    socket.setKeepAlive(true, 1000);
    socket.on('connect', () => {
      this.connected = true;
      this.backoffMs = BACKOFF_MIN_MS;
      socket.write(wire(encode({ k: 'hello', from: this.self } satisfies Frame)));
      this.events.connected(address);
      this.scheduleFlush();
    });
    socket.on('drain', () => {
      this.waitingForDrain = false;
      this.scheduleFlush();
    });
    // Peers never write back on our outbound connection; anything read is discarded.
    socket.on('data', () => {});
    socket.on('error', () => {});
    socket.on('close', () => {
      const wasConnected = this.connected;
      this.connected = false;
      this.waitingForDrain = false;
      this.socket = null;
      for (const q of this.written) q.callbacks?.onLost?.();
      this.written = [];
      // A large frame cut off mid-way restarts from its first chunk on the next connection.
      for (const q of this.large) q.next = 0;
      if (wasConnected) this.events.disconnected(address, 'closed');
      if (this.closed) return;
      this.retryTimer = setTimeout(() => this.dial(), this.backoffMs);
      this.backoffMs = Math.min(this.backoffMs * 2, BACKOFF_MAX_MS);
    });
  }

  /** Writes what is queued now (when connected) instead of at the end of the turn. */
  flushNow(): void {
    this.flush();
  }

  private scheduleFlush(): void {
    if (this.flushScheduled) return;
    this.flushScheduled = true;
    setImmediate(() => {
      this.flushScheduled = false;
      this.flush();
    });
  }

  private flush(): void {
    const socket = this.socket;
    while (this.connected && socket !== null && !this.waitingForDrain && this.queued > 0) {
      const now = performance.now();
      const batch: Buffer[] = [];
      let bytes = 0;
      while (this.small.length > 0 && bytes < WRITE_BATCH_BYTES) {
        const item = this.small.shift()!;
        if (item.callbacks?.expiresAt !== undefined && item.callbacks.expiresAt < now) {
          item.callbacks.onDropped?.();
          continue;
        }
        batch.push(item.parts[0]!);
        bytes += item.parts[0]!.length;
        if (item.callbacks !== undefined) this.written.push(item);
      }
      const big = this.large[0];
      if (big !== undefined) {
        batch.push(big.parts[big.next++]!);
        if (big.next === big.parts.length) {
          this.large.shift();
          if (big.callbacks !== undefined) this.written.push(big);
        }
      }
      if (batch.length === 0) break;
      if (!socket.write(batch.length === 1 ? batch[0]! : Buffer.concat(batch))) this.waitingForDrain = true;
    }
    // Callbacks only matter while a reply may still come; keep the list short.
    if (this.written.length > 1024) this.written.splice(0, this.written.length - 1024);
  }
}

export function splitAddress(address: string): [string, number] {
  const at = address.lastIndexOf(':');
  return [address.slice(0, at), Number(address.slice(at + 1))];
}
