import { fc, test } from '@fast-check/vitest';
import { describe, expect, it } from 'vitest';
import { RaftLog } from '../../raft/log.js';
import type { Entry, Message } from '../../raft/types.js';
import { coalesce } from './coalesce.js';

const entry = (index: number, term: number): Entry => ({ index, term, type: 'normal', data: `${index}` });
const append = (to: string, prevIndex: number, count: number, commit: number, term = 2): Message => ({
  type: 'append', from: 'n1', to, term, prevIndex, prevTerm: prevIndex === 0 ? 0 : term,
  entries: Array.from({ length: count }, (_, i) => entry(prevIndex + 1 + i, term)), commit,
});
const heartbeat = (to: string, readRound: number, commit: number): Message => ({ type: 'heartbeat', from: 'n1', to, term: 2, commit, readRound });

describe('coalesce', () => {
  it('merges consecutive appends to one peer into one, keeping the later commit', () => {
    expect(coalesce([append('n2', 4, 1, 3), append('n2', 5, 2, 4)])).toEqual([append('n2', 4, 3, 4)]);
    // Another peer's message in between: nothing to merge (the node coalesces each peer's queue on its own).
    const interleaved = [append('n2', 4, 1, 3), append('n3', 4, 1, 3), append('n2', 5, 2, 4)];
    expect(coalesce(interleaved)).toEqual(interleaved);
  });

  it('merges only adjacent messages, so per-peer order is kept', () => {
    expect(coalesce([append('n2', 4, 1, 3), append('n2', 5, 2, 4), heartbeat('n2', 1, 4), heartbeat('n2', 2, 4), append('n2', 7, 1, 4)])).toEqual([
      append('n2', 4, 3, 4),
      heartbeat('n2', 2, 4),
      append('n2', 7, 1, 4),
    ]);
  });

  it('does not merge appends that do not continue each other, or of another term', () => {
    const gap = [append('n2', 4, 1, 3), append('n2', 9, 1, 3)];
    expect(coalesce(gap)).toEqual(gap);
    const terms = [append('n2', 4, 1, 3, 2), { ...append('n2', 5, 1, 3, 3), prevTerm: 2 }];
    expect(coalesce(terms)).toEqual(terms);
  });

  test.prop([fc.array(fc.record({ count: fc.integer({ min: 0, max: 3 }), commitStep: fc.nat(2), hb: fc.boolean() }), { maxLength: 30 })], { seed: 20261206 })(
    'a follower that steps the merged stream ends with the same log and commit as with the original',
    (steps) => {
      const original: Message[] = [];
      let last = 0;
      let commit = 0;
      for (const s of steps) {
        commit = Math.min(last, commit + s.commitStep);
        if (s.hb) original.push(heartbeat('n2', original.length, commit));
        else {
          original.push(append('n2', last, s.count, commit));
          last += s.count;
        }
      }
      const follow = (messages: readonly Message[]): { last: number; commit: number } => {
        const log = new RaftLog();
        for (const m of messages) {
          if (m.type !== 'append' || !log.matches(m.prevIndex, m.prevTerm)) continue;
          const lastNew = log.appendAfter(m.prevIndex, m.entries);
          log.committed = Math.max(log.committed, Math.min(m.commit, lastNew));
        }
        return { last: log.lastIndex, commit: log.committed };
      };
      const merged = coalesce(original);
      expect(follow(merged)).toEqual(follow(original));
      expect(merged.filter((m) => m.type === 'append').length).toBeLessThanOrEqual(1 + original.filter((m) => m.type === 'heartbeat').length);
    },
  );
});
