/**
 * The write-ahead log: numbered segment files of records (record.ts), each record one
 * flush's worth of parts. Knows nothing of Raft beyond the parts it stores and the
 * highest entry index in each segment (to delete segments a snapshot covers).
 *
 * The last segment is kept zero-filled ahead of its records (PREALLOCATE_BYTES at a
 * time), as etcd preallocates its segments: a record then overwrites blocks the file
 * already has, and its fdatasync flushes data only — no change of the file's size for
 * the file system to journal. The zeros are padding, not a torn tail; a segment is cut
 * back to its records when the next one starts and on close.
 */
import { closeSync, fdatasync, fdatasyncSync, fstatSync, ftruncateSync, mkdirSync, openSync, readdirSync, readFileSync, unlinkSync } from 'node:fs';
import { join } from 'node:path';
import type { Entry, HardState, SnapshotMeta } from '../../raft/types.js';
import { decode, encode } from './codec.js';
import { fsyncDir, writeAll } from './durable.js';
import { CorruptRecordError, frameRecord, isZero, scanRecords } from './record.js';

export type WalPart =
  | { readonly kind: 'snapshot'; readonly meta: SnapshotMeta }
  | { readonly kind: 'entries'; readonly entries: readonly Entry[] }
  | { readonly kind: 'hard'; readonly state: HardState };

/** A WAL or snapshot file that fails its checks before its tail: the node must not start. */
export class StorageCorruptError extends Error {
  override readonly name = 'StorageCorruptError';
  constructor(
    readonly file: string,
    readonly offset: number,
    reason: string,
  ) {
    super(`${file}: ${reason} at byte ${offset}`);
  }
}

export interface TornTail {
  readonly file: string;
  readonly offset: number;
  readonly bytes: number;
}

export interface WalRecovery {
  readonly parts: readonly WalPart[];
  readonly segments: number;
  readonly torn: TornTail | null;
}

interface Segment {
  readonly seq: number;
  readonly path: string;
  /** The highest entry index written to it (0 when none). */
  maxIndex: number;
}

const SUFFIX = '.wal';
/** Zeros written ahead of the last record (one journalled size change per this many bytes of log). */
const PREALLOCATE_BYTES = 1024 * 1024;
let zeros: Buffer | null = null;

export class Wal {
  private readonly segments: Segment[];
  private fd: number;
  /** Where the records of the current segment end: the next one is written here. */
  private size: number;
  /** The current segment's length on disk: its records, then zeros. */
  private allocated: number;
  private lastHard: HardState | null;

  private constructor(
    private readonly dir: string,
    private readonly segmentBytes: number,
    segments: Segment[],
    lastHard: HardState | null,
    end: number,
  ) {
    this.segments = segments;
    this.lastHard = lastHard;
    const current = segments.at(-1)!;
    this.fd = openSync(current.path, 'r+');
    this.size = end;
    this.allocated = fstatSync(this.fd).size;
  }

  /** Reads every segment (truncating a torn tail of the last) and opens the last for appending. */
  static open(dir: string, segmentBytes: number): { wal: Wal; recovery: WalRecovery } {
    mkdirSync(dir, { recursive: true });
    const names = readdirSync(dir).filter((n) => n.endsWith(SUFFIX)).sort();
    const segments: Segment[] = [];
    const parts: WalPart[] = [];
    let torn: TornTail | null = null;
    let end = 0;
    for (const [i, name] of names.entries()) {
      const path = join(dir, name);
      const bytes = readFileSync(path);
      const isLast = i === names.length - 1;
      let scan;
      try {
        scan = scanRecords(bytes, isLast);
      } catch (error) {
        if (error instanceof CorruptRecordError) throw new StorageCorruptError(path, error.offset, error.reason);
        throw error;
      }
      const segment: Segment = { seq: parseInt(name, 16), path, maxIndex: 0 };
      for (const [r, record] of scan.records.entries()) {
        let decoded: WalPart[];
        try {
          decoded = decode(record) as WalPart[];
        } catch {
          throw new StorageCorruptError(path, offsetOf(scan.records, r), 'undecodable record');
        }
        for (const part of decoded) {
          parts.push(part);
          if (part.kind === 'entries') segment.maxIndex = Math.max(segment.maxIndex, part.entries.at(-1)?.index ?? 0);
        }
      }
      end = scan.end;
      // Zeros after the last record are the padding written ahead of it, not damage.
      if (scan.tornBytes > 0 && !isZero(bytes, scan.end)) {
        torn = { file: path, offset: scan.end, bytes: scan.tornBytes };
        const fd = openSync(path, 'r+');
        try {
          ftruncateSync(fd, scan.end);
          fdatasyncSync(fd);
        } finally {
          closeSync(fd);
        }
      }
      segments.push(segment);
    }
    if (segments.length === 0) segments.push(createSegment(dir, 1));
    let lastHard: HardState | null = null;
    for (const part of parts) if (part.kind === 'hard') lastHard = part.state;
    return { wal: new Wal(dir, segmentBytes, segments, lastHard, end), recovery: { parts, segments: names.length, torn } };
  }

