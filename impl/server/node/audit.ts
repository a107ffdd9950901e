/**
 * The node's audit trail in its log: what it has told the world is durable, and what
 * it applied. Logged once a Ready is done — its records synced, its messages handed to
 * the transport, its entries applied — so that every line states something the node
 * has already acted on:
 *
 * - `vote` (`term`, `for`): it granted its vote in `term` (to a candidate, or to
 *   itself by asking for votes). Raft requires the vote to be durable first.
 * - `applied` (`first`, `entries`: `[term, digest]` each, and `snapshot` when one was
 *   restored): the entries it applied, from index `first` on. An applied entry was
 *   committed and is durable here. `requests` (`[index, client, seq]` each) lists the
 *   client requests the state machine carried out, a retry answered from its session
 *   left out.
 *
 * With `storage-recovered` after a restart and `role-change`, these let a checker
 * outside the node (harness/systems/faultline/invariants.ts) test Raft's safety
 * properties on a real run: one leader per term, one vote per node and term, one
 * entry per index everywhere, nothing acknowledged lost in a crash, and each client
 * request carried out once.
 */
import { crc32 } from 'node:zlib';
import type { ExecutedRequest } from '../../kv/commands.js';
import type { Entry, NodeId, Ready } from '../../raft/types.js';
import type { Logger } from './log.js';

/** What identifies an entry's content: a CRC-32 of its payload, as 8 hex digits. */
export function entryDigest(entry: Entry): string {
  const payload = entry.type === 'normal' ? `n${entry.data}` : entry.type === 'conf' ? `c${JSON.stringify(entry.change)}` : 'x';
  return crc32(payload).toString(16).padStart(8, '0');
}

export class AuditLog {
  /** The last term this node logged a vote in (a vote is logged once per term and candidate). */
  private voted: { term: number; for: NodeId } | null = null;

  constructor(
    private readonly self: NodeId,
    private readonly log: Logger,
  ) {}

  /** A Ready that has been done (durable, sent, applied). */
  done(rd: Ready, executed: readonly ExecutedRequest[] = []): void {
    for (const m of rd.messages) {
      if (m.type === 'vote' && !m.pre) this.vote(m.term, this.self);
      else if (m.type === 'vote-response' && !m.pre && m.granted) this.vote(m.term, m.to);
    }
    if (rd.committed.length === 0 && rd.snapshot === null && executed.length === 0) return;
    this.log('info', 'applied', {
      ...(rd.snapshot === null ? {} : { snapshot: { index: rd.snapshot.meta.index, term: rd.snapshot.meta.term } }),
      ...(rd.committed.length === 0 ? {} : { first: rd.committed[0]!.index, entries: rd.committed.map((e) => [e.term, entryDigest(e)]) }),
      ...(executed.length === 0 ? {} : { requests: executed.map((r) => [r.index, r.client, r.seq]) }),
    });
  }

  private vote(term: number, candidate: NodeId): void {
    if (this.voted?.term === term && this.voted.for === candidate) return;
    this.voted = { term, for: candidate };
    this.log('info', 'vote', { term, for: candidate });
  }
}
