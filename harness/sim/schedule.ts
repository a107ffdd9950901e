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
  | { readonly at: number; readonly kind: 'crash-leader'; readonly durationMs: number }
  /**
   * For `durationMs`, the sitting leader and every node that wins an election is cut off
   * within `strikeWithinMs` of its win, for `outageMs`. Terms stay short, and each cut-off
   * leader goes on taking writes it cannot replicate: partly replicated tails of many
   * terms, the ground where Figure 8 and the no-noop read live.
   */
  | { readonly at: number; readonly kind: 'leader-churn'; readonly durationMs: number; readonly strikeWithinMs: number; readonly outageMs: number };

export type FaultKind = Fault['kind'];

/**
 * Which faults a schedule draws from. One schedule sticks to one nemesis (swarm
 * testing): a run full of partitions and crashes at random rarely lines up the short
 * leader terms that leader-churn produces on purpose, and vice versa.
 */
export const NEMESES = {
  partitions: ['partition', 'isolate-leader'],
  crashes: ['crash', 'crash-leader'],
  'leader-churn': ['leader-churn'],
  mixed: ['partition', 'isolate-leader', 'crash', 'crash-leader', 'leader-churn'],
} as const satisfies Record<string, readonly FaultKind[]>;

export type Nemesis = keyof typeof NEMESES;

export function isNemesis(name: string): name is Nemesis {
  return Object.hasOwn(NEMESES, name);
}

export interface FaultSchedule {
  readonly nemesis: Nemesis;
  readonly network: NetworkProfile;
  /**
   * The most entries a leader puts in one append. Small batches let a follower hold
   * old entries without the leader's newest, a state big batches rarely reach.
   */
  readonly maxEntriesPerAppend: number;
  readonly faults: readonly Fault[];
}

export interface ScheduleShape {
  readonly nodes: number;
  /** Faults start within [0, horizonMs). */
  readonly horizonMs: number;
  readonly maxFaults: number;
  /** Draw from these nemeses only (default: all of them). */
  readonly nemeses?: readonly Nemesis[];
}

function faultArbitraries(shape: ScheduleShape): { readonly [K in FaultKind]: fc.Arbitrary<Extract<Fault, { kind: K }>> } {
  const at = fc.integer({ min: 0, max: shape.horizonMs - 1 });
  // Short outages (a bounced process) as well as long ones.
  const duration = fc.oneof(fc.integer({ min: 1, max: 40 }), fc.integer({ min: 50, max: 1500 }));
  const nodes = fc.uniqueArray(fc.integer({ min: 0, max: shape.nodes - 1 }), { minLength: 1, maxLength: shape.nodes });
  const groups = fc
    .array(fc.integer({ min: 0, max: 2 }), { minLength: shape.nodes, maxLength: shape.nodes })
    .map((sides) => [0, 1, 2].map((side) => sides.flatMap((s, i) => (s === side ? [i] : []))).filter((g) => g.length > 0));
  return {
    partition: fc.record({ at, kind: fc.constant('partition' as const), groups, durationMs: duration }),
    'isolate-leader': fc.record({ at, kind: fc.constant('isolate-leader' as const), durationMs: duration }),
    crash: fc.record({ at, kind: fc.constant('crash' as const), nodes, durationMs: duration }),
    'crash-leader': fc.record({ at, kind: fc.constant('crash-leader' as const), durationMs: duration }),
    'leader-churn': fc.record({
      at,
      kind: fc.constant('leader-churn' as const),
      durationMs: fc.integer({ min: 100, max: 2000 }),
      // Leaders live from an instant to half a second: long enough, sometimes, to replicate part of their log.
      strikeWithinMs: fc.integer({ min: 0, max: 500 }),
      outageMs: fc.integer({ min: 10, max: 400 }),
    }),
  };
}

function faultArbitrary(shape: ScheduleShape, kinds: readonly FaultKind[]): fc.Arbitrary<Fault> {
  const all = faultArbitraries(shape);
  return fc.oneof(...kinds.map((kind) => all[kind] as fc.Arbitrary<Fault>));
}

export function networkArbitrary(): fc.Arbitrary<NetworkProfile> {
  return fc.record({
    minDelayMs: fc.integer({ min: 0, max: 3 }),
    maxDelayMs: fc.integer({ min: 4, max: 40 }),
    dropRate: fc.constantFrom(0, 0.01, 0.05, 0.1),
    duplicateRate: fc.constantFrom(0, 0.01, 0.05),
  });
}

/** One branch per nemesis: shrinking stays within the nemesis a failure was found with. */
export function scheduleArbitrary(shape: ScheduleShape): fc.Arbitrary<FaultSchedule> {
  const nemeses = shape.nemeses ?? (Object.keys(NEMESES) as Nemesis[]);
  return fc.oneof(
    ...nemeses.map((nemesis) =>
      fc.record({
        nemesis: fc.constant(nemesis),
        network: networkArbitrary(),
        maxEntriesPerAppend: fc.constantFrom(1, 2, 8, 64),
        faults: fc
          .array(faultArbitrary(shape, NEMESES[nemesis]), { maxLength: shape.maxFaults, size: 'max' })
          .map((faults) => [...faults].sort((a, b) => a.at - b.at)),
      }),
    ),
  );
}

/** The schedule a seed stands for: the same seed always gives the same schedule. */
export function scheduleFromSeed(seed: number, shape: ScheduleShape): FaultSchedule {
  const [schedule] = fc.sample(fc.noBias(scheduleArbitrary(shape)), { seed, numRuns: 1 });
  return schedule!;
}
