/**
 * The set of visited (linearized ops, model state) configurations. A configuration
 * seen before leads nowhere new, which is what makes WGL practical.
 *
 * An open-addressing hash set over typed arrays: each configuration is its hash, its
 * interned state id and a copy of the bitset's words in one arena, so that a lookup
 * allocates nothing and an insert copies the words only.
 */
export class Memo {
  /** Entry number + 1 per slot, 0 when empty; a power of two long. */
  private slots = new Int32Array(64);
  private hashes = new Int32Array(32);
  private states = new Int32Array(32);
  private arena: Uint32Array;
  size = 0;

  constructor(private readonly wordCount: number) {
    this.arena = new Uint32Array(32 * wordCount);
  }

  get bytes(): number {
    return this.slots.byteLength + this.hashes.byteLength + this.states.byteLength + this.arena.byteLength;
  }

  /** Adds the configuration; false when it was already there. */
  add(hash: number, words: Uint32Array, state: number): boolean {
    const { slots, hashes, states, arena, wordCount } = this;
    const mask = slots.length - 1;
    let slot = hash & mask;
    for (let e = slots[slot]!; e !== 0; e = slots[slot]!) {
      if (hashes[e - 1] === hash && states[e - 1] === state && sameWords(arena, (e - 1) * wordCount, words)) return false;
      slot = (slot + 1) & mask;
    }
    if (this.size === hashes.length) this.growEntries();
    const entry = this.size++;
    this.hashes[entry] = hash;
    this.states[entry] = state;
    this.arena.set(words, entry * wordCount);
    slots[slot] = entry + 1;
    if (this.size * 2 > slots.length) this.growSlots();
    return true;
  }

  private growEntries(): void {
    const capacity = this.hashes.length * 2;
    this.hashes = grow(this.hashes, new Int32Array(capacity));
    this.states = grow(this.states, new Int32Array(capacity));
    this.arena = grow(this.arena, new Uint32Array(capacity * this.wordCount));
  }

  private growSlots(): void {
    const slots = new Int32Array(this.slots.length * 2);
    const mask = slots.length - 1;
    for (let entry = 0; entry < this.size; entry++) {
      let slot = this.hashes[entry]! & mask;
      while (slots[slot] !== 0) slot = (slot + 1) & mask;
      slots[slot] = entry + 1;
    }
    this.slots = slots;
  }
}

function sameWords(arena: Uint32Array, base: number, words: Uint32Array): boolean {
  for (let i = 0; i < words.length; i++) if (arena[base + i] !== words[i]) return false;
  return true;
}

function grow<T extends Int32Array | Uint32Array>(from: T, to: T): T {
  to.set(from);
  return to;
}
