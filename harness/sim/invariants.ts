/**
 * Raft's safety properties, watched across all simulated nodes from their Ready
 * stream: election safety (one leader per term), vote safety (a server votes for at
 * most one candidate in a term, across restarts) and state-machine safety (every node
 * applies the same entry at a given index).
 */
import type { Entry, NodeId, Ready } from '../../impl/raft/types.js';

const MAX_REPORTED = 20;

function describeEntry(entry: Entry): string {
  return `${entry.term}:${entry.type === 'normal' ? entry.data : entry.type === 'conf' ? JSON.stringify(entry.change) : 'noop'}`;
}

export class InvariantWatch {
  readonly violations: string[] = [];
  private readonly leaders = new Map<number, NodeId>();
  private readonly applied = new Map<number, { node: NodeId; entry: string }>();
  private readonly votes = new Map<string, NodeId>();

  observe(node: NodeId, ready: Ready, term: () => number): void {
    if (ready.softState?.role === 'leader') {
      const t = term();
      const other = this.leaders.get(t);
      if (other !== undefined && other !== node) this.violate(`election safety: ${other} and ${node} both led term ${t}`);
      this.leaders.set(t, node);
    }
    for (const m of ready.messages) {
      if (m.type !== 'vote-response' || m.pre || !m.granted) continue;
      const key = `${node}@${m.term}`;
      const earlier = this.votes.get(key);
      if (earlier !== undefined && earlier !== m.to) this.violate(`vote safety: ${node} voted for ${earlier} and ${m.to} in term ${m.term}`);
      this.votes.set(key, m.to);
    }
    for (const entry of ready.committed) {
      const described = describeEntry(entry);
      const seen = this.applied.get(entry.index);
      if (seen === undefined) this.applied.set(entry.index, { node, entry: described });
      else if (seen.entry !== described) {
        this.violate(`state machine safety: index ${entry.index} applied as ${seen.entry} on ${seen.node} but ${described} on ${node}`);
      }
    }
  }

  private violate(message: string): void {
    if (this.violations.length < MAX_REPORTED) this.violations.push(message);
  }
}
