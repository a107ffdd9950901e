/**
 * The set of visited (linearized ops, model state) configurations. A configuration
 * seen before leads nowhere new, which is what makes WGL practical.
 */

interface Visited {
  readonly words: Uint32Array;
  readonly state: string | number;
}

/** Rough bytes per remembered configuration besides its bitset (object, array slot, map entry). */
const OVERHEAD_BYTES = 96;

export class Memo {
  private readonly buckets = new Map<number, Visited | Visited[]>();
  private bytesPerEntry: number;
  size = 0;

  constructor(wordCount: number) {
    this.bytesPerEntry = wordCount * 4 + OVERHEAD_BYTES;
  }

  get bytes(): number {
    return this.size * this.bytesPerEntry;
  }

  /** Adds the configuration; false when it was already there. */
  add(hash: number, words: Uint32Array, state: string | number): boolean {
    const found = this.buckets.get(hash);
    const entry: Visited = { words: words.slice(), state };
    if (found === undefined) {
      this.buckets.set(hash, entry);
    } else if (Array.isArray(found)) {
      for (const visited of found) if (visited.state === state && sameWords(visited.words, words)) return false;
      found.push(entry);
    } else {
      if (found.state === state && sameWords(found.words, words)) return false;
      this.buckets.set(hash, [found, entry]);
    }
    this.size++;
    return true;
  }
}

function sameWords(a: Uint32Array, b: Uint32Array): boolean {
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
  return true;
}

/** FNV-1a for string state keys; numbers are mixed directly. */
export function hashStateKey(key: string | number): number {
  if (typeof key === 'number') {
    const x = Number.isInteger(key) ? key | 0 : hashString(String(key));
    return Math.imul(x ^ (x >>> 16), 0x45d9f3b);
  }
  return hashString(key);
}

function hashString(s: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < s.length; i++) h = Math.imul(h ^ s.charCodeAt(i), 0x01000193);
  return h;
}
