/**
 * Fault schedules drawn by fast-check from one seed (and shrunk by it). Each schedule
 * enables one to three nemeses, as swarm testing does: runs that mix every fault rarely
 * line up what one focused nemesis produces on purpose. So focused schedules dominate,
 * and the draw is weighted towards what finds bugs soonest (bench:sim measures it): the
 * nemeses that shape elections (leader churn, kills), odd clusters of three and five,
 * small append batches.
 */
import fc from 'fast-check';
import { NEMESES, NEMESIS_NAMES, type Nemesis } from './nemeses.js';
import { nodeIds, type ClockChange, type Fault, type FaultKind, type FaultSchedule, type NetworkProfile, type NodeId, type Target } from './schedule.js';

export interface ScheduleShape {
  /** The cluster size, or the range each schedule draws it from. */
  readonly nodes: number | { readonly min: number; readonly max: number };
  /** Faults start within [0, horizonMs). */
  readonly horizonMs: number;
  readonly maxFaults: number;
  /** Draw from these nemeses only (default: all of them). */
  readonly nemeses?: readonly Nemesis[];
}

type FaultOf<K extends FaultKind> = Extract<Fault, { kind: K }>;

const split = <T>(items: readonly T[], sides: readonly number[], count: number): T[][] =>
  Array.from({ length: count }, (_, side) => items.filter((_, i) => sides[i] === side)).filter((g) => g.length > 0);

/** Two to three non-empty groups. */
function groupsArbitrary(ids: readonly NodeId[]): fc.Arbitrary<NodeId[][]> {
  return fc.array(fc.integer({ min: 0, max: 2 }), { minLength: ids.length, maxLength: ids.length }).map((sides) => {
    const groups = split(ids, sides, 3);
    return groups.length > 1 ? groups : [[ids[0]!], ids.slice(1)];
  });
}

/** Symmetric cuts as a grudge: every listed pair cannot hear each other. */
function mutual(pairs: ReadonlyArray<readonly [NodeId, NodeId]>): Record<NodeId, NodeId[]> {
  const cannotHear: Record<NodeId, NodeId[]> = {};
  for (const [a, b] of pairs) {
    (cannotHear[a] ??= []).push(b);
    (cannotHear[b] ??= []).push(a);
  }
  return cannotHear;
}

/** Two halves (in this order) that hear each other only through the node between them. */
export function bridge(order: readonly NodeId[]): Record<NodeId, NodeId[]> {
  const half = Math.floor(order.length / 2);
  const [left, right] = [order.slice(0, half), order.slice(half + 1)];
  return mutual(left.flatMap((a) => right.map((b) => [a, b] as const)));
}

/** Each node hears its neighbours on a ring (in this order): a majority with itself, no two the same one. */
export function majoritiesRing(order: readonly NodeId[]): Record<NodeId, NodeId[]> {
  const n = order.length;
  const reach = Math.ceil(Math.floor(n / 2) / 2);
  const pairs: Array<[NodeId, NodeId]> = [];
  for (let i = 0; i < n; i++) {
    for (let j = i + 1; j < n; j++) if (Math.min(j - i, n - (j - i)) > reach) pairs.push([order[i]!, order[j]!]);
  }
  return mutual(pairs);
}

/**
 * Who cannot hear whom: a one-way split (one side hears the other but not back), random
 * one-way links, a bridge (two halves that only one node joins) or a majorities ring
 * (each node sees a majority, no two the same one).
 */
export function grudgeArbitrary(ids: readonly NodeId[]): fc.Arbitrary<Record<NodeId, NodeId[]>> {
  const n = ids.length;
  const oneWay = fc.array(fc.boolean(), { minLength: n, maxLength: n }).map((deaf) => {
    const [a, b] = [ids.filter((_, i) => deaf[i]), ids.filter((_, i) => !deaf[i])];
    const [deafSide, loud] = a.length > 0 && b.length > 0 ? [a, b] : [[ids[0]!], ids.slice(1)];
    return Object.fromEntries(deafSide.map((id) => [id, [...loud]]));
  });
  const links = fc.uniqueArray(fc.tuple(fc.constantFrom(...ids), fc.constantFrom(...ids)), { minLength: 1, maxLength: n * 2, selector: ([a, b]) => `${a}>${b}` }).map((pairs) => {
    const cannotHear: Record<NodeId, NodeId[]> = {};
    for (const [to, from] of pairs) if (to !== from) (cannotHear[to] ??= []).push(from);
    return cannotHear;
  });
  const order = fc.shuffledSubarray([...ids], { minLength: n, maxLength: n });
  return fc.oneof(oneWay, links, order.map(bridge), order.map(majoritiesRing));
}

