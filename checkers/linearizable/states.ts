/** Numbers the distinct model states of one search, by the model's hash and equality. */
import type { Model } from './model.js';

export class StateIds<S> {
  /** By hash: the id of the one state with that hash, or the ids of all of them. */
  private readonly byHash = new Map<number, number | number[]>();
  private readonly states: S[] = [];

  constructor(private readonly model: Model<S>) {}

  /** The state numbered `id`. */
  state(id: number): S {
    return this.states[id]!;
  }

  idOf(state: S): number {
    const hash = this.model.hash(state) | 0;
    const found = this.byHash.get(hash);
    if (found === undefined) {
      this.byHash.set(hash, this.states.length);
    } else if (typeof found === 'number') {
      if (this.model.equal(this.states[found]!, state)) return found;
      this.byHash.set(hash, [found, this.states.length]);
    } else {
      for (const id of found) if (this.model.equal(this.states[id]!, state)) return id;
      found.push(this.states.length);
    }
    this.states.push(state);
    return this.states.length - 1;
  }
}