  /** Writes the parts as one record; fdatasyncs when `sync` (group commit: the caller batches). */
  append(parts: readonly WalPart[], sync: boolean): void {
    if (parts.length === 0) return;
    if (this.size >= this.segmentBytes) this.rotate();
    const all = this.size === 0 && this.lastHard !== null && !parts.some((p) => p.kind === 'hard') ? [{ kind: 'hard', state: this.lastHard } as const, ...parts] : parts;
    const record = frameRecord(encode(all));
    writeAll(this.fd, record, this.size);
    this.size += record.length;
    if (this.size > this.allocated) this.preallocate();
    const current = this.segments.at(-1)!;
    for (const part of all) {
      if (part.kind === 'hard') this.lastHard = part.state;
      if (part.kind === 'entries') current.maxIndex = Math.max(current.maxIndex, part.entries.at(-1)?.index ?? 0);
    }
    if (sync) fdatasyncSync(this.fd);
  }

  sync(): void {
    fdatasyncSync(this.fd);
  }

  /** fdatasync on the libuv thread pool; a failure is fatal (the log's state is unknown). */
  syncAsync(done: () => void): void {
    fdatasync(this.fd, (error) => {
      if (error !== null) throw new Error(`WAL fdatasync failed: ${error.message}`);
      done();
    });
  }

  /** Deletes the oldest segments whose every entry is at or below `index` (never the current one). */
  compact(index: number): number {
    let removed = 0;
    while (this.segments.length > 1 && this.segments[0]!.maxIndex <= index) {
      unlinkSync(this.segments.shift()!.path);
      removed++;
    }
    if (removed > 0) fsyncDir(this.dir);
    return removed;
  }

  get segmentCount(): number {
    return this.segments.length;
  }

  close(): void {
    this.trim();
    closeSync(this.fd);
  }

  /** Writes zeros after the last record, up to the segment's size at most; the next fdatasync makes them durable. */
  private preallocate(): void {
    const ahead = Math.min(PREALLOCATE_BYTES, this.segmentBytes - this.size);
    if (ahead <= 0) return;
    zeros ??= Buffer.alloc(PREALLOCATE_BYTES);
    writeAll(this.fd, zeros.subarray(0, ahead), this.size);
    this.allocated = this.size + ahead;
  }

  /** Cuts the padding off, durably: only the last segment may end in zeros. */
  private trim(): void {
    if (this.allocated > this.size) ftruncateSync(this.fd, this.size);
    this.allocated = this.size;
    fdatasyncSync(this.fd);
  }

  private rotate(): void {
    this.trim();
    closeSync(this.fd);
    const next = createSegment(this.dir, this.segments.at(-1)!.seq + 1);
    this.segments.push(next);
    this.fd = openSync(next.path, 'r+');
    this.size = 0;
    this.allocated = 0;
  }
}

function createSegment(dir: string, seq: number): Segment {
  const path = join(dir, `${seq.toString(16).padStart(16, '0')}${SUFFIX}`);
  closeSync(openSync(path, 'wx'));
  fsyncDir(dir);
  return { seq, path, maxIndex: 0 };
}

function offsetOf(records: readonly Buffer[], index: number): number {
  let offset = 0;
  for (let i = 0; i < index; i++) offset += 8 + records[i]!.length;
  return offset;
}
