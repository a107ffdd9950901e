/**
 * A fault schedule is plain data — a list of timed faults, each undone after its
 * duration — so fast-check can generate it from a seed and shrink it to a minimal one.
 */
import fc from 'fast-check';
import type { NetworkProfile } from './network.js';

export type Fault =
  /** Splits the nodes into the given groups (by index into the node list). */
  | { readonly at: number; readonly kind: 'partition'; readonly groups: readonly (readonly number[])[]; readonly durationMs: number }
  /** Cuts off whichever node leads at that moment. */
  | { readonly at: number; readonly kind: 'isolate-leader'; readonly durationMs: number }
  /** Kills some nodes at once (SIGKILL: unsynced writes lost) and restarts them after the duration. */
  | { readonly at: number; readonly kind: 'crash'; readonly nodes: readonly number[]; readonly durationMs: number }
  /** Kills whichever node leads at that moment. */
  | { readonly at: number; readonly kind: 'crash-leader'; readonly durationMs: number };

export interface FaultSchedule {
  readonly network: NetworkProfile;
  readonly faults: readonly Fault[];
}

export interface ScheduleShape {
  readonly nodes: number;
  /** Faults start within [0, horizonMs). */
  readonly horizonMs: number;
  readonly maxFaults: number;
}

export function faultArbitrary(shape: ScheduleShape): fc.Arbitrary<Fault> {
  const at = fc.integer({ min: 0, max: shape.horizonMs - 1 });
  // Short outages (a bounced process) as well as long ones.
  const duration = fc.oneof(fc.integer({ min: 1, max: 40 }), fc.integer({ min: 50, max: 1500 }));
  const nodes = fc.uniqueArray(fc.integer({ min: 0, max: shape.nodes - 1 }), { minLength: 1, maxLength: shape.nodes });
  const groups = fc
    .array(fc.integer({ min: 0, max: 2 }), { minLength: shape.nodes, maxLength: shape.nodes })
    .map((sides) => [0, 1, 2].map((side) => sides.flatMap((s, i) => (s === side ? [i] : []))).filter((g) => g.length > 0));
  return fc.oneof(
    fc.record({ at, kind: fc.constant('partition' as const), groups, durationMs: duration }),
    fc.record({ at, kind: fc.constant('isolate-leader' as const), durationMs: duration }),
    fc.record({ at, kind: fc.constant('crash' as const), nodes, durationMs: duration }),
    fc.record({ at, kind: fc.constant('crash-leader' as const), durationMs: duration }),
  );
}

export function networkArbitrary(): fc.Arbitrary<NetworkProfile> {
  return fc.record({
    minDelayMs: fc.integer({ min: 0, max: 3 }),
    maxDelayMs: fc.integer({ min: 4, max: 40 }),
    dropRate: fc.constantFrom(0, 0.01, 0.05, 0.1),
    duplicateRate: fc.constantFrom(0, 0.01, 0.05),
  });
}

export function scheduleArbitrary(shape: ScheduleShape): fc.Arbitrary<FaultSchedule> {
  return fc.record({
    network: networkArbitrary(),
    faults: fc.array(faultArbitrary(shape), { maxLength: shape.maxFaults, size: 'max' }).map((faults) => [...faults].sort((a, b) => a.at - b.at)),
  });
}

/** The schedule a seed stands for: the same seed always gives the same schedule. */
export function scheduleFromSeed(seed: number, shape: ScheduleShape): FaultSchedule {
  const [schedule] = fc.sample(fc.noBias(scheduleArbitrary(shape)), { seed, numRuns: 1 });
  return schedule!;
}
