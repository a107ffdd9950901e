/** Snapshot files `<index as 16 hex>-<term>.snap`: one framed record each, written durably; the newest is kept. */
import { mkdirSync, readdirSync, readFileSync, unlinkSync } from 'node:fs';
import { join } from 'node:path';
import type { Snapshot } from '../../raft/types.js';
import { decode, encode } from './codec.js';
import { fsyncDir, writeFileDurably } from './durable.js';
import { CorruptRecordError, frameRecord, scanRecords } from './record.js';
import { StorageCorruptError } from './wal.js';

const SUFFIX = '.snap';

export class SnapshotFiles {
  constructor(private readonly dir: string) {
    mkdirSync(dir, { recursive: true });
    // A temporary file is a snapshot that was never renamed into place: it never counted.
    for (const name of readdirSync(dir)) if (name.endsWith('.tmp')) unlinkSync(join(dir, name));
  }

  /** The newest snapshot, checked; a damaged one refuses to start (it is what the log was compacted behind). */
  newest(): Snapshot | null {
    const name = this.names().at(-1);
    if (name === undefined) return null;
    const path = join(this.dir, name);
    try {
      const scan = scanRecords(readFileSync(path), false);
      if (scan.records.length !== 1) throw new CorruptRecordError(0, `expected one record, found ${scan.records.length}`);
      return decode(scan.records[0]!) as Snapshot;
    } catch (error) {
      if (error instanceof CorruptRecordError) throw new StorageCorruptError(path, error.offset, error.reason);
      throw new StorageCorruptError(path, 8, 'undecodable snapshot');
    }
  }

  /** Durable on return; older snapshot files are removed. Returns the file's size. */
  write(snapshot: Snapshot): number {
    const bytes = frameRecord(encode(snapshot));
    const name = `${snapshot.meta.index.toString(16).padStart(16, '0')}-${snapshot.meta.term}${SUFFIX}`;
    writeFileDurably(join(this.dir, name), bytes);
    const older = this.names().filter((n) => n < name);
    for (const old of older) unlinkSync(join(this.dir, old));
    if (older.length > 0) fsyncDir(this.dir);
    return bytes.length;
  }

  private names(): string[] {
    return readdirSync(this.dir).filter((n) => n.endsWith(SUFFIX)).sort();
  }
}
