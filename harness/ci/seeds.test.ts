import { fc, test } from '@fast-check/vitest';
import { describe, expect, it } from 'vitest';
import { parseSeedRange, parseShard, SeedFlagError, shardSeeds, type SeedRange } from './seeds.js';

describe('seed ranges and shards', () => {
  it('reads FROM..TO and i/n, and refuses anything else in one line', () => {
    expect(parseSeedRange('100..199')).toEqual({ from: 100, to: 199 });
    expect(parseSeedRange('7..7')).toEqual({ from: 7, to: 7 });
    expect(parseShard('2/4')).toEqual({ index: 2, count: 4 });
    for (const bad of ['9..3', '1-5', '..5', 'a..b', '-1..3', '1..99999999999']) expect(() => parseSeedRange(bad)).toThrow(SeedFlagError);
    for (const bad of ['0/4', '5/4', '1/0', '1', '1/2/3', 'a/b']) expect(() => parseShard(bad)).toThrow(SeedFlagError);
  });

  test.prop([fc.integer({ min: 0, max: 10_000 }), fc.integer({ min: 0, max: 300 }), fc.integer({ min: 1, max: 40 })], { seed: 20261130, numRuns: 300 })(
    'the shards of a range cover it with no overlap and no gap, in order, sizes within one of each other',
    (from, extra, count) => {
      const range: SeedRange = { from, to: from + extra };
      const shards = Array.from({ length: count }, (_, i) => shardSeeds(range, { index: i + 1, count }));
      const all = shards.flat();
      expect(all).toEqual(Array.from({ length: extra + 1 }, (_, k) => from + k));
      const sizes = shards.map((s) => s.length);
      expect(Math.max(...sizes) - Math.min(...sizes)).toBeLessThanOrEqual(1);
    },
  );
});
