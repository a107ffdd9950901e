/**
 * Seeded bugs: named switches, off by default, each a real bug Jepsen has found in
 * real Raft systems. They exist to prove that the tests and the harness find bugs.
 */
export const BUG_NAMES = [
  /** Any node serves reads from its local state, without ReadIndex or a lease. */
  'stale-read',
  /** A new leader serves ReadIndex reads before committing an entry of its own term. */
  'no-noop',
  /** votedFor is not persisted: a restarted node may vote twice in one term. */
  'forget-vote',
  /** Entries of older terms are committed by counting replicas (Raft paper Figure 8). */
  'old-term-commit',
  /** Acknowledge before persisting: a crash loses the unsynced tail. */
  'lazy-fsync',
  /** Client sessions are ignored: a retried request is applied twice. */
  'no-dedup',
] as const;

export type BugName = (typeof BUG_NAMES)[number];
export type Bugs = ReadonlySet<BugName>;

export const NO_BUGS: Bugs = new Set();

export function isBugName(name: string): name is BugName {
  return (BUG_NAMES as readonly string[]).includes(name);
}
