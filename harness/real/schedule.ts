/**
 * Fault schedules for real runs, drawn by fast-check from the run's seed: one fault at a
 * time, starting every `--nemesis-interval` (jittered) and lasting ¼–⅝ of it, with a
 * quiet gap after each (leader churn lasts six times as long and takes several
 * intervals), of a kind from the chosen nemeses, in the shapes a Jepsen user expects — halves, random halves, one
 * node or the leader isolated, and the simulator's grudges (a majorities ring, a
 * bridge, a one-way split, any one-way links); crashes and
 * pauses of one node, a minority, a majority, all or the leader; clock bumps, strobes
 * and drifts; latency with jitter, bandwidth caps, sliced writes and reset connections;
 * members added and removed. The result is the shared vocabulary's FaultSchedule.
 */
import fc from 'fast-check';
import { grudgeArbitrary } from '../faults/arbitrary.js';
import { NEMESES, type Nemesis } from '../faults/nemeses.js';
import { CALM_NETWORK, nodeIds, type Fault, type FaultKind, type FaultSchedule, type NetworkProfile, type NodeId, type Target } from '../faults/schedule.js';

export interface RealScheduleShape {
  readonly nodes: number;
  readonly nemeses: readonly Nemesis[];
  /** Faults start before this (ms from time 0). */
  readonly timeLimitMs: number;
  readonly intervalMs: number;
}

type Timing = { readonly at: number; readonly durationMs: number };

/** Two halves in the given order (the first gets the smaller half). */
export function halves(order: readonly NodeId[]): NodeId[][] {
  const cut = Math.floor(order.length / 2);
  return [order.slice(0, cut), order.slice(cut)];
}

function targetArbitrary(ids: readonly NodeId[]): fc.Arbitrary<Target> {
  const n = ids.length;
  const minority = Math.max(1, Math.floor((n - 1) / 2));
  const majority = Math.floor(n / 2) + 1;
  const subset = (size: number): fc.Arbitrary<Target> => fc.shuffledSubarray([...ids], { minLength: size, maxLength: size });
  return fc.oneof(fc.constant('leader' as const), subset(1), subset(minority), subset(majority), fc.constant([...ids]));
}

function kindsArbitraries(ids: readonly NodeId[], intervalMs: number): { readonly [K in FaultKind]: fc.Arbitrary<(timing: Timing) => Fault> } {
  const order = fc.shuffledSubarray([...ids], { minLength: ids.length, maxLength: ids.length });
  const target = targetArbitrary(ids);
  const jump = fc.tuple(fc.constantFrom(1, -1), fc.oneof(fc.integer({ min: 5, max: 500 }), fc.integer({ min: 500, max: 10_000 }), fc.integer({ min: 10_000, max: 300_000 })));
  const fault = <F extends Fault>(build: (timing: Timing) => F) => build;
  return {
    partition: fc.oneof(
      fc.constant(fault((t) => ({ ...t, kind: 'partition', groups: halves(ids) }))),
      order.map((o) => fault((t) => ({ ...t, kind: 'partition', groups: halves(o) }))),
    ),
    isolate: fc.oneof(
      fc.constant(fault((t) => ({ ...t, kind: 'isolate', nodes: 'leader' }))),
      fc.constantFrom(...ids).map((id) => fault((t) => ({ ...t, kind: 'isolate', nodes: [id] }))),
    ),
    grudge: grudgeArbitrary(ids).map((cannotHear) => fault((t) => ({ ...t, kind: 'grudge', cannotHear }))),
    crash: target.map((nodes) => fault((t) => ({ ...t, kind: 'crash', nodes }))),
    'crash-voters': fc
      .record({ strikeWithinMs: fc.integer({ min: 0, max: 200 }), outageMs: fc.integer({ min: 100, max: 2000 }) })
      .map((strike) => fault((t) => ({ ...t, kind: 'crash-voters', ...strike }))),
    pause: target.map((nodes) => fault((t) => ({ ...t, kind: 'pause', nodes }))),
    clock: fc.tuple(target, fc.oneof(
      jump.map(([s, d]) => ({ mode: 'bump' as const, deltaMs: s * d })),
      fc.tuple(jump, fc.integer({ min: 10, max: 200 })).map(([[s, d], periodMs]) => ({ mode: 'strobe' as const, deltaMs: s * d, periodMs })),
      fc.constantFrom(0.25, 0.5, 0.8, 1.25, 2, 4).map((rate) => ({ mode: 'drift' as const, rate })),
    )).map(([nodes, change]) => fault((t) => ({ ...t, kind: 'clock', nodes, ...change }))),
    latency: fc.tuple(target, fc.integer({ min: 10, max: Math.max(20, Math.floor(intervalMs / 10)) }), fc.integer({ min: 0, max: 100 }), fc.oneof(
      fc.constant({}),
      fc.record({ bandwidthKBs: fc.integer({ min: 1, max: 64 }) }),
      fc.record({ sliceBytes: fc.integer({ min: 8, max: 256 }), sliceDelayUs: fc.integer({ min: 0, max: 2000 }) }),
      fc.record({ resetAfterMs: fc.integer({ min: 50, max: 2000 }), resetShare: fc.constantFrom(0.1, 0.3, 1) }),
    )).map(([nodes, delayMs, jitterMs, extra]) => fault((t) => ({ ...t, kind: 'latency', nodes, delayMs, jitterMs, ...extra }))),
    membership: fc.oneof(
      fc.constant(fault((t) => ({ ...t, kind: 'membership', change: { action: 'add' } }))),
      fc.oneof(fc.constant('leader' as const), fc.constantFrom(...ids)).map((node) => fault((t) => ({ ...t, kind: 'membership', change: { action: 'remove', node } }))),
    ),
    // Churn needs several elections in a row: it lasts six times as long as other faults.
    // A strike soon after an election (the node's log announces it within milliseconds)
    // cuts a leader off before its first entry reaches anyone on a slow link; a later one
    // leaves it part of its log replicated. Mostly soon, as in the simulator.
    'leader-churn': fc
      .record({ strikeWithinMs: fc.oneof({ weight: 3, arbitrary: fc.integer({ min: 0, max: 100 }) }, { weight: 1, arbitrary: fc.integer({ min: 100, max: 400 }) }), outageMs: fc.integer({ min: 500, max: 1500 }) })
      .map((churn) => fault((t) => ({ ...t, durationMs: 6 * t.durationMs, kind: 'leader-churn', ...churn }))),
  };
}

