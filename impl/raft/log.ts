/**
 * The in-memory Raft log: a snapshot prefix (index and term only) followed by
 * entries. Tracks which entries are persisted (`stable`), committed and applied.
 */
import type { Entry, Snapshot } from './types.js';

export class RaftLog {
  /** Entries after the snapshot; entries[i].index === snapshotIndex + 1 + i. */
  private entries: Entry[] = [];
  snapshot: Snapshot | null = null;
  /** Entries up to here are persisted. */
  stable = 0;
  committed = 0;
  applied = 0;

  get snapshotIndex(): number {
    return this.snapshot?.meta.index ?? 0;
  }

  get firstIndex(): number {
    return this.snapshotIndex + 1;
  }

  get lastIndex(): number {
    return this.snapshotIndex + this.entries.length;
  }

  get lastTerm(): number {
    return this.term(this.lastIndex) ?? 0;
  }

  /** The term of the entry at `index`; undefined when compacted away or beyond the end. */
  term(index: number): number | undefined {
    if (index === 0) return 0;
    if (index === this.snapshotIndex) return this.snapshot!.meta.term;
    return this.entries[index - this.snapshotIndex - 1]?.term;
  }

  entry(index: number): Entry | undefined {
    return this.entries[index - this.snapshotIndex - 1];
  }

  /** Entries in [from, to], clipped to what the log holds. */
  slice(from: number, to: number): Entry[] {
    const start = Math.max(from, this.firstIndex) - this.snapshotIndex - 1;
    const end = Math.min(to, this.lastIndex) - this.snapshotIndex;
    return start < end ? this.entries.slice(start, end) : [];
  }

  matches(index: number, term: number): boolean {
    return this.term(index) === term;
  }

  isUpToDate(lastIndex: number, lastTerm: number): boolean {
    return lastTerm > this.lastTerm || (lastTerm === this.lastTerm && lastIndex >= this.lastIndex);
  }

  append(entry: Entry): void {
    this.entries.push(entry);
  }

  /**
   * Appends entries that follow `prevIndex` (already known to match), truncating a
   * conflicting suffix. Returns the index of the last new entry.
   */
  appendAfter(prevIndex: number, incoming: readonly Entry[]): number {
    for (const [i, entry] of incoming.entries()) {
      const existing = this.term(entry.index);
      if (existing === entry.term) continue;
      if (entry.index <= this.committed) {
        throw new Error(`raft: refusing to overwrite committed entry ${entry.index}`);
      }
      this.truncateFrom(entry.index);
      for (const rest of incoming.slice(i)) this.entries.push(rest);
      break;
    }
    return prevIndex + incoming.length;
  }

  private truncateFrom(index: number): void {
    this.entries.length = Math.max(0, index - this.snapshotIndex - 1);
    this.stable = Math.min(this.stable, index - 1);
  }

  /** The first index of the term that the entry at `index` has (for conflict hints). */
  firstIndexOfTerm(index: number): number {
    const term = this.term(index);
    let first = index;
    while (first - 1 >= this.firstIndex && this.term(first - 1) === term) first--;
    return first;
  }

  /** The last index holding `term`, or 0 when the log has no entry of it. */
  lastIndexOfTerm(term: number): number {
    for (let index = this.lastIndex; index >= this.firstIndex; index--) {
      const t = this.term(index)!;
      if (t === term) return index;
      if (t < term) return 0;
    }
    return 0;
  }

  unstable(): Entry[] {
    return this.slice(this.stable + 1, this.lastIndex);
  }

  /** Committed entries not yet handed to the state machine. */
  toApply(): Entry[] {
    return this.slice(this.applied + 1, this.committed);
  }

  /** Drops entries up to the snapshot's index (they are covered by it). */
  compactTo(snapshot: Snapshot): void {
    const keep = this.entries.filter((e) => e.index > snapshot.meta.index);
    const matchesTail = this.term(snapshot.meta.index) === snapshot.meta.term;
    this.entries = matchesTail ? keep : [];
    this.snapshot = snapshot;
    this.stable = Math.max(this.stable, snapshot.meta.index);
  }

  /** Replaces the whole log with a snapshot received from the leader. */
  restore(snapshot: Snapshot): void {
    this.compactTo(snapshot);
    this.committed = Math.max(this.committed, snapshot.meta.index);
  }

  /** Rebuilds from persisted state after a restart. */
  static fromPersisted(snapshot: Snapshot | null, entries: readonly Entry[], commit: number): RaftLog {
    const log = new RaftLog();
    log.snapshot = snapshot;
    log.entries = entries.filter((e) => e.index > log.snapshotIndex);
    log.stable = log.lastIndex;
    log.committed = Math.max(log.snapshotIndex, Math.min(commit, log.lastIndex));
    log.applied = log.snapshotIndex;
    return log;
  }
}
