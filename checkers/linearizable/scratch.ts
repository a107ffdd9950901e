/**
 * Where a search gets its typed arrays. `scratch` reuses them from one search to the
 * next: a typed array over 64 bytes gets its own off-heap buffer, whose allocation and
 * collection cost more than searching a small partition. Each array has its own slot,
 * so only one scratch search may be alive at a time (per thread); searches that
 * take turns get `fresh` arrays.
 */

type TypedArray = Int32Array | Uint32Array | Float64Array | Uint8Array;

export interface ArraySource<T extends TypedArray> {
  take(slot: string, length: number, zero: boolean): T;
}

export interface Arrays {
  readonly int32: ArraySource<Int32Array>;
  readonly uint32: ArraySource<Uint32Array>;
  readonly float64: ArraySource<Float64Array>;
  readonly uint8: ArraySource<Uint8Array>;
}

/** Larger arrays are allocated fresh and not kept (so a huge check does not pin its memory). */
const KEEP_UP_TO = 1 << 22;

class Pool<T extends TypedArray> implements ArraySource<T> {
  private readonly kept = new Map<string, T>();

  constructor(private readonly make: (length: number) => T) {}

  take(slot: string, length: number, zero: boolean): T {
    if (length > KEEP_UP_TO) return this.make(length);
    let array = this.kept.get(slot);
    if (array === undefined || array.length < length) {
      array = this.make(Math.min(KEEP_UP_TO, Math.max(length, 2 * (array?.length ?? 0), 64)));
      this.kept.set(slot, array);
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
