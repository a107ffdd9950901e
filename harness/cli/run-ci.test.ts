import { describe, expect, it } from 'vitest';
import { tempDir } from '../../checkers/history/test-support/files.js';
import { ExitCode, UserError } from './exit-codes.js';
import { seedPlan } from './run-tests.js';
import { faultline } from './test-support/faultline.js';

const noRandom = (): number => {
  throw new Error('no random seed expected');
};

describe('which seeds faultline run runs', () => {
  it('one seed, consecutive seeds, a range', () => {
    expect(seedPlan({ seed: '5', testCount: '1' }, noRandom)).toEqual({ seeds: [5], described: 'seed 5' });
    expect(seedPlan({ seed: '5', testCount: '3' }, noRandom).seeds).toEqual([5, 6, 7]);
    expect(seedPlan({ seeds: '10..14', testCount: '1' }, noRandom)).toEqual({ seeds: [10, 11, 12, 13, 14], described: 'seeds 10..14' });
    expect(seedPlan({ testCount: '2' }, () => 99).seeds).toEqual([99, 100]);
  });

  it("a shard is this machine's block of the range; the shards of a range are the range", () => {
    expect(seedPlan({ seeds: '1..10', shard: '1/3', testCount: '1' }, noRandom)).toEqual({ seeds: [1, 2, 3], described: 'seeds 1..10, shard 1/3: 1..3' });
    expect(seedPlan({ seeds: '1..10', shard: '3/3', testCount: '1' }, noRandom).seeds).toEqual([7, 8, 9, 10]);
    expect(seedPlan({ seed: '100', testCount: '4', shard: '2/2' }, noRandom).seeds).toEqual([102, 103]);
    expect(seedPlan({ seeds: '1..2', shard: '1/4', testCount: '1' }, noRandom)).toEqual({ seeds: [], described: 'seeds 1..2, shard 1/4: none' });
    const all = [1, 2, 3, 4].flatMap((i) => seedPlan({ seeds: '0..37', shard: `${i}/4`, testCount: '1' }, noRandom).seeds);
    expect(all).toEqual(Array.from({ length: 38 }, (_, k) => k));
  });

  it.each([
    [{ seeds: '1..5', seed: '3', testCount: '1' }, /leave out --seed and --test-count/],
    [{ seeds: '1..5', testCount: '2' }, /leave out --seed and --test-count/],
    [{ shard: '1/2', testCount: '4' }, /--shard splits a seed range that every machine knows/],
    [{ seeds: '5..1', testCount: '1' }, /--seeds takes FROM..TO/],
    [{ seeds: '1..5', shard: '3/2', testCount: '1' }, /--shard takes i\/n/],
  ])('refuses %j in one line', (flags, message) => {
    expect(() => seedPlan(flags, noRandom)).toThrow(UserError);
    expect(() => seedPlan(flags, noRandom)).toThrow(message);
  });
});

describe('faultline run refuses CI flags that cannot work, in one line and before starting anything', () => {
  const store = tempDir('run-ci-flags');
  it.each([
    [['--system', 'mongodb'], /--system takes one of faultline, etcd, got "mongodb"/],
    [['--system', 'etcd', '--bug', 'no-noop'], /--bug and --read-mode are our store's: --system etcd has neither/],
    [['--replay', store, '--seed', '3'], /--replay runs what the run folder recorded/],
    [['--replay', store], /--replay .*: no test.json there/],
    [['--seeds', '1..3', '--test-count', '2'], /leave out --seed and --test-count/],
    [['--shard', '1/2'], /--shard splits a seed range/],
  ])('%j', async (args, pattern) => {
    const outcome = await faultline(['run', '--store', store, ...args]);
    expect(outcome.code, outcome.stderr).toBe(ExitCode.badInput);
    expect(outcome.stderr.trim().split('\n')).toHaveLength(1);
    expect(outcome.stderr).toMatch(pattern);
  });
});
