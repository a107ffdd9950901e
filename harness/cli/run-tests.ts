/**
 * What `faultline run` runs, from its flags: which seeds (`--seed`, `--test-count`,
 * `--seeds FROM..TO`, this machine's `--shard i/n`), a system other than our store
 * (`--system etcd`), or a recorded run again (`--replay RUN_DIR`).
 */
import { existsSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { parseSeedRange, parseShard, rangeSize, SeedFlagError, shardSeeds, type SeedRange } from '../ci/seeds.js';
import { recordedSchedule, RecordError, testFromRecord } from '../library/define.js';
import { InvalidScheduleError } from '../faults/schedule.js';
import { testOf, type ChaosTest, type RunOptions } from '../real/test.js';
import { RUN_FILES, type TestRecord } from '../store/types.js';
import { isKnownSystem, systemFrom, systemNames, UnknownSystemError } from '../systems/registry.js';
import { UserError } from './exit-codes.js';
import { wholeNumber } from './flags.js';

export interface SeedFlags {
  readonly seed?: string;
  readonly testCount: string;
  readonly seeds?: string;
  readonly shard?: string;
}

export interface SeedPlan {
  readonly seeds: readonly number[];
  /** How the seeds were chosen, for the first line of output ("seeds 100..199, shard 2/4: 125..149"). */
  readonly described: string;
}

function userError<T>(f: () => T): T {
  try {
    return f();
  } catch (error) {
    if (error instanceof SeedFlagError || error instanceof UnknownSystemError || error instanceof RecordError || error instanceof InvalidScheduleError) {
      throw new UserError(error.message);
    }
    throw error;
  }
}

export function seedPlan(flags: SeedFlags, randomSeed: () => number): SeedPlan {
  if (flags.seeds !== undefined && (flags.seed !== undefined || flags.testCount !== '1')) {
    throw new UserError('--seeds FROM..TO says which seeds to run: leave out --seed and --test-count');
  }
  let range: SeedRange;
  if (flags.seeds !== undefined) range = userError(() => parseSeedRange(flags.seeds!));
  else {
    if (flags.shard !== undefined && flags.seed === undefined) {
      throw new UserError('--shard splits a seed range that every machine knows: give --seeds FROM..TO (or --seed with --test-count)');
    }
    const from = flags.seed === undefined ? randomSeed() : wholeNumber('seed', flags.seed, 0, 2 ** 31 - 1);
    range = { from, to: from + wholeNumber('test-count', flags.testCount, 1) - 1 };
  }
  const span = range.from === range.to ? `seed ${range.from}` : `seeds ${range.from}..${range.to}`;
  if (flags.shard === undefined) return { seeds: Array.from({ length: rangeSize(range) }, (_, k) => range.from + k), described: span };
  const shard = userError(() => parseShard(flags.shard!));
  const seeds = shardSeeds(range, shard);
  const mine = seeds.length === 0 ? 'none' : seeds.length === 1 ? `${seeds[0]}` : `${seeds[0]}..${seeds.at(-1)}`;
  return { seeds, described: `${span}, shard ${shard.index}/${shard.count}: ${mine}` };
}

/** A test of a system other than our store, from the same options (`--read-mode` and `--bug` are our store's). */
export function systemTest(name: string, o: RunOptions, command: readonly string[]): ChaosTest {
  if (!isKnownSystem(name)) throw new UserError(`--system takes one of ${systemNames().join(', ')}, got "${name}"`);
  return testOf(systemFrom({ name }), o, command);
}

/** The test a run folder recorded, to run again with its own schedule; its new run goes to `store`. */
export function replayTest(runDir: string, store: string, command: readonly string[]): ChaosTest {
  const file = join(resolve(runDir), RUN_FILES.test);
  if (!existsSync(file)) throw new UserError(`--replay ${runDir}: no ${RUN_FILES.test} there (give a run folder, e.g. store/latest)`);
  let record: TestRecord;
  try {
    record = JSON.parse(readFileSync(file, 'utf8')) as TestRecord;
  } catch (error) {
    throw new UserError(`--replay ${runDir}: ${RUN_FILES.test} is not JSON (${(error as Error).message})`);
  }
  return userError(() => {
    const test = testFromRecord(record, { store, command });
    const schedule = record.schedule === null || record.schedule === undefined ? test.schedule : recordedSchedule(record);
    const replay = `faultline run --replay ${resolve(runDir)}${store === 'store' ? '' : ` --store ${store}`}`;
    return { ...test, schedule, replay };
  });
}