function clockArbitrary(): fc.Arbitrary<ClockChange> {
  const sign = fc.constantFrom(1, -1);
  // Jumps from a few ms to two minutes, each order of magnitude as likely.
  const jump = fc.tuple(sign, fc.oneof(fc.integer({ min: 1, max: 200 }), fc.integer({ min: 200, max: 5000 }), fc.integer({ min: 5000, max: 120_000 }))).map(([s, d]) => s * d);
  return fc.oneof(
    fc.record({ mode: fc.constant('bump' as const), deltaMs: jump }),
    fc.record({ mode: fc.constant('strobe' as const), deltaMs: jump, periodMs: fc.integer({ min: 1, max: 200 }) }),
    fc.record({ mode: fc.constant('drift' as const), rate: fc.constantFrom(0.05, 0.2, 0.5, 0.8, 1.25, 2, 5, 20) }),
  );
}

function faultArbitraries(ids: readonly NodeId[], horizonMs: number): { readonly [K in FaultKind]: fc.Arbitrary<FaultOf<K>> } {
  const at = fc.integer({ min: 0, max: horizonMs - 1 });
  // Short outages (a bounced process) as well as long ones.
  const durationMs = fc.oneof(fc.integer({ min: 1, max: 40 }), fc.integer({ min: 50, max: 1500 }));
  const some = fc.uniqueArray(fc.constantFrom(...ids), { minLength: 1, maxLength: ids.length });
  const target: fc.Arbitrary<Target> = fc.oneof(fc.constant('leader' as const), some);
  const kind = <K extends FaultKind>(k: K) => fc.constant(k);
  return {
    partition: fc.record({ at, durationMs, kind: kind('partition'), groups: groupsArbitrary(ids) }),
    isolate: fc.record({ at, durationMs, kind: kind('isolate'), nodes: fc.oneof({ weight: 3, arbitrary: fc.constant('leader' as const) }, { weight: 1, arbitrary: fc.constantFrom(...ids).map((id) => [id]) }) }),
    grudge: fc.record({ at, durationMs, kind: kind('grudge'), cannotHear: grudgeArbitrary(ids) }),
    crash: fc.record({ at, durationMs, kind: kind('crash'), nodes: target }),
    pause: fc.record({ at, durationMs, kind: kind('pause'), nodes: target }),
    clock: fc
      .record({ at, durationMs: fc.integer({ min: 50, max: 3000 }), kind: kind('clock'), nodes: target, change: clockArbitrary() })
      .map(({ change, ...rest }) => ({ ...rest, ...change })),
    latency: fc.record({ at, durationMs, kind: kind('latency'), nodes: target, delayMs: fc.integer({ min: 5, max: 500 }), jitterMs: fc.integer({ min: 0, max: 200 }) }),
    membership: fc.record({
      at,
      durationMs: fc.integer({ min: 100, max: 3000 }),
      kind: kind('membership'),
      change: fc.oneof(
        fc.record({ action: fc.constant('remove' as const), node: fc.oneof(fc.constant('leader' as const), fc.constantFrom(...ids)) }),
        fc.constant({ action: 'add' as const }),
      ),
    }),
    'crash-voters': fc.record({
      at,
      durationMs: fc.integer({ min: 100, max: 2000 }),
      kind: kind('crash-voters'),
      strikeWithinMs: fc.integer({ min: 0, max: 30 }),
      outageMs: fc.integer({ min: 1, max: 30 }),
    }),
    'leader-churn': fc.record({
      at,
      durationMs: fc.integer({ min: 100, max: 2000 }),
      kind: kind('leader-churn'),
      // Leaders live from an instant to half a second, mostly long enough to replicate part of their log; most
      // outages outlast an election: the others elect a leader while the struck one still takes writes (Figure 8).
      strikeWithinMs: fc.oneof({ weight: 3, arbitrary: fc.integer({ min: 20, max: 150 }) }, { weight: 1, arbitrary: fc.integer({ min: 0, max: 500 }) }),
      outageMs: fc.oneof({ weight: 3, arbitrary: fc.integer({ min: 150, max: 300 }) }, { weight: 1, arbitrary: fc.integer({ min: 10, max: 400 }) }),
    }),
  };
}

