import { describe, expect, it } from 'vitest';
import { MemoryStorage } from '../../harness/sim/memory-storage.js';
import { NO_BUGS } from '../bugs.js';
import type { Message } from '../raft/types.js';
import { Replica, type ClientOutcome, type ReplicaReadMode } from './replica.js';

function replica(id: string, voters: string[], readMode: ReplicaReadMode, sent: Message[], storage = new MemoryStorage(), defer?: (run: () => void) => void): Replica {
  return new Replica({
    raft: { id, membership: { voters, learners: [] }, electionTicks: 10, heartbeatTicks: 2, preVote: true, checkQuorum: true, maxEntriesPerAppend: 64, seed: 1, bugs: NO_BUGS },
    readMode,
    storage,
    transport: { send: (m) => sent.push(m) },
    compactEvery: 1000,
    ...(defer === undefined ? {} : { defer }),
  });
}

function elect(r: Replica): void {
  for (let i = 0; i < 40 && r.raft.status().role !== 'leader'; i++) r.tick();
  expect(r.raft.status().role).toBe('leader');
}

describe('Replica', () => {
  it('local reads answer from the local state machine on a follower; index reads redirect there', () => {
    const sent: Message[] = [];
    const local = replica('n2', ['n1', 'n2', 'n3'], 'local', sent);
    const index = replica('n2', ['n1', 'n2', 'n3'], 'read-index', sent);
    const outcomes: ClientOutcome[] = [];
    local.read('k', (o) => outcomes.push(o));
    index.read('k', (o) => outcomes.push(o));
    expect(outcomes).toEqual([{ kind: 'ok', value: null }, { kind: 'redirect', leader: null }]);
  });

  it('a membership change is answered ok once its entry applies', () => {
    const r = replica('n1', ['n1'], 'read-index', []);
    elect(r);
    const outcomes: ClientOutcome[] = [];
    r.configure({ type: 'add-learner', node: 'n2' }, (o) => outcomes.push(o));
    expect(outcomes).toEqual([{ kind: 'ok', value: null }]);
    expect(r.raft.status().membership).toEqual({ voters: ['n1'], learners: ['n2'] });
  });

  it('with defer, everything staged in one turn shares one sync (group commit)', () => {
    const storage = new MemoryStorage();
    let syncs = 0;
    const sync = storage.sync.bind(storage);
    storage.sync = () => {
      syncs++;
      sync();
    };
    const queued: Array<() => void> = [];
    const r = replica('n1', ['n1'], 'read-index', [], storage, (run) => queued.push(run));
    for (let i = 0; i < 40 && r.raft.status().role !== 'leader'; i++) {
      r.tick();
      queued.splice(0).forEach((run) => run());
    }
    const outcomes: ClientOutcome[] = [];
    syncs = 0;
    for (let seq = 1; seq <= 50; seq++) r.write({ op: 'put', key: 'k', value: seq, client: 'c', seq }, (o) => outcomes.push(o));
    expect(queued).toHaveLength(1);
    queued.splice(0).forEach((run) => run());
    expect(outcomes).toHaveLength(50);
    expect(outcomes.every((o) => o.kind === 'ok')).toBe(true);
    expect(syncs).toBe(1);
  });
});
