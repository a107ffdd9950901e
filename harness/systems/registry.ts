/**
 * Systems by name: how a test recorded in test.json (`config.system`: the system's name
 * and its description) becomes a live System again, for `faultline run --system` and
 * `--replay`. Our store and etcd are known; a user registers their own.
 */
import { isBugName, type BugName } from '../../impl/bugs.js';
import { DEFAULT_ETCD_OPTIONS, EtcdSystem, type EtcdOptions } from './etcd/system.js';
import { DEFAULT_FAULTLINE_OPTIONS, FaultlineSystem, READ_MODES, type FaultlineOptions, type ReadMode } from './faultline/system.js';
import type { System } from './system.js';

/** Builds a system from what its `description` said (test.json's `config.system`, without `name`). */
export type SystemFactory = (description: Readonly<Record<string, unknown>>) => System;

export class UnknownSystemError extends Error {
  override readonly name = 'UnknownSystemError';
}

/** The options a description gives, over the defaults: only known keys, each of the default's type. */
export function optionsFrom<T extends object>(defaults: T, description: Readonly<Record<string, unknown>>): T {
  const options: Record<string, unknown> = { ...(defaults as Record<string, unknown>) };
  for (const [key, fallback] of Object.entries(defaults)) {
    const given = description[key];
    if (given !== undefined && typeof given === typeof fallback && Array.isArray(given) === Array.isArray(fallback)) options[key] = given;
  }
  return options as T;
}

const factories = new Map<string, SystemFactory>([
  [
    'faultline',
    (d) => {
      const o = optionsFrom<FaultlineOptions>(DEFAULT_FAULTLINE_OPTIONS, d);
      const readMode: ReadMode = READ_MODES.includes(o.readMode) ? o.readMode : DEFAULT_FAULTLINE_OPTIONS.readMode;
      const bugs: BugName[] = o.bugs.filter((b: string) => isBugName(b));
      return new FaultlineSystem({ ...o, readMode, bugs });
    },
  ],
  ['etcd', (d) => new EtcdSystem(optionsFrom<EtcdOptions>(DEFAULT_ETCD_OPTIONS, d))],
]);

/** Makes a system known by name (its `name` must be what its instances report). */
export function registerSystem(name: string, factory: SystemFactory): void {
  factories.set(name, factory);
}

export function systemNames(): string[] {
  return [...factories.keys()];
}

export function isKnownSystem(name: string): boolean {
  return factories.has(name);
}

/** The system test.json describes: `{ name, ...description }`. */
export function systemFrom(recorded: Readonly<Record<string, unknown>>): System {
  const { name, ...description } = recorded;
  const factory = typeof name === 'string' ? factories.get(name) : undefined;
  if (factory === undefined) {
    throw new UnknownSystemError(`unknown system ${JSON.stringify(name)} (known: ${systemNames().join(', ')}; a library user registers theirs with registerSystem)`);
  }
  return factory(description);
}

/** How a system is recorded: its name and description, as test.json's `config.system` holds it. */
export function recordOf(system: System): Record<string, unknown> {
  return { name: system.name, ...system.description };
}
