/** A fixed-size bitset over op positions, and the salts of a Zobrist hash over such sets. */
import { SLOT, type Arrays } from './scratch.js';

export class Bitset {
  /** The bits, in the first `wordCount` elements. */
  readonly words: Uint32Array;
  readonly wordCount: number;

  constructor(readonly size: number, arrays: Arrays) {
    this.wordCount = (size + 31) >>> 5;
    this.words = arrays.uint32.take(SLOT.bitsetWords, this.wordCount, true);
  }

  set(bit: number): void {
    this.words[bit >>> 5]! |= 1 << (bit & 31);
  }

  clear(bit: number): void {
    this.words[bit >>> 5]! &= ~(1 << (bit & 31));
  }

  has(bit: number): boolean {
    return (this.words[bit >>> 5]! & (1 << (bit & 31))) !== 0;
  }
}

let salts = new Int32Array(0);

/**
 * Deterministic per-bit salts (xorshift32) for a Zobrist hash: the XOR of the salts of
 * a set's members, O(1) to update. Shared by every search: the same history always
 * hashes the same way, and a check of many small partitions makes them once.
 */
export function saltsFor(size: number): Int32Array {
  if (salts.length >= size) return salts;
  const grown = new Int32Array(Math.max(size, 2 * salts.length, 1024));
  let x = 0x9e3779b9 | 0;
  for (let i = 0; i < grown.length; i++) {
    x ^= x << 13;
    x ^= x >>> 17;
    x ^= x << 5;
    grown[i] = x;
  }
  salts = grown;
  return salts;
}
