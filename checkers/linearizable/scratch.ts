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
  entriesKind: 4,
  entriesKnownByCall: 5,
  entriesKnownOps: 6,
  entriesMatch: 7,
  entriesNext: 8,
  entriesOp: 9,
  entriesPrev: 10,
  entriesRets: 11,
  entriesReturnEntry: 12,
  entriesReturnOrder: 13,
  memoBuckets: 14,
  memoChain: 15,
  memoHashes: 16,
  memoKnownCounts: 17,
  memoOnPath: 18,
  memoOps: 19,
  memoParents: 20,
  memoStates: 21,
  searchPath: 22,
  searchStackBound: 23,
  searchStackEntry: 24,
  searchStackOp: 25,
  searchStackStateId: 26,
  searchStepFrom: 27,
  searchStepTo: 28,
  stuckOps: 29,
  symmetryPrevious: 30,
  symmetryTwin: 31,
  unknownClassOf: 32,
  unknownFill: 33,
  unknownFirstCall: 34,
  unknownMembers: 35,
  unknownStart: 36,
  unknownUsed: 37,
} as const;
export type Slot = (typeof SLOT)[keyof typeof SLOT];

class Pool<T extends TypedArray> implements ArraySource<T> {
  private readonly kept: Array<T | undefined> = [];

  constructor(private readonly make: (length: number) => T) {}

  take(slot: Slot, length: number, zero: boolean): T {
    if (length > KEEP_UP_TO) return this.make(length);
    let array = this.kept[slot];
    if (array === undefined || array.length < length) {
      array = this.make(Math.min(KEEP_UP_TO, Math.max(length, 2 * (array?.length ?? 0), 64)));
      this.kept[slot] = array;
    } else if (zero) {
      array.fill(0, 0, length);
    }
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
