/**
 * Raft's safety properties, checked from our nodes' own logs (docs/node.md, *Logs*;
 * the lines come from impl/server/node/audit.ts and the start-up's
 * `storage-recovered`), as the simulator checks them on every Ready — but on real
 * processes, across real crashes:
 *
 * - election safety: at most one node leads a term (`role-change` to leader);
 * - vote safety: a node votes for at most one candidate in a term, across restarts
 *   (`vote`);
 * - state-machine safety: every node applies the same entry at an index, before and
 *   after its restarts (`applied`: each entry's term and digest);
 * - durability: a node restarts with what it had acted on — the vote it granted in its
 *   term (or a later term), and a log reaching at least the last entry it applied
 *   (`storage-recovered` against its `vote` and `applied` lines before);
 * - exactly-once: a node carries out a client's request (client, sequence number) at
 *   one log index only — a retry committed again is answered from the client's session
 *   (`applied`: `requests`). Replaying its log after a restart carries requests out
 *   again at the same indexes.
 *
 * Each line the node writes states something it has already done, after the fsync the
 * correct store makes first, so none of these can fail on the correct store. A node
 * that starts from an empty data folder (`fresh`: a member re-added with new storage)
 * is a new member as far as its votes and its log go.
 */
import type { Leadership, NodeLogChecker } from '../system.js';

const MAX_FINDINGS = 20;

interface Vote {
  readonly term: number;
  readonly for: string;
}

interface NodeState {
  /** The vote it granted last, since its last fresh start. */
  lastVote: Vote | null;
  /** Every vote since its last fresh start, by term. */
  readonly votes: Map<number, string>;
  /** The highest index it applied (entries or a snapshot), since its last fresh start. */
  applied: number;
  /** Starts seen (`storage-recovered` lines). */
  starts: number;
  /** The index each client request was carried out at, since its last fresh start. */
  readonly requests: Map<string, number>;
}

interface AppliedEntry {
  readonly node: string;
  readonly term: number;
  readonly digest: string;
}

type Line = Readonly<Record<string, unknown>>;

export class RaftLogInvariants implements NodeLogChecker {
  private readonly found: string[] = [];
  private readonly nodes = new Map<string, NodeState>();
  private readonly leaders = new Map<number, string>();
  private readonly appliedAt = new Map<number, AppliedEntry>();

  get findings(): readonly string[] {
    return this.found;
  }

  line(node: string, text: string): void {
    const line = parse(text);
    if (line === null) return;
    switch (line.event) {
      case 'storage-recovered':
        return this.recovered(node, line);
      case 'vote':
        return this.vote(node, line);
      case 'role-change':
        return this.roleChange(node, line);
      case 'applied':
        return this.applied(node, line);
    }
  }

  private state(node: string): NodeState {
    let state = this.nodes.get(node);
    if (state === undefined) {
      state = { lastVote: null, votes: new Map(), applied: 0, starts: 0, requests: new Map() };
      this.nodes.set(node, state);
    }
    return state;
  }

  private recovered(node: string, line: Line): void {
    const state = this.state(node);
    state.starts++;
    if (line.fresh === true) {
      state.lastVote = null;
      state.votes.clear();
      state.applied = 0;
      state.requests.clear();
      return;
    }
    const term = integer(line.term);
    const vote = typeof line.vote === 'string' ? line.vote : null;
    const lastIndex = integer(line.lastIndex);
    const claimed = state.lastVote;
    if (claimed !== null && term !== null) {
      if (term < claimed.term) this.find(`durability: ${node} voted for ${claimed.for} in term ${claimed.term}, then restarted in term ${term}`);
      else if (term === claimed.term && vote !== claimed.for) {
        this.find(`durability: ${node} voted for ${claimed.for} in term ${term}, then restarted in term ${term} ${vote === null ? 'without a vote' : `having voted for ${vote}`}`);
      }
    }
    if (lastIndex !== null && lastIndex < state.applied) {
      this.find(`durability: ${node} applied entries up to index ${state.applied}, then restarted with its log ending at index ${lastIndex}`);
    }
  }

