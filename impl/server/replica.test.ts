import { describe, expect, it } from 'vitest';
import { MemoryStorage } from '../../harness/sim/memory-storage.js';
import { NO_BUGS } from '../bugs.js';
import type { Message } from '../raft/types.js';
import { Replica, type ClientOutcome, type ReplicaReadMode } from './replica.js';
import type { Storage } from './storage.js';

function replica(id: string, voters: string[], readMode: ReplicaReadMode, sent: Message[], storage: Storage = new MemoryStorage(), defer?: (run: () => void) => void): Replica {
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

  it('while its fsync is in flight, a leader answers writes its earlier fsync made durable, and never one before its own fsync', () => {
    // n1 leads with an asynchronous sync held by the test; n2 and n3 sync at once.
    const inFlight: Array<() => void> = [];
    const memory = new MemoryStorage();
    const leaderStorage: Storage = Object.assign(memory, {
      syncAsync: (done: () => void): boolean => {
        inFlight.push(() => {
          memory.sync();
          done();
        });
        return true;
      },
    });
    const wire: Message[] = [];
    const deferred: Array<() => void> = [];
    const nodes = new Map([
      ['n1', replica('n1', ['n1', 'n2', 'n3'], 'read-index', wire, leaderStorage, (run) => deferred.push(run))],
      ['n2', replica('n2', ['n1', 'n2', 'n3'], 'read-index', wire)],
      ['n3', replica('n3', ['n1', 'n2', 'n3'], 'read-index', wire)],
    ]);
    const leader = nodes.get('n1')!;
    const deliver = (keep: (m: Message) => boolean = () => true): void => {
      for (const m of wire.splice(0)) if (keep(m)) nodes.get(m.to)!.receive(m);
    };
    const turn = (): void => deferred.splice(0).forEach((run) => run());
    const settle = (): void => {
      for (let i = 0; i < 100 && wire.length + deferred.length + inFlight.length > 0; i++) {
        deliver();
        turn();
        inFlight.splice(0).forEach((complete) => complete());
      }
    };
    for (let i = 0; i < 40 && leader.raft.status().role !== 'leader'; i++) {
      leader.tick();
      settle();
    }
    expect(leader.raft.status().role).toBe('leader');
    settle();

    const outcomes: string[] = [];
    leader.write({ op: 'put', key: 'k', value: 1, client: 'c', seq: 1 }, (o) => outcomes.push(`w1 ${o.kind}`));
    turn(); // Ready 1: w1's append leaves, its fsync starts
    expect(inFlight).toHaveLength(1);
    deliver(); // the followers persist w1 and acknowledge it
    const acks1 = wire.splice(0);
    inFlight.shift()!(); // w1 is durable at the leader
    leader.write({ op: 'put', key: 'k', value: 2, client: 'c', seq: 2 }, (o) => outcomes.push(`w2 ${o.kind}`));
    turn(); // Ready 2: w2's append leaves, its fsync starts
    expect(inFlight).toHaveLength(1);
    for (const ack of acks1) leader.receive(ack);
    expect(outcomes).toEqual(['w1 ok']); // answered without waiting for w2's fsync
    deliver((m) => m.type === 'append'); // the followers persist w2 and acknowledge it
    deliver();
    expect(leader.raft.status().commit).toBeGreaterThanOrEqual(leader.raft.status().lastIndex);
    expect(outcomes).toEqual(['w1 ok']); // committed by a quorum, but not yet durable here
    inFlight.shift()!();
    settle();
    expect(outcomes).toEqual(['w1 ok', 'w2 ok']);
  });
});
