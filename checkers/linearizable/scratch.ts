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
  entriesCallOrder: 1,
  entriesCalls: 2,
  entriesIsCall: 3,
  entriesMatch: 4,
  entriesNext: 5,
  entriesOp: 6,
  entriesPrev: 7,
  entriesRets: 8,
  entriesReturnEntry: 9,
  entriesReturnOrder: 10,
  memoArena: 11,
  memoHashes: 12,
  memoSlots: 13,
  memoStates: 14,
  searchStackEntry: 15,
  searchStackStateId: 16,
  searchStepFrom: 17,
  searchStepTo: 18,
  stuckEntries: 19,
  symmetryPrevious: 20,
  symmetryTwin: 21,
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
