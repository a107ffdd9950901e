/**
 * The set of visited (linearized ops, model state) configurations. A configuration
 * seen before leads nowhere new, which is what makes WGL practical.
 *
 * An open-addressing hash set over typed arrays: each configuration is its hash, its
 * interned state id and a copy of the bitset's words in one arena, so that a lookup
 * allocates nothing and an insert copies the words only.
 */
import { SLOT, type Arrays } from './scratch.js';

/** The arena starts no larger than this many words (16 MiB), however long the partition. */
const INITIAL_WORDS = 1 << 22;

export class Memo {
  /** Entry number + 1 per slot, 0 when empty; `slotCount` (a power of two) are in use. */
  private slots: Int32Array;
  private slotCount: number;
  /** Per entry, for `capacity` entries. */
  private hashes: Int32Array;
  private states: Int32Array;
  private arena: Uint32Array;
  private capacity: number;
  size = 0;

  /** Sized for `expected` configurations; it grows as needed. */
  constructor(
    private readonly wordCount: number,
    expected: number,
    private readonly arrays: Arrays,
  ) {
    let capacity = 32;
    while (capacity < expected && capacity * wordCount < INITIAL_WORDS) capacity *= 2;
    this.capacity = capacity;
    this.slotCount = 2 * capacity;
    this.slots = arrays.int32.take(SLOT.memoSlots, this.slotCount, true);
    this.hashes = arrays.int32.take(SLOT.memoHashes, capacity, false);
    this.states = arrays.int32.take(SLOT.memoStates, capacity, false);
    this.arena = arrays.uint32.take(SLOT.memoArena, capacity * wordCount, false);
  }

  get bytes(): number {
    return 4 * (this.slotCount + this.capacity * (2 + this.wordCount));
  }

  /** Adds the configuration (the first wordCount words of `words`); false when it was already there. */
  add(hash: number, words: Uint32Array, state: number): boolean {
    const { slots, hashes, states, arena, wordCount } = this;
    const mask = this.slotCount - 1;
    let slot = hash & mask;
    for (let e = slots[slot]!; e !== 0; e = slots[slot]!) {
      if (hashes[e - 1] === hash && states[e - 1] === state && sameWords(arena, (e - 1) * wordCount, words, wordCount)) return false;
      slot = (slot + 1) & mask;
    }
    if (this.size === this.capacity) this.growEntries();
    const entry = this.size++;
    this.hashes[entry] = hash;
    this.states[entry] = state;
    const base = entry * wordCount;
    for (let i = 0; i < wordCount; i++) this.arena[base + i] = words[i]!;
    slots[slot] = entry + 1;
    if (this.size * 2 > this.slotCount) this.growSlots();
    return true;
  }

  private growEntries(): void {
    const size = this.size;
    this.capacity *= 2;
    this.hashes = keep(this.hashes, this.arrays.int32.take(SLOT.memoHashes, this.capacity, false), size);
    this.states = keep(this.states, this.arrays.int32.take(SLOT.memoStates, this.capacity, false), size);
    this.arena = keep(this.arena, this.arrays.uint32.take(SLOT.memoArena, this.capacity * this.wordCount, false), size * this.wordCount);
  }

  private growSlots(): void {
    this.slotCount *= 2;
    const slots = this.arrays.int32.take(SLOT.memoSlots, this.slotCount, true);
    const mask = this.slotCount - 1;
    for (let entry = 0; entry < this.size; entry++) {
      let slot = this.hashes[entry]! & mask;
      while (slots[slot] !== 0) slot = (slot + 1) & mask;
      slots[slot] = entry + 1;
    }
    this.slots = slots;
  }
}

function sameWords(arena: Uint32Array, base: number, words: Uint32Array, count: number): boolean {
  for (let i = 0; i < count; i++) if (arena[base + i] !== words[i]) return false;
  return true;
}

/** Carries the first `used` elements over to a grown array (the pool may hand back the same one). */
function keep<T extends Int32Array | Uint32Array>(from: T, to: T, used: number): T {
  if (to !== from) to.set(from.subarray(0, used));
  return to;
}
