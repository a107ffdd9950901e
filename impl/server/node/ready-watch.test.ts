import { describe, expect, it } from 'vitest';
import type { Entry, Ready, Role, Status } from '../../raft/types.js';
import { NodeMetrics } from './metrics.js';
import { ReadyWatch } from './ready-watch.js';

function watching(): { watch: ReadyWatch; roleChanges: Array<Record<string, unknown>> } {
  const roleChanges: Array<Record<string, unknown>> = [];
  const watch = new ReadyWatch('n1', (_level, event, fields = {}) => event === 'role-change' && roleChanges.push(fields), new NodeMetrics(), () => {});
  return { watch, roleChanges };
}

const status = (role: Role, term: number, commit: number, lastIndex: number): Status => ({
  id: 'n1',
  role,
  term,
  vote: 'n1',
  leader: role === 'leader' ? 'n1' : null,
  commit,
  applied: commit,
  firstIndex: 1,
  lastIndex,
  membership: { voters: ['n1', 'n2', 'n3'], learners: [] },
  progress: {},
});

const ready = (role: Role, entries: Entry[]): Ready => ({
  softState: { role, leader: role === 'leader' ? 'n1' : null },
  hardState: null,
  entries,
  snapshot: null,
  messages: [],
  committed: [],
  reads: [],
});

describe('the role-change line', () => {
  it("says how many entries of earlier terms a new leader holds above its commit index, not counting its own, and the last one's term", () => {
    const { watch, roleChanges } = watching();
    const terms = [0, 1, 1, 1, 1, 2, 2, 3, 5];
    watch.observe(ready('leader', [{ type: 'noop', index: 8, term: 5 }]), status('leader', 5, 4, 8), (index) => terms[index]);
    expect(roleChanges).toEqual([{ role: 'leader', term: 5, leader: 'n1', heldOver: 3, heldOverTerm: 3 }]);
  });

  it('counts up to the log’s end for a leader that appends nothing on winning, and none below its commit index', () => {
    const { watch, roleChanges } = watching();
    watch.observe(ready('leader', []), status('leader', 5, 4, 7), (index) => (index === 7 ? 4 : 1));
    watch.observe(ready('follower', []), status('follower', 6, 7, 7));
    watch.observe(ready('leader', [{ type: 'noop', index: 8, term: 7 }]), status('leader', 7, 7, 8));
    expect(roleChanges).toEqual([
      { role: 'leader', term: 5, leader: 'n1', heldOver: 3, heldOverTerm: 4 },
      { role: 'follower', term: 6, leader: null },
      { role: 'leader', term: 7, leader: 'n1', heldOver: 0 },
    ]);
  });
});
