import { describe, expect, it } from 'vitest';
import type { Entry, Ready, Status } from '../../impl/raft/types.js';
import { InvariantWatch, type RaftView } from './invariants.js';

const noReady: Ready = { softState: null, hardState: null, entries: [], snapshot: null, messages: [], committed: [], reads: [] };
const put = (index: number, term: number, value: string): Entry => ({ index, term, type: 'normal', data: value });

/** A node as the watch sees it: its term, first index and log. */
function view(id: string, term: number, log: readonly Entry[], firstIndex = 1): RaftView {
  const status = { id, term, firstIndex, role: 'leader' } as Status;
  return { status: () => status, entry: (index) => log.find((e) => e.index === index) };
}

const elected: Ready = { ...noReady, softState: { leader: 'x', role: 'leader' } };

describe('the simulator invariant watch', () => {
  it('flags a leader of a later term that lacks an applied entry (leader completeness)', () => {
    const watch = new InvariantWatch();
    watch.observe('n1', { ...noReady, committed: [put(1, 1, 'a')] }, view('n1', 1, [put(1, 1, 'a')]));
    watch.observe('n2', elected, view('n2', 2, [put(1, 2, 'b')]));
    expect(watch.violations).toHaveLength(1);
    expect(watch.violations[0]).toMatch(/^leader completeness: n2 leads term 2 with 2:b at index 1, committed as 1:a \(applied on n1 in term 1\)/);
  });

  it('does not flag a leader whose term is not later than the term the entry was applied in', () => {
    const watch = new InvariantWatch();
    // Applied by a node already in term 3: it may have been committed as late as term 3, and
    // a slow candidate of term 3 or earlier can still win without it (a stale leader).
    watch.observe('n1', { ...noReady, committed: [put(1, 1, 'a')] }, view('n1', 3, [put(1, 1, 'a')]));
    watch.observe('n2', elected, view('n2', 3, []));
    expect(watch.violations).toEqual([]);
  });

  it('does not flag entries the new leader holds, or holds only in its snapshot', () => {
    const watch = new InvariantWatch();
    watch.observe('n1', { ...noReady, committed: [put(1, 1, 'a'), put(2, 1, 'b')] }, view('n1', 1, [put(1, 1, 'a'), put(2, 1, 'b')]));
    watch.observe('n2', elected, view('n2', 2, [put(2, 1, 'b')], 2));
    expect(watch.violations).toEqual([]);
  });

  it('flags two leaders of one term, a double vote, and two entries applied at one index', () => {
    const watch = new InvariantWatch();
    watch.observe('n1', elected, view('n1', 4, []));
    watch.observe('n2', elected, view('n2', 4, []));
    const vote = (to: string): Ready => ({
      ...noReady,
      messages: [{ type: 'vote-response', from: 'n3', to, term: 5, pre: false, granted: true }],
    });
    watch.observe('n3', vote('n1'), view('n3', 5, []));
    watch.observe('n3', vote('n2'), view('n3', 5, []));
    watch.observe('n1', { ...noReady, committed: [put(7, 4, 'x')] }, view('n1', 5, []));
    watch.observe('n2', { ...noReady, committed: [put(7, 4, 'y')] }, view('n2', 5, []));
    expect(watch.violations).toEqual([
      'election safety: n1 and n2 both led term 4',
      'vote safety: n3 voted for n1 and n2 in term 5',
      'state machine safety: index 7 applied as 4:x on n1 but 4:y on n2',
    ]);
  });
});
