/**
 * Typed arrays reused from one search to the next. A typed array over 64 bytes gets
 * its own off-heap buffer, whose allocation and collection cost more than searching a
 * small partition; the search is synchronous, so one set per thread suffices. Each
 * array has its own slot, and a search must not hold two arrays of the same slot.
 */

/** Larger arrays are allocated fresh and not kept (so a huge check does not pin its memory). */
const KEEP_UP_TO = 1 << 22;

class Pool<T extends Int32Array | Uint32Array | Float64Array | Uint8Array> {
  private readonly kept = new Map<string, T>();

  constructor(private readonly make: (length: number) => T) {}

  /**
   * An array of at least `length` elements (callers keep their own length: views would
   * cost an allocation each), whose first `length` are zeroed when `zero`; otherwise
   * its contents are stale.
   */
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

export const scratch = {
  int32: new Pool((length) => new Int32Array(length)),
  uint32: new Pool((length) => new Uint32Array(length)),
  float64: new Pool((length) => new Float64Array(length)),
  uint8: new Pool((length) => new Uint8Array(length)),
};
