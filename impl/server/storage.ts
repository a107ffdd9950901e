/**
 * Where a node keeps what must survive a crash. The real server writes a log file and
 * fsyncs; the simulator keeps it in memory and loses what was not synced.
 */
import type { Entry, HardState, PersistedState, Snapshot } from '../raft/types.js';

export interface Storage {
  /** Stages a Ready's durable parts: a received snapshot, new entries (replacing any from entries[0].index on), the hard state. */
  save(snapshot: Snapshot | null, entries: readonly Entry[], hardState: HardState | null): void;
  /** Makes everything staged durable (fsync). */
  sync(): void;
  /**
   * Optional: sync() without blocking. Returns true when an fsync was started and `done`
   * will be called once it returned; false when nothing needed one (done is not called).
   */
  syncAsync?(done: () => void): boolean;
  /** Records a snapshot the node took itself and drops the entries it covers; durable on return. */
  saveSnapshot(snapshot: Snapshot): void;
  /** What a restarting node starts from: only what was synced. Null on first start. */
  load(): PersistedState | null;
}

/** A persisted log in memory: the shared logic of applying saves to a durable image. */
export interface LogImage {
  hardState: HardState;
  snapshot: Snapshot | null;
  entries: Entry[];
}

export function emptyImage(): LogImage {
  return { hardState: { term: 0, vote: null, commit: 0 }, snapshot: null, entries: [] };
}

export function applySave(image: LogImage, snapshot: Snapshot | null, entries: readonly Entry[], hardState: HardState | null): void {
  if (snapshot !== null) applySnapshot(image, snapshot);
  if (entries.length > 0) {
    // Entries are contiguous, so the suffix to replace starts at a computable position.
    const first = entries[0]!.index;
    const start = image.entries.length === 0 ? 0 : Math.max(0, first - image.entries[0]!.index);
    image.entries.splice(start, image.entries.length - start, ...entries);
  }
  if (hardState !== null) image.hardState = hardState;
}

/** As RaftLog.compactTo: entries after the snapshot survive only if the log agrees with it at its index. */
export function applySnapshot(image: LogImage, snapshot: Snapshot): void {
  const { index, term } = snapshot.meta;
  if (image.snapshot !== null && image.snapshot.meta.index >= index) return;
  const tailMatches = image.entries.some((e) => e.index === index && e.term === term);
  image.snapshot = snapshot;
  image.entries = tailMatches ? image.entries.filter((e) => e.index > index) : [];
}
