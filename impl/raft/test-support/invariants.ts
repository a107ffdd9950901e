/**
 * The Raft paper's safety properties (Figure 3), checked over a TestCluster's disks and
 * applied entries. Election safety and state-machine safety are checked by the cluster
 * as it runs; these cover the logs.
 */
import type { Entry, NodeId } from '../types.js';
import type { TestCluster } from './cluster.js';

function entryData(entry: Entry): string {
  return entry.type === 'normal' ? entry.data : entry.type === 'conf' ? `conf:${JSON.stringify(entry.change)}` : 'noop';
}

/** Log matching: two logs with an entry of the same index and term agree on everything before it. */
export function checkLogMatching(cluster: TestCluster): void {
  const logs = [...cluster.disks.entries()].map(([id, disk]) => ({ id, byIndex: new Map(disk.entries.map((e) => [e.index, e])) }));
  for (const a of logs) {
    for (const b of logs) {
      if (a.id >= b.id) continue;
      let matchedAbove = false;
      const indices = [...a.byIndex.keys()].sort((x, y) => y - x);
      for (const index of indices) {
        const ea = a.byIndex.get(index)!;
        const eb = b.byIndex.get(index);
        if (eb === undefined) continue;
        if (ea.term === eb.term) matchedAbove = true;
        if (matchedAbove && (ea.term !== eb.term || entryData(ea) !== entryData(eb))) {
          throw new Error(`log matching: ${a.id} and ${b.id} differ at ${index} below a matching entry`);
        }
      }
    }
  }
}

/**
 * Leader completeness: a leader holds every entry committed in an earlier term. An entry
 * applied by a node in term T was committed in T or earlier; a stale leader of term T
 * or lower (one cut off that has not yet stepped down) need not hold it.
 */
export function checkLeaderCompleteness(cluster: TestCluster, leader: NodeId): void {
  const disk = cluster.disks.get(leader)!;
  const term = cluster.node(leader).status().term;
  const byIndex = new Map(disk.entries.map((e) => [e.index, e]));
  for (const [id, applied] of cluster.applied) {
    for (const [index, data] of applied) {
      if ((cluster.appliedInTerm.get(index) ?? Infinity) >= term) continue;
      if (index <= (disk.snapshot?.meta.index ?? 0)) continue; // in the leader's snapshot
      const entry = byIndex.get(index);
      if (entry === undefined || entryData(entry) !== data) {
        throw new Error(`leader completeness: leader ${leader} of term ${term} lacks ${data} at ${index} (applied by ${id})`);
      }
    }
  }
}

/** Leader append-only: while a node leads a term, its log only grows. */
export class AppendOnlyWatch {
  private readonly seen = new Map<string, string>();

  observe(cluster: TestCluster): void {
    for (const [id, node] of cluster.nodes) {
      const s = node.status();
      if (s.role !== 'leader') continue;
      for (const entry of cluster.disks.get(id)!.entries) {
        const key = `${id}@${s.term}#${entry.index}`;
        const data = `${entry.term}:${entryData(entry)}`;
        const before = this.seen.get(key);
        if (before !== undefined && before !== data) throw new Error(`leader append-only: ${id} rewrote index ${entry.index} in term ${s.term}`);
        this.seen.set(key, data);
      }
    }
  }
}
