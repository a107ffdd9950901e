import { describe, expect, it } from 'vitest';
import { RaftLogInvariants } from './invariants.js';

type Fields = Record<string, unknown>;

/** A node's log line as docs/node.md writes it. */
const line = (node: string, event: string, fields: Fields = {}): string => JSON.stringify({ time: 0, node, level: 'info', event, ...fields });
const recovered = (node: string, fields: Fields): string =>
  line(node, 'storage-recovered', { snapshotIndex: 0, entries: 0, firstIndex: null, commit: 0, segments: 1, fresh: false, bootstrapped: false, ...fields });
const fresh = (node: string): string => recovered(node, { term: 1, vote: null, lastIndex: 3, fresh: true, bootstrapped: true });
const vote = (node: string, term: number, candidate: string): string => line(node, 'vote', { term, for: candidate });
const leads = (node: string, term: number): string => line(node, 'role-change', { role: 'leader', term, leader: node });
const applied = (node: string, first: number, entries: Array<[number, string]>, snapshot?: { index: number; term: number }): string =>
  line(node, 'applied', { first, entries, ...(snapshot === undefined ? {} : { snapshot }) });

function check(lines: ReadonlyArray<readonly [string, string]>): readonly string[] {
  const invariants = new RaftLogInvariants();
  for (const [node, text] of lines) invariants.line(node, text);
  return invariants.findings;
}

/** Lines of one node, as [node, line] pairs. */
const of = (node: string, ...texts: string[]): Array<[string, string]> => texts.map((t) => [node, t]);

