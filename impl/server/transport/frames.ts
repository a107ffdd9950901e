/**
 * What travels on a peer link, and its wire form: `[u32 length][msgpack]`. A frame
 * over CHUNK_BYTES is cut into `chunk` frames that the receiver reassembles, so a
 * snapshot never holds a heartbeat up behind it.
 */
import type { Command, Value } from '../../kv/commands.js';
import type { ConfChange, Message, NodeId } from '../../raft/types.js';
import { decode, encode } from '../disk/codec.js';

/** A client request one node hands to the leader (see router.ts). */
export type ForwardedRequest =
  | { readonly op: 'read'; readonly key: string }
  | { readonly op: 'write'; readonly command: Command }
  | { readonly op: 'configure'; readonly change: ConfChange };

export type ForwardedOutcome =
  | { readonly kind: 'ok'; readonly value: Value }
  | { readonly kind: 'fail'; readonly error: string; readonly actual?: Value }
  | { readonly kind: 'redirect'; readonly leader: NodeId | null };

export type Frame =
  | { readonly k: 'hello'; readonly from: NodeId }
  | { readonly k: 'raft'; readonly m: Message }
  | { readonly k: 'fwd'; readonly id: number; readonly req: ForwardedRequest; readonly ttlMs: number }
  | { readonly k: 'fwd-reply'; readonly id: number; readonly out: ForwardedOutcome }
  | { readonly k: 'addr'; readonly peer: NodeId; readonly address: string }
  | { readonly k: 'chunk'; readonly id: number; readonly last: boolean; readonly data: Uint8Array };

export const CHUNK_BYTES = 64 * 1024;
/** No single frame on the wire is larger (chunks are CHUNK_BYTES plus a little). */
export const MAX_WIRE_FRAME = 1024 * 1024;
/** A reassembled message may be this large (a snapshot of a full store). */
export const MAX_MESSAGE_BYTES = 1024 * 1024 * 1024;

export function wire(payload: Uint8Array): Buffer {
  const out = Buffer.allocUnsafe(4 + payload.length);
  out.writeUInt32LE(payload.length, 0);
  out.set(payload, 4);
  return out;
}

/** The frame's wire form: one buffer, or several chunk frames when it is large. */
export function encodeFrame(frame: Frame, chunkId: () => number): Buffer[] {
  const payload = encode(frame);
  if (payload.length <= CHUNK_BYTES) return [wire(payload)];
  const id = chunkId();
  const parts: Buffer[] = [];
  for (let at = 0; at < payload.length; at += CHUNK_BYTES) {
    const data = payload.subarray(at, Math.min(at + CHUNK_BYTES, payload.length));
    parts.push(wire(encode({ k: 'chunk', id, last: at + CHUNK_BYTES >= payload.length, data } satisfies Frame)));
  }
  return parts;
}

/** Splits a byte stream into frames, reassembling chunks; throws on a protocol violation. */
export class FrameReader {
  private pending: Buffer = Buffer.alloc(0);
  private readonly partial = new Map<number, { parts: Buffer[]; bytes: number }>();

  push(data: Buffer): Frame[] {
    this.pending = this.pending.length === 0 ? data : Buffer.concat([this.pending, data]);
    const frames: Frame[] = [];
    let offset = 0;
    while (this.pending.length - offset >= 4) {
      const length = this.pending.readUInt32LE(offset);
      if (length > MAX_WIRE_FRAME) throw new Error(`peer frame of ${length} bytes exceeds ${MAX_WIRE_FRAME}`);
      if (this.pending.length - offset - 4 < length) break;
      const frame = decode(this.pending.subarray(offset + 4, offset + 4 + length)) as Frame;
      offset += 4 + length;
      const whole = frame.k === 'chunk' ? this.reassemble(frame) : frame;
      if (whole !== null) frames.push(whole);
    }
    this.pending = offset === this.pending.length ? Buffer.alloc(0) : this.pending.subarray(offset);
    return frames;
  }

  private reassemble(chunk: Extract<Frame, { k: 'chunk' }>): Frame | null {
    const entry = this.partial.get(chunk.id) ?? { parts: [], bytes: 0 };
    entry.parts.push(Buffer.from(chunk.data));
    entry.bytes += chunk.data.length;
    if (entry.bytes > MAX_MESSAGE_BYTES) throw new Error(`reassembled peer message exceeds ${MAX_MESSAGE_BYTES} bytes`);
    if (!chunk.last) {
      this.partial.set(chunk.id, entry);
      return null;
    }
    this.partial.delete(chunk.id);
    return decode(Buffer.concat(entry.parts)) as Frame;
  }
}
