import { describe, expect, it } from 'vitest';
import { RaftLog } from './log.js';
import { entries, snapshotAt } from './test-support/lone-node.js';

/** A log of terms 1,1,2,2,2,4 at indexes 1-6. */
function sixEntries(): RaftLog {
  return RaftLog.fromPersisted(null, [...entries(1, 2, 1), ...entries(3, 5, 2), ...entries(6, 6, 4)], 0);
}

const terms = (log: RaftLog, from: number, to: number): number[] => log.slice(from, to).map((e) => e.term);

describe('the Raft log', () => {
  it('knows the term at each index: 0 before the first, the snapshot term at its index, nothing compacted or beyond the end', () => {
    const log = RaftLog.fromPersisted(snapshotAt(3, 2), entries(4, 5, 3), 5);
    expect([0, 2, 3, 4, 5, 6].map((i) => log.term(i))).toEqual([0, undefined, 2, 3, 3, undefined]);
    expect([log.firstIndex, log.lastIndex, log.lastTerm, log.snapshotIndex]).toEqual([4, 5, 3, 3]);
    expect(new RaftLog().lastTerm).toBe(0);
  });

  it('slices [from, to] clipped to what it holds', () => {
    const log = RaftLog.fromPersisted(snapshotAt(2, 1), entries(3, 6, 2), 0);
    expect(log.slice(1, 4).map((e) => e.index)).toEqual([3, 4]);
    expect(log.slice(5, 9).map((e) => e.index)).toEqual([5, 6]);
    expect(log.slice(4, 4).map((e) => e.index)).toEqual([4]);
    expect(log.slice(5, 4)).toEqual([]);
  });

  it('is at least as up to date as a log with a higher last term, or the same last term and at least its length', () => {
    const log = sixEntries();
    expect(log.isUpToDate(1, 5)).toBe(true);
    expect(log.isUpToDate(6, 4)).toBe(true);
    expect(log.isUpToDate(7, 4)).toBe(true);
    expect(log.isUpToDate(5, 4)).toBe(false);
    expect(log.isUpToDate(9, 3)).toBe(false);
  });

  it('appends after a match: skips entries it has, replaces a conflicting suffix, and never an entry it has committed', () => {
    const log = sixEntries();
    log.stable = 6;
    expect(log.appendAfter(2, entries(3, 4, 2))).toBe(4);
    expect(terms(log, 1, 9)).toEqual([1, 1, 2, 2, 2, 4]);
    expect(log.stable).toBe(6);
    expect(log.appendAfter(3, entries(4, 4, 3))).toBe(4);
    expect(terms(log, 1, 9)).toEqual([1, 1, 2, 3]);
    // The replaced entries were persisted, their replacement is not.
    expect(log.stable).toBe(3);
    expect(log.unstable().map((e) => [e.index, e.term])).toEqual([[4, 3]]);
    log.committed = 2;
    expect(() => log.appendAfter(1, entries(2, 2, 5))).toThrow(/committed entry 2/);
  });

  it('hints at a conflict with the first index of a term and the last index holding one', () => {
    const log = sixEntries();
    expect([1, 2, 3, 5, 6].map((i) => log.firstIndexOfTerm(i))).toEqual([1, 1, 3, 3, 6]);
    expect([1, 2, 3, 4, 5].map((t) => log.lastIndexOfTerm(t))).toEqual([2, 5, 0, 6, 0]);
    const compacted = RaftLog.fromPersisted(snapshotAt(3, 2), entries(4, 5, 2), 0);
    expect(compacted.firstIndexOfTerm(5)).toBe(4);
    expect(compacted.lastIndexOfTerm(1)).toBe(0);
  });

  it('hands out committed entries not yet applied', () => {
    const log = sixEntries();
    log.committed = 4;
    log.applied = 2;
    expect(log.toApply().map((e) => e.index)).toEqual([3, 4]);
  });

  it('compacts to a snapshot: keeps the entries after it when it matches its own log, drops them all when it does not', () => {
    const kept = sixEntries();
    kept.stable = 2;
    kept.compactTo({ ...snapshotAt(4, 2), data: 's' });
    expect([kept.firstIndex, kept.lastIndex, kept.stable]).toEqual([5, 6, 4]);
    const other = sixEntries();
    other.restore({ ...snapshotAt(4, 3), data: 's' });
    expect([other.firstIndex, other.lastIndex, other.committed]).toEqual([5, 4, 4]);
    const ahead = sixEntries();
    ahead.committed = 6;
    ahead.restore({ ...snapshotAt(4, 2), data: 's' });
    expect(ahead.committed).toBe(6);
  });

  it('rebuilds from persisted state: entries the snapshot covers dropped, commit within the log, nothing applied past the snapshot', () => {
    const log = RaftLog.fromPersisted(snapshotAt(3, 1), entries(2, 6, 1), 9);
    expect([log.firstIndex, log.lastIndex, log.stable, log.committed, log.applied]).toEqual([4, 6, 6, 6, 3]);
    const behind = RaftLog.fromPersisted(snapshotAt(3, 1), [], 1);
    expect([behind.committed, behind.applied]).toEqual([3, 3]);
  });
});
