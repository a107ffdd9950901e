/** Numbers the distinct model states of one search by the model's key. */
import type { Model } from './model.js';

export class StateIds<S> {
  private readonly ids = new Map<string | number, number>();

  constructor(private readonly model: Model<S>) {}

  idOf(state: S): number {
    const key = this.model.key(state);
    let id = this.ids.get(key);
    if (id === undefined) {
      id = this.ids.size;
      this.ids.set(key, id);
    }
    return id;
  }
}

/** Spreads a state id over 32 bits, to XOR into a bitset's Zobrist hash. */
export function stateSalt(id: number): number {
  const h = Math.imul(id + 1, 0x9e3779b1);
  return Math.imul(h ^ (h >>> 16), 0x85ebca6b);
}
