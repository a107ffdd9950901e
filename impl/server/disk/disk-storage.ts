/**
 * Storage on disk: the WAL plus snapshot files. `save` only stages (in this process's
 * memory); `sync` writes everything staged as one WAL record and fdatasyncs once
 * (group commit). A flush that changes nothing but the commit index is written without
 * an fsync: the commit index is recomputed after a restart.
 */
import { join } from 'node:path';
import type { Entry, HardState, PersistedState, Snapshot } from '../../raft/types.js';
import { applySave, applySnapshot, emptyImage, type Storage } from '../storage.js';
import { SnapshotFiles } from './snapshots.js';
import { StorageCorruptError, Wal, type TornTail, type WalPart } from './wal.js';

export interface DiskStorageHooks {
  onFsync?(seconds: number): void;
  onSnapshotWritten?(snapshot: Snapshot, bytes: number, segmentsRemoved: number): void;
}

export interface Recovered {
  readonly state: PersistedState | null;
  readonly segments: number;
  readonly torn: TornTail | null;
}

export class DiskStorage implements Storage {
  private staged: WalPart[] = [];
  private stagedSnapshots: Snapshot[] = [];
  private mustSync = false;
  private durable: { term: number; vote: string | null };
  private state: PersistedState | null;

  private constructor(
    private readonly wal: Wal,
    private readonly snapshots: SnapshotFiles,
    readonly recovered: Recovered,
    private readonly hooks: DiskStorageHooks,
  ) {
    this.state = recovered.state;
    this.durable = { term: this.state?.hardState.term ?? 0, vote: this.state?.hardState.vote ?? null };
  }

  /** Recovers what `dir` holds (throws StorageCorruptError on damage before the WAL's tail). */
  static open(dir: string, segmentBytes: number, hooks: DiskStorageHooks = {}): DiskStorage {
    const snapshots = new SnapshotFiles(join(dir, 'snap'));
    const newest = snapshots.newest();
    const { wal, recovery } = Wal.open(join(dir, 'wal'), segmentBytes);
    const image = emptyImage();
    let any = newest !== null;
    for (const part of recovery.parts) {
      any = true;
      if (part.kind === 'snapshot') {
        if (newest === null || newest.meta.index < part.meta.index) {
          throw new StorageCorruptError(join(dir, 'snap'), 0, `the WAL refers to a snapshot at index ${part.meta.index} that is missing`);
        }
        applySnapshot(image, { meta: part.meta, data: '' });
      } else if (part.kind === 'entries') {
        const covered = image.snapshot?.meta.index ?? 0;
        applySave(image, null, part.entries[0]!.index > covered ? part.entries : part.entries.filter((e) => e.index > covered), null);
      } else {
        image.hardState = part.state;
      }
    }
    if (newest !== null) {
      applySnapshot(image, newest);
      // The markers carried no data: the newest snapshot file is the one the image stands on.
      if (image.snapshot?.meta.index === newest.meta.index) image.snapshot = newest;
    }
    const state: PersistedState | null = any ? { hardState: image.hardState, snapshot: image.snapshot, entries: image.entries } : null;
    return new DiskStorage(wal, snapshots, { state, segments: recovery.segments, torn: recovery.torn }, hooks);
  }

  /** True when the folder held nothing: the node bootstraps. */
  get fresh(): boolean {
    return this.state === null;
  }

  /** Writes a new cluster's first state (the initial membership as entries), durably. */
  bootstrap(entries: readonly Entry[], hardState: HardState): void {
    if (!this.fresh) throw new Error('storage: bootstrap of a non-empty data folder');
    this.save(null, entries, hardState);
    this.sync();
    this.state = { hardState, snapshot: null, entries };
  }

  load(): PersistedState | null {
    return this.state;
  }

  save(snapshot: Snapshot | null, entries: readonly Entry[], hardState: HardState | null): void {
    if (snapshot !== null) {
      this.stagedSnapshots.push(snapshot);
      this.staged.push({ kind: 'snapshot', meta: snapshot.meta });
      this.mustSync = true;
    }
    if (entries.length > 0) {
      this.staged.push({ kind: 'entries', entries });
      this.mustSync = true;
    }
    if (hardState !== null) {
      this.staged.push({ kind: 'hard', state: hardState });
      if (hardState.term !== this.durable.term || hardState.vote !== this.durable.vote) this.mustSync = true;
    }
  }

  sync(): void {
    if (!this.write()) return;
    const started = performance.now();
    this.wal.sync();
    this.hooks.onFsync?.((performance.now() - started) / 1000);
  }

  syncAsync(done: () => void): boolean {
    if (!this.write()) return false;
    const started = performance.now();
    this.wal.syncAsync(() => {
      this.hooks.onFsync?.((performance.now() - started) / 1000);
      done();
    });
    return true;
  }

  /** Writes everything staged as one WAL record; true when it needs an fsync to count. */
  private write(): boolean {
    if (this.staged.length === 0) return false;
    // A received snapshot is on disk before the marker that makes the WAL depend on it.
    const snapshots = this.stagedSnapshots;
    for (const snapshot of snapshots) this.snapshots.write(snapshot);
    const mustSync = this.mustSync;
    this.wal.append(this.staged, false);
    for (const part of this.staged) if (part.kind === 'hard') this.durable = { term: part.state.term, vote: part.state.vote };
    this.staged = [];
    this.stagedSnapshots = [];
    this.mustSync = false;
    const last = snapshots.at(-1);
    if (last !== undefined) this.hooks.onSnapshotWritten?.(last, 0, this.wal.compact(last.meta.index));
    return mustSync;
  }

  saveSnapshot(snapshot: Snapshot): void {
    this.sync();
    const bytes = this.snapshots.write(snapshot);
    this.wal.append([{ kind: 'snapshot', meta: snapshot.meta }], true);
    this.hooks.onSnapshotWritten?.(snapshot, bytes, this.wal.compact(snapshot.meta.index));
  }

  /** Writes what is staged and closes the log, fsynced (call it with no syncAsync in flight). */
  close(): void {
    this.write();
    this.wal.close();
  }
}