describe("Raft's safety properties from our nodes' logs", () => {
  it('passes a history a correct cluster writes: elections, votes, restarts with what was durable, the same entries everywhere', () => {
    const findings = check([
      ...of('n1', fresh('n1'), vote('n1', 2, 'n1'), leads('n1', 2), applied('n1', 1, [[1, 'c1'], [1, 'c2'], [1, 'c3'], [2, 'aa']])),
      ...of('n2', fresh('n2'), vote('n2', 2, 'n1'), vote('n2', 2, 'n1'), applied('n2', 1, [[1, 'c1'], [1, 'c2']]), applied('n2', 3, [[1, 'c3'], [2, 'aa']])),
      // n2 crashes and restarts: it kept its vote and its log; it applies the same entries again.
      ...of('n2', recovered('n2', { term: 2, vote: 'n1', lastIndex: 4 }), applied('n2', 1, [[1, 'c1'], [1, 'c2'], [1, 'c3'], [2, 'aa']])),
      // A later term: n3 wins; n1 restarts in that later term without a vote (it never voted in it).
      ...of('n3', fresh('n3'), vote('n3', 3, 'n3'), leads('n3', 3), applied('n3', 1, [[1, 'c1'], [1, 'c2'], [1, 'c3'], [2, 'aa'], [3, 'bb']])),
      ...of('n1', recovered('n1', { term: 3, vote: null, lastIndex: 5 })),
      // A snapshot covers what the log no longer holds.
      ...of('n2', applied('n2', 0, [], { index: 5, term: 3 }), recovered('n2', { term: 3, vote: 'n3', lastIndex: 5, snapshotIndex: 5 })),
    ]);
    expect(findings).toEqual([]);
  });

  it('starts over for a node with an empty data folder (a member re-added with new storage)', () => {
    const findings = check(of('n2', fresh('n2'), vote('n2', 4, 'n1'), applied('n2', 1, [[1, 'c1'], [4, 'aa']]), fresh('n2'), vote('n2', 4, 'n3')));
    expect(findings).toEqual([]);
  });

  it('flags two leaders of one term (election safety)', () => {
    expect(check([...of('n1', leads('n1', 5)), ...of('n2', leads('n2', 5)), ...of('n1', leads('n1', 5))])).toEqual(['election safety: n1 and n2 both led term 5']);
  });

  it('flags a node voting for two candidates in one term, across a restart (vote safety)', () => {
    const findings = check(of('n3', fresh('n3'), vote('n3', 7, 'n1'), recovered('n3', { term: 7, vote: 'n1', lastIndex: 3 }), vote('n3', 7, 'n2')));
    expect(findings).toEqual(['vote safety: n3 voted for n1 and for n2 in term 7']);
  });

  it('flags a vote lost in a crash: the same term without it, with another, or an earlier term (durability)', () => {
    expect(check(of('n2', fresh('n2'), vote('n2', 3, 'n1'), recovered('n2', { term: 3, vote: null, lastIndex: 3 })))).toEqual([
      'durability: n2 voted for n1 in term 3, then restarted in term 3 without a vote',
    ]);
    expect(check(of('n2', fresh('n2'), vote('n2', 3, 'n2'), recovered('n2', { term: 3, vote: 'n1', lastIndex: 3 })))).toEqual([
      'durability: n2 voted for n2 in term 3, then restarted in term 3 having voted for n1',
    ]);
    expect(check(of('n2', fresh('n2'), vote('n2', 3, 'n1'), recovered('n2', { term: 2, vote: 'n1', lastIndex: 3 })))).toEqual([
      'durability: n2 voted for n1 in term 3, then restarted in term 2',
    ]);
  });

  it('flags applied entries lost in a crash (durability)', () => {
    const findings = check(of('n1', fresh('n1'), applied('n1', 1, [[1, 'c1'], [1, 'c2'], [1, 'c3']]), applied('n1', 4, [[2, 'aa'], [2, 'bb']]), recovered('n1', { term: 2, vote: 'n1', lastIndex: 4 })));
    expect(findings).toEqual(['durability: n1 applied entries up to index 5, then restarted with its log ending at index 4']);
  });

  it('flags different entries applied at one index, by two nodes or by one node before and after a restart (state-machine safety)', () => {
    expect(check([...of('n1', applied('n1', 7, [[2, 'aa'], [2, 'bb']])), ...of('n2', applied('n2', 7, [[2, 'aa'], [4, 'cc']]))])).toEqual([
      'state machine safety: index 8 was applied as different entries by n1 and by n2 (term 2 entry bb, then term 4 entry cc)',
    ]);
    expect(check(of('n1', applied('n1', 7, [[2, 'aa']]), recovered('n1', { term: 4, vote: null, lastIndex: 7 }), applied('n1', 7, [[2, 'ab']])))).toEqual([
      'state machine safety: index 7 was applied as different entries by n1 and, after it restarted, by n1 (term 2 entry aa, then term 2 entry ab)',
    ]);
  });

  it('flags a client request carried out at two indexes, but not the same index again after a restart or a fresh start (exactly-once)', () => {
    const requests = (node: string, ...executed: Array<[number, string, number]>): string => line(node, 'applied', { requests: executed });
    expect(check(of('n1', requests('n1', [4, 'p3', 7], [5, 'p4', 1]), requests('n1', [6, 'p3', 8]), requests('n1', [9, 'p3', 7])))).toEqual([
      'exactly-once: n1 carried out request 7 of client p3 twice, at index 4 and at index 9',
    ]);
    const replayed = check([
      ...of('n1', requests('n1', [4, 'p3', 7]), recovered('n1', { term: 2, vote: null, lastIndex: 4 }), requests('n1', [4, 'p3', 7])),
      ...of('n2', requests('n2', [4, 'p3', 7]), fresh('n2'), requests('n2', [12, 'p3', 7])),
    ]);
    expect(replayed).toEqual([]);
  });

  it('reads past lines that are not its events or not JSON', () => {
    const findings = check(of('n1', 'panic: something', '{"event":"vote"}', line('n1', 'node-ready', { peerAddress: 'x' }), leads('n1', 2)));
    expect(findings).toEqual([]);
  });
});
