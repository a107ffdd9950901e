/**
 * Storage in memory with a real difference between written and synced: what was
 * saved but not synced is lost on a crash, as a page cache is lost on power failure.
 */
import type { Entry, HardState, PersistedState, Snapshot } from '../../impl/raft/types.js';
import { applySave, applySnapshot, emptyImage, type LogImage } from '../../impl/server/storage.js';
import type { Storage } from '../../impl/server/storage.js';

type Staged = { snapshot: Snapshot | null; entries: readonly Entry[]; hardState: HardState | null };

export class MemoryStorage implements Storage {
  private readonly durable: LogImage = emptyImage();
  private staged: Staged[] = [];
  private started = false;

  save(snapshot: Snapshot | null, entries: readonly Entry[], hardState: HardState | null): void {
    this.staged.push({ snapshot, entries, hardState });
  }

  sync(): void {
    for (const s of this.staged) applySave(this.durable, s.snapshot, s.entries, s.hardState);
    this.staged = [];
  }

  saveSnapshot(snapshot: Snapshot): void {
    this.sync();
    applySnapshot(this.durable, snapshot);
  }

  /** The crash: whatever was not synced is gone. */
  loseUnsynced(): void {
    this.staged = [];
  }

  load(): PersistedState | null {
    if (!this.started) {
      this.started = true;
      return null;
    }
    return { hardState: this.durable.hardState, snapshot: this.durable.snapshot, entries: this.durable.entries.slice() };
  }
}