/**
 * A run's network when the latency nemesis is on: most runs put tens of milliseconds on
 * every peer link for the whole run (a network slower than loopback, where replication
 * takes long enough for a cut to land in the middle of it).
 */
function networkArbitrary(kinds: readonly FaultKind[]): fc.Arbitrary<NetworkProfile> {
  if (!kinds.includes('latency')) return fc.constant(CALM_NETWORK);
  const slow = fc
    .record({ minDelayMs: fc.integer({ min: 10, max: 30 }), maxDelayMs: fc.integer({ min: 40, max: 80 }) })
    .map((delay): NetworkProfile => ({ ...CALM_NETWORK, ...delay, lateMaxMs: delay.maxDelayMs }));
  return fc.oneof({ weight: 1, arbitrary: fc.constant(CALM_NETWORK) }, { weight: 3, arbitrary: slow });
}

/**
 * Entries per append, leaning harder on small batches than the simulator's draw
 * (`batchArbitrary`, 1 or 2 two times in three): a simulated search tries thousands of
 * schedules, a real run one, and a new leader's old-term entries reach a follower
 * without its own newest only when they take more than one append — a struck leader's
 * unreplicated tail is a few entries. In aimed benchmark runs Figure 8
 * (`old-term-commit`) showed in 17 of 26 on 1, 2 or 4 entries per append and in none of
 * 4 on 8 or 64. The node's own default (64) stays in the draw.
 */
const realBatchArbitrary = fc.oneof({ weight: 5, arbitrary: fc.constantFrom(1, 2) }, { weight: 1, arbitrary: fc.constantFrom(8, 64) });

export function realScheduleArbitrary(shape: RealScheduleShape): fc.Arbitrary<FaultSchedule> {
  const ids = nodeIds(shape.nodes);
  const kinds = [...new Set(shape.nemeses.flatMap((n) => NEMESES[n]))];
  const empty: FaultSchedule = { nodes: shape.nodes, nemeses: [...shape.nemeses], network: CALM_NETWORK, maxEntriesPerAppend: 64, faults: [] };
  if (kinds.length === 0) return fc.constant(empty);
  const settings = fc.record({ network: networkArbitrary(kinds), maxEntriesPerAppend: realBatchArbitrary });
  const all = kindsArbitraries(ids, shape.intervalMs);
  const builder = fc.oneof(...kinds.map((k) => all[k]));
  const interval = shape.intervalMs;
  const slots = Math.max(0, Math.floor(shape.timeLimitMs / interval) - 1);
  const timing = fc.record({
    jitter: fc.integer({ min: 0, max: Math.floor(interval / 8) }),
    durationMs: fc.integer({ min: Math.floor(interval / 4), max: Math.floor((interval * 5) / 8) }),
  });
  return fc.tuple(settings, fc.array(fc.tuple(builder, timing), { minLength: slots, maxLength: slots })).map(([setting, drawn]) => ({
    ...empty,
    ...setting,
    faults: oneAtATime(drawn.map(([build, { jitter, durationMs }]) => (slot: number) => build({ at: slot * interval + jitter, durationMs })), slots, interval),
  }));
}

/**
 * Fault, heal, quiet: each fault starts at the beginning of a free slot (plus jitter),
 * and the next one waits for the first slot that leaves at least a quarter interval
 * without faults after it, so the cluster elects a leader and takes writes between
 * faults (a fault that finds it down hits no traffic). Leader churn spans several slots.
 */
function oneAtATime(builds: readonly ((slot: number) => Fault)[], slots: number, interval: number): Fault[] {
  const faults: Fault[] = [];
  for (let slot = 1, k = 0; slot <= slots && k < builds.length; k++) {
    const fault = builds[k]!(slot);
    faults.push(fault);
    slot = Math.ceil((fault.at + fault.durationMs + interval / 4) / interval);
  }
  return faults;
}
