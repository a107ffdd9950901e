/**
 * The register workload: reads, writes and compare-and-sets over a few keys, checked
 * per key as a cas-register (the `kv` model, a missing key reads as null).
 */
import type { SeededRandom } from '../impl/raft/random.js';
import type { ModelSpec } from '../checkers/linearizable/models/index.js';

export type RegisterOp =
  | { readonly f: 'read'; readonly key: string }
  | { readonly f: 'write'; readonly key: string; readonly value: number }
  | { readonly f: 'cas'; readonly key: string; readonly from: number | null; readonly to: number };

export interface RegisterWorkload {
  readonly keys: number;
  readonly model: ModelSpec;
  next(random: SeededRandom): RegisterOp;
  /** The invocation's `value` field in the history. */
  invokeValue(op: RegisterOp): unknown;
}

export function registerWorkload(keys = 3, values = 5): RegisterWorkload {
  return {
    keys,
    model: { name: 'kv', initial: null },
    next(random) {
      const key = `k${random.int(0, keys - 1)}`;
      const roll = random.int(0, 9);
      if (roll < 4) return { f: 'read', key };
      if (roll < 8) return { f: 'write', key, value: random.int(0, values - 1) };
      const from = random.int(-1, values - 1);
      return { f: 'cas', key, from: from < 0 ? null : from, to: random.int(0, values - 1) };
    },
    invokeValue(op) {
      return op.f === 'read' ? null : op.f === 'write' ? op.value : [op.from, op.to];
    },
  };
}
