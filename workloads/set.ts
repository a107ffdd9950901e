/**
 * The set workload: unique elements added to one grow-only set per key, and reads of
 * whole sets, checked per key by the `set` model — an acknowledged add must be in
 * every set read after it, an element never added must never appear. The store has
 * no set type, so an add is a read followed by a compare-and-set of the key's
 * comma-joined elements, retried while the compare loses to a concurrent add (as
 * Jepsen's set workloads over registers do).
 */
import fc from 'fast-check';
import type { KvClient, Outcome } from '../harness/systems/system.js';
import { mapIterable } from './register.js';
import { keyName, UniqueValues, type Workload, type WorkloadOp } from './workload.js';

/** How many read-then-cas rounds an add may take before it gives up. */
const MAX_ROUNDS = 8;

export const SET: Workload = {
  name: 'set',
  model: { name: 'set', initial: [] },
  ops(keys) {
    const template = fc.record({ roll: fc.integer({ min: 0, max: 99 }), key: fc.integer({ min: 0, max: keys - 1 }) });
    return fc.infiniteStream(template).map((templates) => {
      const elements = new UniqueValues();
      return mapIterable(templates, ({ roll, key: index }): WorkloadOp => {
        const key = keyName(index);
        return roll < 75 ? { f: 'add', key, value: elements.take(key) } : { f: 'read', key, value: null };
      });
    });
  },
  async invoke(op, client) {
    switch (op.f) {
      case 'add':
        return add(client, op.key, op.value as number);
      case 'read': {
        const outcome = await client.read(op.key);
        return outcome.type === 'ok' ? { ...outcome, value: decode(outcome.value) } : outcome;
      }
      default:
        throw new Error(`set workload: unknown op ${op.f}`);
    }
  },
  finalReads(keys) {
    return Array.from({ length: keys }, (_, i) => ({ f: 'read', key: keyName(i), value: null }));
  },
};

async function add(client: KvClient, key: string, element: number): Promise<Outcome> {
  let last: Outcome | null = null;
  for (let round = 0; round < MAX_ROUNDS; round++) {
    const read = await client.read(key);
    if (read.type !== 'ok') {
      last = read;
      continue;
    }
    const current = read.value as string | null;
    if (decode(current).includes(element)) return { type: 'ok', value: element, node: read.node };
    const next = current === null || current === '' ? String(element) : `${current},${element}`;
    const cas = await client.cas(key, current, next);
    if (cas.type === 'ok') return { ...cas, value: element };
    // Unknown: the add may be in the set, and a retry cannot tell it from another's.
    if (cas.type === 'info') return cas;
    last = cas;
  }
  return last ?? { type: 'fail', error: 'no round' };
}

/** The stored form, "3,17,4", as the elements [3, 17, 4]. */
function decode(value: unknown): number[] {
  if (typeof value !== 'string' || value === '') return [];
  return value.split(',').map(Number);
}
