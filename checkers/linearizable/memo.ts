/**
 * The configurations (linearized ops, model state) the search has visited. One seen
 * before leads nowhere new, which is what makes WGL practical; so does one that only
 * adds ops of unknown outcome to one seen before with the same state (those ops may
 * never have happened: leaving them out explains as much). A visited configuration is
 * on the current search path or has been searched through without success.
 *
 * Each configuration is stored as the one it was first reached from plus the op
 * linearized then: five integers, whatever the history's length (a stored bitset
 * would cost n/8 bytes each, Porcupine's way). Lookups go by a hash of the known ops
 * linearized and the state. Whether a stored configuration's ops are all in the
 * current set is found by walking its parents up, checking each one's op, until
 * reaching a configuration on the current search path (whose ops are all in it):
 * configurations met again usually leave the current path a few steps back, so the
 * walk is short. With as many known ops, that subset is the same known ops and fewer
 * unknown ones.
 */
import type { Bitset } from './bitset.js';
import { SLOT, type Arrays } from './scratch.js';

/** The configuration before any op: entry 0. */
export const ROOT = 0;

const INT32S_PER_ENTRY = 6;

export class Memo {
  /** Per bucket (a power of two of them), the last entry + 1 in it, 0 when empty. */
  private buckets: Int32Array;
  private bucketCount: number;
  /** Per entry, for `capacity` entries. */
  private hashes: Int32Array;
  private states: Int32Array;
  private knownCounts: Int32Array;
  private parents: Int32Array;
  private ops: Int32Array;
  /** The previous entry + 1 in the same bucket, 0 at the end. */
  private chain: Int32Array;
  /** 1 for the configurations on the current search path. */
  private onPath: Uint8Array;
  private capacity: number;
  size = 1;

  /** Sized for `expected` configurations; it grows as needed. */
  constructor(
    expected: number,
    private readonly arrays: Arrays,
  ) {
    let capacity = 64;
    while (capacity < expected) capacity *= 2;
    this.capacity = capacity;
    this.bucketCount = capacity;
    this.buckets = arrays.int32.take(SLOT.memoBuckets, this.bucketCount, true);
    this.hashes = arrays.int32.take(SLOT.memoHashes, capacity, false);
    this.states = arrays.int32.take(SLOT.memoStates, capacity, false);
    this.knownCounts = arrays.int32.take(SLOT.memoKnownCounts, capacity, false);
    this.parents = arrays.int32.take(SLOT.memoParents, capacity, false);
    this.ops = arrays.int32.take(SLOT.memoOps, capacity, false);
    this.chain = arrays.int32.take(SLOT.memoChain, capacity, false);
    this.onPath = arrays.uint8.take(SLOT.memoOnPath, capacity, false);
    this.parents[ROOT] = -1;
    this.ops[ROOT] = -1;
    this.onPath[ROOT] = 1;
  }

  get bytes(): number {
    return 4 * this.bucketCount + (4 * INT32S_PER_ENTRY + 1) * this.capacity;
  }

  /**
   * Adds the configuration reached from `parent` (on the current path) by linearizing
   * `op` (already set in `linearized`) into state `state`, with `knownCount` known ops
   * whose hash is `knownHash`. Returns its entry, or -1 when a stored configuration
   * makes it redundant. The new entry is on the path until `leave`.
   */
  add(knownHash: number, knownCount: number, state: number, parent: number, op: number, linearized: Bitset): number {
    const hash = (knownHash ^ Math.imul(state + 1, 0x9e3779b1)) | 0;
    const bucket = hash & (this.bucketCount - 1);
    const { hashes, states, knownCounts } = this;
    for (let e = this.buckets[bucket]! - 1; e >= 0; e = this.chain[e]! - 1) {
      if (hashes[e] === hash && states[e] === state && knownCounts[e] === knownCount && this.within(e, linearized)) return -1;
    }
    if (this.size === this.capacity) this.grow();
    const entry = this.size++;
    this.hashes[entry] = hash;
    this.states[entry] = state;
    this.knownCounts[entry] = knownCount;
    this.parents[entry] = parent;
    this.ops[entry] = op;
    this.chain[entry] = this.buckets[bucket]!;
    this.buckets[bucket] = entry + 1;
    this.onPath[entry] = 1;
    return entry;
  }

  /** The search backtracked past `entry`. */
  leave(entry: number): void {
    this.onPath[entry] = 0;
  }

  /** Whether every op of `entry`'s configuration is in `linearized`. */
  private within(entry: number, linearized: Bitset): boolean {
    const { parents, ops, onPath } = this;
    for (let e = entry; onPath[e] === 0; e = parents[e]!) if (!linearized.has(ops[e]!)) return false;
    return true;
  }

  private grow(): void {
    const size = this.size;
    this.capacity *= 2;
    const { int32 } = this.arrays;
    this.hashes = keep(this.hashes, int32.take(SLOT.memoHashes, this.capacity, false), size);
    this.states = keep(this.states, int32.take(SLOT.memoStates, this.capacity, false), size);
    this.knownCounts = keep(this.knownCounts, int32.take(SLOT.memoKnownCounts, this.capacity, false), size);
    this.parents = keep(this.parents, int32.take(SLOT.memoParents, this.capacity, false), size);
    this.ops = keep(this.ops, int32.take(SLOT.memoOps, this.capacity, false), size);
    this.chain = keep(this.chain, int32.take(SLOT.memoChain, this.capacity, false), size);
    this.onPath = keep(this.onPath, this.arrays.uint8.take(SLOT.memoOnPath, this.capacity, false), size);
    // One bucket per entry: chains stay short.
    this.bucketCount = this.capacity;
    const buckets = int32.take(SLOT.memoBuckets, this.bucketCount, true);
    const mask = this.bucketCount - 1;
    for (let entry = 1; entry < size; entry++) {
      const bucket = this.hashes[entry]! & mask;
      this.chain[entry] = buckets[bucket]!;
      buckets[bucket] = entry + 1;
    }
    this.buckets = buckets;
  }
}

/** Carries the first `used` elements over to a grown array (the pool may hand back the same one). */
function keep<T extends Int32Array | Uint8Array>(from: T, to: T, used: number): T {
  if (to !== from) to.set(from.subarray(0, used));
  return to;
}
