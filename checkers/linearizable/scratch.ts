/**
 * Where a search gets its typed arrays. `scratch` reuses them from one search to the
 * next: a typed array over 64 bytes gets its own off-heap buffer, whose allocation and
 * collection cost more than searching a small partition. Each array has its own slot,
 * so only one scratch search may be alive at a time (per thread); searches that
 * take turns get `fresh` arrays.
 */

type TypedArray = Int32Array | Uint32Array | Float64Array | Uint8Array;

export interface ArraySource<T extends TypedArray> {
  /**
   * An array of at least `length` elements (callers keep their own length: views would
   * cost an allocation each), whose first `length` are zeroed when `zero`; otherwise
   * its contents are stale.
   */
  take(slot: Slot, length: number, zero: boolean): T;
}

export interface Arrays {
  readonly int32: ArraySource<Int32Array>;
  readonly uint32: ArraySource<Uint32Array>;
  readonly float64: ArraySource<Float64Array>;
  readonly uint8: ArraySource<Uint8Array>;
}

/** Larger arrays are allocated fresh and not kept (so a huge check does not pin its memory). */
const KEEP_UP_TO = 1 << 22;

/** One per array a search holds at once. */
export const SLOT = {
  bitsetWords: 0,
  entriesCallEntry: 1,
  entriesCallOrder: 2,
  entriesCalls: 3,
  entriesIsKnown: 4,
  entriesKind: 5,
  entriesKnownByCall: 6,
  entriesKnownOps: 7,
  entriesMatch: 8,
  entriesNext: 9,
  entriesOp: 10,
  entriesPrev: 11,
  entriesRets: 12,
  entriesReturnEntry: 13,
  entriesReturnOrder: 14,
  memoBuckets: 15,
  memoChain: 16,
  memoHashes: 17,
  memoKnownCounts: 18,
  memoOnPath: 19,
  memoOps: 20,
  memoParents: 21,
  memoStates: 22,
  searchPath: 23,
  searchStackBound: 24,
  searchStackEntry: 25,
  searchStackOp: 26,
  searchStackStateId: 27,
  searchStepFrom: 28,
  searchStepTable: 29,
  searchStepTo: 30,
  stuckOps: 31,
  symmetryPrevious: 32,
  symmetryTwin: 33,
  unknownClassOf: 34,
  unknownFill: 35,
  unknownFirstCall: 36,
  unknownMembers: 37,
  unknownStart: 38,
  unknownUsed: 39,
} as const;
export type Slot = (typeof SLOT)[keyof typeof SLOT];
const SLOT_COUNT = Object.keys(SLOT).length;

/** Below this length, zeroing by a loop beats calling fill. */
const ZERO_BY_LOOP = 64;

class Pool<T extends TypedArray> implements ArraySource<T> {
  private readonly kept: Array<T | undefined> = [];
  /**
   * Each kept array's length, in plain numbers: the pools share this code, and reading
   * `length` off four kinds of typed array costs more than a check of a tiny history.
   */
  private readonly lengths: number[] = [];

  constructor(private readonly make: (length: number) => T) {
    for (let slot = 0; slot < SLOT_COUNT; slot++) this.lengths.push(0);
  }

  take(slot: Slot, length: number, zero: boolean): T {
    if (length > this.lengths[slot]!) return this.replace(slot, length);
    const array = this.kept[slot]!;
    if (zero) {
      if (length < ZERO_BY_LOOP) for (let i = 0; i < length; i++) array[i] = 0;
      else array.fill(0, 0, length);
    }
    return array;
  }

  private replace(slot: Slot, length: number): T {
    if (length > KEEP_UP_TO) return this.make(length);
    const array = this.make(Math.min(KEEP_UP_TO, Math.max(length, 2 * this.lengths[slot]!, 64)));
    this.kept[slot] = array;
    this.lengths[slot] = array.length;
    return array;
  }
}

export const scratch: Arrays = {
  int32: new Pool((length) => new Int32Array(length)),
  uint32: new Pool((length) => new Uint32Array(length)),
  float64: new Pool((length) => new Float64Array(length)),
  uint8: new Pool((length) => new Uint8Array(length)),
};

export const fresh: Arrays = {
  int32: { take: (_slot, length) => new Int32Array(length) },
  uint32: { take: (_slot, length) => new Uint32Array(length) },
  float64: { take: (_slot, length) => new Float64Array(length) },
  uint8: { take: (_slot, length) => new Uint8Array(length) },
};
