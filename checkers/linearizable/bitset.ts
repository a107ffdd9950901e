/** A fixed-size bitset over op positions, with an incremental Zobrist hash. */
export class Bitset {
  readonly words: Uint32Array;
  /** XOR of the salts of the set bits: O(1) to update, equal sets give equal hashes. */
  hash = 0;

  constructor(readonly size: number, private readonly salts: Int32Array) {
    this.words = new Uint32Array((size + 31) >>> 5);
  }

  set(bit: number): void {
    this.words[bit >>> 5]! |= 1 << (bit & 31);
    this.hash ^= this.salts[bit]!;
  }

  clear(bit: number): void {
    this.words[bit >>> 5]! &= ~(1 << (bit & 31));
    this.hash ^= this.salts[bit]!;
  }

  has(bit: number): boolean {
    return (this.words[bit >>> 5]! & (1 << (bit & 31))) !== 0;
  }

  equals(words: Uint32Array): boolean {
    const mine = this.words;
    for (let i = 0; i < mine.length; i++) if (mine[i] !== words[i]) return false;
    return true;
  }
}

/** Deterministic per-bit salts (xorshift32): the same history always hashes the same way. */
export function makeSalts(size: number): Int32Array {
  const salts = new Int32Array(size);
  let x = 0x9e3779b9 | 0;
  for (let i = 0; i < size; i++) {
    x ^= x << 13;
    x ^= x >>> 17;
    x ^= x << 5;
    salts[i] = x;
  }
  return salts;
}