export function networkArbitrary(): fc.Arbitrary<NetworkProfile> {
  return fc.record({
    minDelayMs: fc.integer({ min: 0, max: 3 }),
    maxDelayMs: fc.integer({ min: 4, max: 40 }),
    lateRate: fc.constantFrom(0, 0.001, 0.01, 0.03),
    lateMaxMs: fc.constantFrom(200, 1000, 3000),
    dropRate: fc.constantFrom(0, 0.01, 0.05, 0.1),
    duplicateRate: fc.constantFrom(0, 0.01, 0.05),
  });
}

/**
 * How often a focused schedule draws each nemesis: the ones that shape elections find
 * the election and commit bugs (Figure 8, a forgotten vote, a lost tail) far more often.
 */
const FOCUS: { readonly [N in Nemesis]: number } = { 'leader-churn': 5, kill: 4, partition: 2, clock: 2, pause: 1, latency: 1, membership: 1 };

/**
 * Cluster sizes by weight, after a schedule's first nemesis: every size from three to
 * seven is drawn, but each nemesis most often where it is strongest — leader churn on
 * three and five nodes (a short-lived leader reaches a majority with few appends), kills
 * on five and seven (more voters, more candidates colliding in one term).
 */
const SIZES: { readonly [N in Nemesis]?: Readonly<Record<number, number>> } = {
  'leader-churn': { 3: 4, 4: 1, 5: 3, 6: 1, 7: 1 },
  kill: { 3: 1, 4: 1, 5: 3, 6: 1, 7: 3 },
};
const ODD_SIZES: Readonly<Record<number, number>> = { 3: 3, 4: 1, 5: 3, 6: 1, 7: 2 };

function nemesesArbitrary(allowed: readonly Nemesis[]): fc.Arbitrary<Nemesis[]> {
  const one = fc.oneof(...allowed.map((n) => ({ weight: FOCUS[n], arbitrary: fc.constant(n) }))).map((n) => [n]);
  if (allowed.length === 1) return one;
  return fc.oneof({ weight: 3, arbitrary: one }, { weight: 1, arbitrary: fc.shuffledSubarray([...allowed], { minLength: 2, maxLength: Math.min(3, allowed.length) }) });
}

function sizeArbitrary(nodes: ScheduleShape['nodes'], lead: Nemesis): fc.Arbitrary<number> {
  const { min, max } = typeof nodes === 'number' ? { min: nodes, max: nodes } : nodes;
  const weights = SIZES[lead] ?? ODD_SIZES;
  const sizes = Array.from({ length: max - min + 1 }, (_, i) => min + i);
  return fc.oneof(...sizes.map((size) => ({ weight: weights[size] ?? 1, arbitrary: fc.constant(size) })));
}

/** Small batches let a follower hold old entries without the leader's newest (Figure 8, the no-noop read, retried writes). */
export const batchArbitrary = fc.oneof({ weight: 2, arbitrary: fc.constantFrom(1, 2) }, { weight: 1, arbitrary: fc.constantFrom(8, 64) });

/** Faults whose `at` is an offset from the start of their episode. */
type Episode = fc.Arbitrary<Fault[]>;

/**
 * Failures come in bursts (one cause, several symptoms): each nemesis draws episodes of
 * one to three faults within 50 ms of each other, and a few shaped ones: every node dies
 * and restarts at once and, during the elections that follow, voters are killed as
 * candidates ask them (a vote not made durable is forgotten); a leader's clock slips as it is cut off (a lease outlives its leadership).
 */
