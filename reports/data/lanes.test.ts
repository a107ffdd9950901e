import { fc, test } from '@fast-check/vitest';
import { describe, expect, it } from 'vitest';
import { assignLanes, type ProcessLife } from './lanes.js';

describe('lanes', () => {
  it('a process that starts after another ended takes its lane; overlapping ones do not', () => {
    const lives: ProcessLife[] = [
      { process: '0', first: 0, last: 10 },
      { process: '1', first: 2, last: 8 },
      { process: '5', first: 11, last: 20 },
      { process: '6', first: 9, last: Infinity },
    ];
    expect(assignLanes(lives)).toEqual({ laneOf: [0, 1, 0, 1], lanes: [['0', '5'], ['1', '6']] });
  });

  test.prop([fc.array(fc.tuple(fc.integer({ min: 0, max: 1000 }), fc.integer({ min: 0, max: 200 }), fc.boolean()), { maxLength: 60 })])(
    'no two processes in a lane overlap, and no lane could be saved',
    (spec) => {
      const lives = spec.map(([first, length, open], i) => ({ process: String(i), first, last: open ? Infinity : first + length }));
      const { laneOf, lanes } = assignLanes(lives);
      for (let a = 0; a < lives.length; a++) {
        for (let b = a + 1; b < lives.length; b++) {
          if (laneOf[a] !== laneOf[b]) continue;
          const [x, y] = lives[a]!.first <= lives[b]!.first ? [lives[a]!, lives[b]!] : [lives[b]!, lives[a]!];
          expect(x.last).toBeLessThanOrEqual(y.first);
        }
      }
      // Greedy interval partitioning is optimal: as many lanes as the most lives alive at once.
      let most = 0;
      for (const l of lives) most = Math.max(most, lives.filter((m) => m === l || (m.first <= l.first && l.first < m.last)).length);
      expect(lanes.length).toBe(most);
    },
  );
});