  private vote(node: string, line: Line): void {
    const term = integer(line.term);
    const candidate = line.for;
    if (term === null || typeof candidate !== 'string') return;
    const state = this.state(node);
    const earlier = state.votes.get(term);
    if (earlier !== undefined && earlier !== candidate) this.find(`vote safety: ${node} voted for ${earlier} and for ${candidate} in term ${term}`);
    state.votes.set(term, candidate);
    if (state.lastVote === null || term >= state.lastVote.term) state.lastVote = { term, for: candidate };
  }

  private roleChange(node: string, line: Line): void {
    const term = leaderTermOf(line);
    if (term === null) return;
    const other = this.leaders.get(term);
    if (other !== undefined && other !== node) this.find(`election safety: ${other} and ${node} both led term ${term}`);
    else this.leaders.set(term, node);
  }

  private applied(node: string, line: Line): void {
    const state = this.state(node);
    const snapshot = line.snapshot as Line | undefined;
    const snapshotIndex = snapshot === undefined ? null : integer(snapshot.index);
    if (snapshotIndex !== null) state.applied = Math.max(state.applied, snapshotIndex);
    if (Array.isArray(line.requests)) this.requests(node, state, line.requests as unknown[]);
    const first = integer(line.first);
    if (first === null || !Array.isArray(line.entries)) return;
    for (const [k, entry] of (line.entries as unknown[]).entries()) {
      if (!Array.isArray(entry)) continue;
      const term = integer(entry[0]);
      const digest = entry[1];
      if (term === null || typeof digest !== 'string') continue;
      const index = first + k;
      state.applied = Math.max(state.applied, index);
      const seen = this.appliedAt.get(index);
      if (seen === undefined) {
        this.appliedAt.set(index, { node, term, digest });
        continue;
      }
      if (seen.term === term && seen.digest === digest) continue;
      const by = seen.node === node ? `by ${node} and, after it restarted, by ${node}` : `by ${seen.node} and by ${node}`;
      this.find(`state machine safety: index ${index} was applied as different entries ${by} (term ${seen.term} entry ${seen.digest}, then term ${term} entry ${digest})`);
    }
  }

  private requests(node: string, state: NodeState, requests: readonly unknown[]): void {
    for (const request of requests) {
      if (!Array.isArray(request)) continue;
      const [index, client, seq] = [integer(request[0]), request[1], integer(request[2])];
      if (index === null || typeof client !== 'string' || seq === null) continue;
      const key = `${client}\u0000${seq}`;
      const earlier = state.requests.get(key);
      if (earlier === undefined) state.requests.set(key, index);
      else if (earlier !== index) this.find(`exactly-once: ${node} carried out request ${seq} of client ${client} twice, at index ${earlier} and at index ${index}`);
    }
  }

  private find(finding: string): void {
    if (this.found.length < MAX_FINDINGS && !this.found.includes(finding)) this.found.push(finding);
  }
}

/** The term a `role-change` line says its node became leader in (null: any other line). */
function leaderTermOf(line: Line): number | null {
  return line.event === 'role-change' && line.role === 'leader' ? integer(line.term) : null;
}

/** The same, of a raw log line, with what the new leader held over (leader churn follows the logs for these). */
export function leadershipIn(text: string): Leadership | null {
  if (!text.includes('"role-change"')) return null;
  const line = parse(text);
  if (line === null) return null;
  const term = leaderTermOf(line);
  return term === null ? null : { term, heldOverTerm: integer(line.heldOverTerm) };
}

/** The term a raw log line says its node stood for election in (not a pre-vote; null: any other line). */
export function candidacyIn(text: string): number | null {
  if (!text.includes('"election-start"')) return null;
  const line = parse(text);
  return line?.event === 'election-start' && line.pre === false ? integer(line.term) : null;
}

/** Whether a raw log line is an `applied` line with entries. */
export function appliedIn(text: string): boolean {
  if (!text.includes('"applied"')) return false;
  const line = parse(text);
  return line?.event === 'applied' && Array.isArray(line.entries) && line.entries.length > 0;
}

function parse(text: string): Line | null {
  try {
    const value: unknown = JSON.parse(text);
    return value !== null && typeof value === 'object' && !Array.isArray(value) ? (value as Line) : null;
  } catch {
    return null;
  }
}

function integer(value: unknown): number | null {
  return typeof value === 'number' && Number.isInteger(value) ? value : null;
}