function episodeArbitraries(ids: readonly NodeId[], all: ReturnType<typeof faultArbitraries>): { readonly [N in Nemesis]: Episode } {
  const burst = (kinds: readonly FaultKind[]): Episode =>
    fc
      .array(fc.tuple(fc.integer({ min: 0, max: 50 }), fc.oneof(...kinds.map((k) => all[k] as fc.Arbitrary<Fault>))), { minLength: 1, maxLength: 3 })
      .map((parts) => parts.map(([at, fault]) => ({ ...fault, at })));
  const electionBounce: Episode = fc
    .tuple(fc.integer({ min: 20, max: 500 }), fc.integer({ min: 300, max: 1500 }), fc.integer({ min: 0, max: 30 }), fc.integer({ min: 1, max: 30 }))
    .map(([downMs, churnMs, strikeWithinMs, outageMs]) => [
      // Everyone restarts at once: their election timers start together, and candidates collide.
      { at: 0, durationMs: downMs, kind: 'crash', nodes: [...ids] } as const,
      { at: downMs, durationMs: churnMs, kind: 'crash-voters', strikeWithinMs, outageMs } as const,
    ]);
  const slowClock = fc.oneof(
    fc.record({ mode: fc.constant('drift' as const), rate: fc.constantFrom(0.05, 0.2, 0.5) }),
    fc.record({ mode: fc.constant('bump' as const), deltaMs: fc.integer({ min: -120_000, max: -200 }) }),
  );
  const skewedLeaderCutOff: Episode = fc
    .tuple(fc.integer({ min: 300, max: 3000 }), fc.integer({ min: 0, max: 20 }), fc.integer({ min: 300, max: 1500 }), slowClock)
    .map(([skewMs, cutAt, cutMs, change]) => [
      { at: 0, durationMs: skewMs, kind: 'clock', nodes: 'leader', ...change } as const,
      { at: cutAt, durationMs: cutMs, kind: 'isolate', nodes: 'leader' } as const,
    ]);
  return {
    partition: burst(NEMESES.partition),
    kill: fc.oneof(burst(NEMESES.kill), electionBounce),
    pause: burst(NEMESES.pause),
    clock: fc.oneof(burst(NEMESES.clock), skewedLeaderCutOff),
    latency: burst(NEMESES.latency),
    membership: burst(NEMESES.membership),
    'leader-churn': burst(NEMESES['leader-churn']),
  };
}

export function scheduleArbitrary(shape: ScheduleShape): fc.Arbitrary<FaultSchedule> {
  const allowed = shape.nemeses ?? NEMESIS_NAMES;
  const drawn = nemesesArbitrary(allowed).chain((nemeses) => sizeArbitrary(shape.nodes, nemeses[0]!).map((nodes) => [nodes, nemeses] as const));
  return drawn.chain(([nodes, nemeses]) => {
    const ids = nodeIds(nodes);
    const episodes = episodeArbitraries(ids, faultArbitraries(ids, shape.horizonMs));
    const episode = fc
      .tuple(fc.integer({ min: 0, max: shape.horizonMs - 1 }), fc.oneof(...nemeses.map((n) => episodes[n])))
      .map(([start, faults]) => faults.map((f) => ({ ...f, at: Math.min(shape.horizonMs - 1, start + f.at) })));
    return fc.record({
      nodes: fc.constant(nodes),
      nemeses: fc.constant(nemeses),
      network: networkArbitrary(),
      maxEntriesPerAppend: batchArbitrary,
      faults: fc
        .array(episode, { minLength: Math.min(1, shape.maxFaults), maxLength: Math.ceil(shape.maxFaults / 2), size: 'max' })
        .map((all) => all.flat().slice(0, shape.maxFaults).sort((a, b) => a.at - b.at)),
    });
  });
}

/**
 * The schedule a seed stands for: the same seed always gives the same schedule. The seed
 * is mixed first: neighbouring seeds start fast-check's generator in correlated states
 * (seeds 1-100 once never drew an append batch of 1 for a single nemesis).
 */
export function scheduleFromSeed(seed: number, shape: ScheduleShape): FaultSchedule {
  const [schedule] = fc.sample(fc.noBias(scheduleArbitrary(shape)), { seed: mixSeed(seed), numRuns: 1 });
  return schedule!;
}

/** A 32-bit integer hash (the finaliser of MurmurHash3): neighbouring seeds land far apart. */
function mixSeed(seed: number): number {
  let h = seed | 0;
  h = Math.imul(h ^ (h >>> 16), 0x85ebca6b);
  h = Math.imul(h ^ (h >>> 13), 0xc2b2ae35);
  return (h ^ (h >>> 16)) | 0;
}
