/**
 * Which seeds a `faultline run` runs: one (`--seed`), consecutive ones (`--seed S
 * --test-count N`), or a range (`--seeds FROM..TO`); and, spread over CI machines with
 * `--shard i/n`, machine i's share — consecutive blocks that together are the whole
 * range, each seed in exactly one.
 */

export interface SeedRange {
  /** The first seed and the last, both included. */
  readonly from: number;
  readonly to: number;
}

export interface Shard {
  /** 1-based. */
  readonly index: number;
  readonly count: number;
}

export class SeedFlagError extends Error {
  override readonly name = 'SeedFlagError';
}

const MAX_SEED = 2 ** 31 - 1;

export function parseSeedRange(text: string): SeedRange {
  const match = /^(\d+)\.\.(\d+)$/.exec(text.trim());
  const [from, to] = match === null ? [NaN, NaN] : [Number(match[1]), Number(match[2])];
  if (!Number.isSafeInteger(from) || !Number.isSafeInteger(to) || from > to || to > MAX_SEED) {
    throw new SeedFlagError(`--seeds takes FROM..TO, whole numbers with FROM ≤ TO ≤ ${MAX_SEED}, got "${text}"`);
  }
  return { from, to };
}

export function parseShard(text: string): Shard {
  const match = /^(\d+)\/(\d+)$/.exec(text.trim());
  const [index, count] = match === null ? [NaN, NaN] : [Number(match[1]), Number(match[2])];
  if (!Number.isSafeInteger(index) || !Number.isSafeInteger(count) || count < 1 || index < 1 || index > count) {
    throw new SeedFlagError(`--shard takes i/n with 1 ≤ i ≤ n (this machine's share of n), got "${text}"`);
  }
  return { index, count };
}

export function rangeSize(range: SeedRange): number {
  return range.to - range.from + 1;
}

/** The seeds of shard i of n: the i-th of n consecutive blocks whose sizes differ by at most one (possibly empty). */
export function shardSeeds(range: SeedRange, shard: Shard): number[] {
  const size = rangeSize(range);
  const start = Math.floor(((shard.index - 1) * size) / shard.count);
  const end = Math.floor((shard.index * size) / shard.count);
  return Array.from({ length: end - start }, (_, k) => range.from + start + k);
}
