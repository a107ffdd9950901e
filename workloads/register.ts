/**
 * The register workload: reads, writes and compare-and-sets over a few keys, checked
 * per key as a cas-register (the `kv` model, a missing key reads as null). The
 * simulator's clients draw from `registerWorkload` with the run's PRNG; chaos runs use
 * `REGISTER` below.
 */
import fc from 'fast-check';
import type { SeededRandom } from '../impl/raft/random.js';
import type { ModelSpec } from '../checkers/linearizable/models/index.js';
import { keyName, UniqueValues, type Workload, type WorkloadOp } from './workload.js';

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

/**
 * The register workload of chaos runs: reads, writes and compare-and-sets over
 * independent keys, every written value unique per key (so a read tells which write
 * it saw), checked per key as a cas-register (`kv`, a missing key reads as null).
 * A cas compares against one of the last few values proposed for its key.
 */
export const REGISTER: Workload = {
  name: 'register',
  model: { name: 'kv', initial: null },
  ops(keys) {
    const template = fc.record({
      roll: fc.integer({ min: 0, max: 99 }),
      key: fc.integer({ min: 0, max: keys - 1 }),
      pick: fc.integer({ min: 0, max: RECENT - 1 }),
    });
    return fc.infiniteStream(template).map((templates) => {
      const values = new UniqueValues();
      const recent = new Map<string, number[]>();
      const propose = (key: string): number => {
        const value = values.take(key);
        recent.set(key, [value, ...(recent.get(key) ?? [])].slice(0, RECENT));
        return value;
      };
      return mapIterable(templates, ({ roll, key: index, pick }): WorkloadOp => {
        const key = keyName(index);
        if (roll < 40) return { f: 'read', key, value: null };
        if (roll < 75) return { f: 'write', key, value: propose(key) };
        const candidates = recent.get(key) ?? [];
        const from = candidates.length === 0 ? null : candidates[pick % candidates.length]!;
        return { f: 'cas', key, value: [from, propose(key)] };
      });
    });
  },
  async invoke(op, client) {
    switch (op.f) {
      case 'read':
        return client.read(op.key);
      case 'write': {
        const outcome = await client.write(op.key, op.value as number);
        return outcome.type === 'ok' ? { ...outcome, value: op.value } : outcome;
      }
      case 'cas': {
        const [from, to] = op.value as [number | null, number];
        const outcome = await client.cas(op.key, from, to);
        return outcome.type === 'ok' ? { ...outcome, value: op.value } : outcome;
      }
      default:
        throw new Error(`register workload: unknown op ${op.f}`);
    }
  },
  finalReads(keys) {
    return Array.from({ length: keys }, (_, i) => ({ f: 'read', key: keyName(i), value: null }));
  },
};

/** How many recent values of a key a cas may compare against. */
const RECENT = 3;

export function* mapIterable<T, U>(items: Iterable<T>, f: (item: T) => U): Iterable<U> {
  for (const item of items) yield f(item);
}
