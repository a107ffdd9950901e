/**
 * The framing shared by WAL segments and snapshot files: `[u32 length][u32 CRC-32 of
 * the payload][payload]`, little-endian. `scanRecords` tells a torn tail (what a crash
 * mid-write leaves: a short or zero-filled last record) from corruption anywhere else.
 */
import { crc32 } from 'node:zlib';

export const HEADER_BYTES = 8;

export function frameRecord(payload: Uint8Array): Buffer {
  const out = Buffer.allocUnsafe(HEADER_BYTES + payload.length);
  out.writeUInt32LE(payload.length, 0);
  out.writeUInt32LE(crc32(payload), 4);
  out.set(payload, HEADER_BYTES);
  return out;
}

/** A record that fails its checks where a crash cannot explain it. */
export class CorruptRecordError extends Error {
  override readonly name = 'CorruptRecordError';
  constructor(
    readonly offset: number,
    readonly reason: string,
  ) {
    super(`${reason} at byte ${offset}`);
  }
}

export interface Scan {
  readonly records: Buffer[];
  /** Where the valid records end (the file's length unless a torn tail follows). */
  readonly end: number;
  /** Bytes after `end` that a crash left behind (0 when none). */
  readonly tornBytes: number;
}

/**
 * Reads every record of `buf`. With `tailMayTear` (the last WAL segment), a bad last
 * record — shorter than its header says, or whose checksum fails and which only zeros
 * (preallocated space) or nothing follow, or a zero-filled remainder — is a torn tail;
 * any other failure throws CorruptRecordError with the record's offset.
 */
export function scanRecords(buf: Buffer, tailMayTear: boolean): Scan {
  const records: Buffer[] = [];
  let offset = 0;
  while (offset < buf.length) {
    const rest = buf.length - offset;
    const torn = (): Scan => ({ records, end: offset, tornBytes: rest });
    if (tailMayTear && isZero(buf, offset)) return torn();
    if (rest < HEADER_BYTES) {
      if (tailMayTear) return torn();
      throw new CorruptRecordError(offset, 'truncated record header');
    }
    const length = buf.readUInt32LE(offset);
    const end = offset + HEADER_BYTES + length;
    if (end > buf.length) {
      if (tailMayTear) return torn();
      throw new CorruptRecordError(offset, `record length ${length} runs past the end of the file`);
    }
    const payload = buf.subarray(offset + HEADER_BYTES, end);
    if (length === 0 || crc32(payload) !== buf.readUInt32LE(offset + 4)) {
      if (tailMayTear && isZero(buf, end)) return torn();
      throw new CorruptRecordError(offset, length === 0 ? 'empty record' : 'checksum mismatch');
    }
    records.push(payload);
    offset = end;
  }
  return { records, end: offset, tornBytes: 0 };
}

/** True when every byte from `from` on is zero (also when there is none). */
export function isZero(buf: Buffer, from: number): boolean {
  for (let i = from; i < buf.length; i++) if (buf[i] !== 0) return false;
  return true;
}
