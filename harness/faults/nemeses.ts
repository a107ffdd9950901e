/**
 * Nemeses by name (the `--nemesis` flag of `faultline sim` and `faultline run`): each
 * is a family of fault kinds. `all` is every nemesis. A skewed clock shows only where a
 * node loses touch with the others (a leader that believes its lease while cut off), so
 * `clock` isolates nodes too, as Jepsen's clock tests combine skew with partitions.
 */
import { InvalidScheduleError, type FaultKind } from './schedule.js';

export const NEMESES = {
  partition: ['partition', 'isolate', 'grudge'],
  kill: ['crash', 'crash-voters'],
  pause: ['pause'],
  clock: ['clock', 'isolate'],
  latency: ['latency'],
  membership: ['membership'],
  'leader-churn': ['leader-churn'],
} as const satisfies Record<string, readonly FaultKind[]>;

export type Nemesis = keyof typeof NEMESES;

export const NEMESIS_NAMES = Object.keys(NEMESES) as Nemesis[];

export function isNemesis(name: string): name is Nemesis {
  return Object.hasOwn(NEMESES, name);
}

/** Resolves flag values (`all` included) to nemeses; throws on an unknown name. */
export function parseNemeses(names: readonly string[]): Nemesis[] {
  const out = new Set<Nemesis>();
  for (const name of names.flatMap((n) => n.split(','))) {
    if (name === 'all') NEMESIS_NAMES.forEach((n) => out.add(n));
    else if (isNemesis(name)) out.add(name);
    else throw new InvalidScheduleError(`unknown nemesis "${name}" (choose from ${[...NEMESIS_NAMES, 'all'].join(', ')})`);
  }
  return [...out];
}
