/**
 * Turns what each Ready says into log lines and metrics: role and term changes,
 * elections, membership changes, installed snapshots, commits.
 */
import type { Entry, Ready, Status } from '../../raft/types.js';
import type { Logger } from './log.js';
import type { NodeMetrics } from './metrics.js';

/**
 * Entries of earlier terms a new leader holds above its commit index — what it will
 * commit (with its own first entry, or before it if the commit rule is broken) — and
 * the term of the last of them.
 */
function heldOver(rd: Ready, status: Status, termAt: (index: number) => number | undefined): { heldOver: number; heldOverTerm?: number } {
  const last = (rd.entries.find((e) => e.term === status.term)?.index ?? status.lastIndex + 1) - 1;
  const count = Math.max(0, last - status.commit);
  const term = count > 0 ? termAt(last) : undefined;
  return term === undefined ? { heldOver: count } : { heldOver: count, heldOverTerm: term };
}

export class ReadyWatch {
  private term = -1;
  private leader: string | null = null;
  private role = 'follower';

  constructor(
    private readonly self: string,
    private readonly log: Logger,
    private readonly metrics: NodeMetrics,
    private readonly leaderChanged: () => void,
  ) {}

  /** `termAt`: the term of the entry at an index of the node's log. */
  observe(rd: Ready, status: Status, termAt: (index: number) => number | undefined = () => undefined): void {
    if (status.term !== this.term) {
      this.term = status.term;
      this.metrics.term.set(status.term);
      this.log('info', 'term-change', { term: status.term });
    }
    const soft = rd.softState;
    if (soft !== null) {
      if (soft.role !== this.role) {
        this.role = soft.role;
        this.log('info', 'role-change', { role: soft.role, term: status.term, leader: soft.leader, ...(soft.role === 'leader' ? heldOver(rd, status, termAt) : {}) });
        if (soft.role === 'pre-candidate' || soft.role === 'candidate') {
          this.metrics.elections.inc();
          this.log('info', 'election-start', { term: soft.role === 'candidate' ? status.term : status.term + 1, pre: soft.role === 'pre-candidate' });
        }
      }
      if (soft.leader !== this.leader) {
        this.leader = soft.leader;
        this.metrics.leaderChanges.inc();
        this.leaderChanged();
      }
    }
    if (status.role === 'leader') {
      const proposed = rd.entries.filter((e) => e.type === 'normal').length;
      if (proposed > 0) this.metrics.proposals.inc(proposed);
    }
    if (rd.snapshot !== null) {
      this.metrics.snapshots.inc({ kind: 'installed' });
      this.log('info', 'snapshot-installed', { index: rd.snapshot.meta.index, term: rd.snapshot.meta.term, bytes: rd.snapshot.data.length });
    }
    if (rd.committed.length > 0) {
      this.metrics.committed.inc(rd.committed.length);
      this.metrics.commitIndex.set(rd.committed.at(-1)!.index);
      for (const entry of rd.committed) if (entry.type === 'conf') this.membershipChanged(entry, status);
    }
  }

  private membershipChanged(entry: Extract<Entry, { type: 'conf' }>, status: Status): void {
    const { voters, learners } = status.membership;
    this.log('info', 'membership-change', { change: entry.change, index: entry.index, voters, learners });
    if (entry.change.type === 'remove' && entry.change.node === this.self) this.log('warn', 'removed');
  }
}
