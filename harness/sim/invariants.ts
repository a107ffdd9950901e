/**
 * Raft's safety properties, watched across all simulated nodes from their Ready
 * stream: election safety (one leader per term), vote safety (a server votes for at
 * most one candidate in a term, across restarts), leader completeness (a new leader
 * holds every entry committed in an earlier term) and state-machine safety (every
 * node applies the same entry at a given index).
 */
import type { Entry, NodeId, Ready, Status } from '../../impl/raft/types.js';

/** What the watch reads of a node besides its Ready. */
export interface RaftView {
  status(): Status;
  entry(index: number): Entry | undefined;
}

interface Applied {
  readonly node: NodeId;
  readonly entry: string;
  /**
   * The applier's term when it applied the entry: the entry was committed in this term
   * or an earlier one, so every leader of a later term must hold it.
   */
  readonly term: number;
}

const MAX_REPORTED = 20;

function describeEntry(entry: Entry): string {
  return `${entry.term}:${entry.type === 'normal' ? entry.data : entry.type === 'conf' ? JSON.stringify(entry.change) : 'noop'}`;
}

export class InvariantWatch {
  readonly violations: string[] = [];
  private readonly leaders = new Map<number, NodeId>();
  private readonly applied = new Map<number, Applied>();
  private readonly votes = new Map<string, NodeId>();

  observe(node: NodeId, ready: Ready, raft: RaftView): void {
    for (const m of ready.messages) {
      if (m.type !== 'vote-response' || m.pre || !m.granted) continue;
      const key = `${node}@${m.term}`;
      const earlier = this.votes.get(key);
      if (earlier !== undefined && earlier !== m.to) this.violate(`vote safety: ${node} voted for ${earlier} and ${m.to} in term ${m.term}`);
      this.votes.set(key, m.to);
    }
    const elected = ready.softState?.role === 'leader';
    if (!elected && ready.committed.length === 0) return;
    const status = raft.status();
    if (elected) {
      const other = this.leaders.get(status.term);
      if (other !== undefined && other !== node) this.violate(`election safety: ${other} and ${node} both led term ${status.term}`);
      this.leaders.set(status.term, node);
      this.checkCompleteness(node, status, raft);
    }
    for (const entry of ready.committed) {
      const described = describeEntry(entry);
      const seen = this.applied.get(entry.index);
      if (seen === undefined) this.applied.set(entry.index, { node, entry: described, term: status.term });
      else if (seen.entry !== described) {
        this.violate(`state machine safety: index ${entry.index} applied as ${seen.entry} on ${seen.node} but ${described} on ${node}`);
      }
    }
  }

  private checkCompleteness(leader: NodeId, status: Status, raft: RaftView): void {
    for (const [index, applied] of this.applied) {
      // Entries below the leader's first index are in its snapshot (state-machine safety covers them).
      if (applied.term >= status.term || index < status.firstIndex) continue;
      const held = raft.entry(index);
      if (held === undefined || describeEntry(held) !== applied.entry) {
        this.violate(
          `leader completeness: ${leader} leads term ${status.term} ${held === undefined ? 'without' : `with ${describeEntry(held)} at`} ` +
            `index ${index}, committed as ${applied.entry} (applied on ${applied.node} in term ${applied.term})`,
        );
        return;
      }
    }
  }

  private violate(message: string): void {
    if (this.violations.length < MAX_REPORTED) this.violations.push(message);
  }
}
