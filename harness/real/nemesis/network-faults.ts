/** Partitions, isolations, grudges, latency and leader churn, as cuts and toxics on the proxied network. */
import { SeededRandom } from '../../../impl/raft/random.js';
import type { Fault } from '../../faults/schedule.js';
import type { NodeStatus } from '../../systems/system.js';
import type { Flow, LinkQuality } from '../toxiproxy/network.js';
import { inBackground, resolveTarget, sleep, type NemesisContext, type Realised } from './context.js';

type FaultOf<K extends Fault['kind']> = Extract<Fault, { kind: K }>;

/** Every flow between nodes of different groups, both ways. */
export function flowsBetweenGroups(groups: readonly (readonly string[])[]): Flow[] {
  const flows: Flow[] = [];
  for (const [i, a] of groups.entries()) {
    for (const [j, b] of groups.entries()) if (i !== j) for (const from of a) for (const to of b) flows.push({ from, to });
  }
  return flows;
}

/** A grudge's flows: each key cannot hear the nodes it lists. */
export function flowsOfGrudge(cannotHear: Readonly<Record<string, readonly string[]>>): Flow[] {
  return Object.entries(cannotHear).flatMap(([to, froms]) => froms.map((from) => ({ from, to })));
}

async function cutFor(ctx: NemesisContext, f: 'partition' | 'grudge', flows: Flow[], details: Record<string, unknown>): Promise<Realised> {
  const network = ctx.cluster.network;
  const cut = await network.cut(flows);
  return { f, details: { ...details, mode: network.mode }, undo: () => network.heal(cut) };
}

export function partition(fault: FaultOf<'partition'>, ctx: NemesisContext): Promise<Realised> {
  return cutFor(ctx, 'partition', flowsBetweenGroups(fault.groups), { groups: fault.groups });
}

export async function isolate(fault: FaultOf<'isolate'>, ctx: NemesisContext): Promise<Realised | null> {
  const nodes = await resolveTarget(fault.nodes, ctx.cluster);
  if (nodes.length === 0) return null;
  const rest = ctx.cluster.present.map((n) => n.id).filter((id) => !nodes.includes(id));
  const groups = [nodes, rest];
  return cutFor(ctx, 'partition', flowsBetweenGroups(groups), { groups, isolated: fault.nodes === 'leader' ? 'leader' : nodes });
}

export function grudge(fault: FaultOf<'grudge'>, ctx: NemesisContext): Promise<Realised> {
  return cutFor(ctx, 'grudge', flowsOfGrudge(fault.cannotHear), { cannotHear: fault.cannotHear });
}

/** Slows (or otherwise degrades) every link to and from the target, and its client route. */
export async function latency(fault: FaultOf<'latency'>, ctx: NemesisContext): Promise<Realised | null> {
  const nodes = await resolveTarget(fault.nodes, ctx.cluster);
  if (nodes.length === 0) return null;
  const network = ctx.cluster.network;
  const everyone = ctx.cluster.present.map((n) => n.id);
  const touching = network.routesAmong(everyone, true).filter((r) => nodes.includes(r.to) || (r.kind === 'peer' && nodes.includes(r.from)));
  const quality: LinkQuality = { latencyMs: fault.delayMs, jitterMs: fault.jitterMs, ...qualityExtras(fault) };
  const id = await network.degrade(touching, quality);
  return { f: 'latency', details: { nodes, ...quality }, undo: () => network.restore(id) };
}

/** The network-quality fields a latency fault carries besides delay and jitter. */
function qualityExtras(fault: FaultOf<'latency'>): LinkQuality {
  const { bandwidthKBs, sliceBytes, sliceDelayUs, resetAfterMs, resetShare } = fault;
  return Object.fromEntries(Object.entries({ bandwidthKBs, sliceBytes, sliceDelayUs, resetAfterMs, resetShare }).filter(([, v]) => v !== undefined));
}

/** A leader churn struck: how it was found, and how long after that its cut was in force. */
interface Strike {
  readonly node: string;
  readonly term: number;
  readonly via: 'log' | 'status';
  /** `first-commit`: struck as soon as its log said it applied entries after winning (or FIRST_COMMIT_WAIT_MS passed). */
  readonly when: 'delay' | 'first-commit';
  /** Whether it won again holding, uncommitted, the last entries of a term it led before. */
  readonly returning: boolean;
  readonly cutAfterMs: number;
}

/** How often leader churn asks every member whether it leads. */
const CHURN_POLL_MS = 20;
/**
 * The one-way delay leader churn puts on each peer link while in force, drawn per link:
 * longer than a strike takes to be in force (7–60 ms, mostly Toxiproxy's API), so that a
 * leader struck at once still holds entries no one else has, and one struck at its first
 * commit has not yet sent its own entry on. With 10–50 ms, `old-term-commit` showed in
 * 5–6 aimed runs of 10; with 30–80 ms, in 9.
 */
const CHURN_LINK_DELAY_MS = { min: 30, max: 80 };
/** How long a strike at a leader's first commit waits for it. */
const FIRST_COMMIT_WAIT_MS = 1000;

/**
 * For the fault's duration, each leadership (a node in a term) is cut off within
 * `strikeWithinMs` of being found — in its node's log line announcing it, or by polling
 * statuses — for `outageMs`, as in the simulator: a leader elected
 * while an earlier one is still cut off is struck too, so terms stay short and each
 * leader is left holding whatever part of its log it replicated before the cut — the
 * partly replicated tails of several terms that Figure 8 of the Raft paper needs. A
 * leader that still leads when its outage ends is struck again.
 *
 * Two rules play Figure 8 out rather than wait for it. Never more than a minority is cut
 * off: once a new leader's cut is in force, the earliest leaders still cut off come back
 * (in three nodes: A, struck with its first entry unsent, returns as soon as B is struck
 * with its own — so the one who can be elected next is A, by the third node). And a
 * leader that wins again holding, uncommitted, the last entries of a term it led before
 * (its log line says the term of what it held over) is struck at its first commit: a
 * store that commits them by counting replicas has just done so, its own first entry
 * is still on the wire, and the next leader (B, whose entry at that index has a later
 * term) can be elected by the follower that acknowledged — and overwrite a committed
 * entry. Meanwhile each peer link
 * takes at least 30–80 ms one way (drawn per link; latency is added where the run's own
 * network is faster), as in the simulator, whose network is slower than loopback and
 * draws each message's delay: a strike milliseconds after a win then lands before the
 * new leader's first entry reaches anyone, a later one after it has reached some; and a
 * leader struck at its first commit, acknowledged by its nearer follower, leaves the
 * farther one behind — the next leader's follower must catch up before its first entry
 * commits, while a heartbeat already confirms reads (`no-noop`).
 */
export async function leaderChurn(fault: FaultOf<'leader-churn'>, ctx: NemesisContext): Promise<Realised> {
  const random = new SeededRandom(fault.at + 1);
  const network = ctx.cluster.network;
  const addedLatency: Record<string, number> = {};
  const slowing: Promise<number>[] = [];
  for (const route of network.routesAmong(ctx.cluster.present.map((n) => n.id), false)) {
    if (route.kind !== 'peer') continue;
    const added = Math.max(0, random.int(CHURN_LINK_DELAY_MS.min, CHURN_LINK_DELAY_MS.max) - ctx.peerDelayMs);
    if (added === 0) continue;
    addedLatency[`${route.from}->${route.to}`] = added;
    slowing.push(network.degrade([route], { latencyMs: added, jitterMs: Math.floor(added / 4) }));
  }
  const slowed = await Promise.all(slowing);
  const struck: Strike[] = [];
  const found = new Set<string>();
  /** Every leadership (`node@term`) found while in force. */
  const led = new Set<string>();
  /** The leaders cut off now, earliest first. */
  const outages: Array<{ end: () => void }> = [];
  const strikes = new Set<Promise<void>>();
  let stop!: () => void;
  const stopped = new Promise<void>((resolve) => (stop = resolve));
  let running = true;
  const until = (ms: number): Promise<void> => Promise.race([sleep(ms), stopped]);

  // Resolvers waiting for a node's next `applied` line.
  const applying = new Map<string, Set<() => void>>();
  const nextApplied = (node: string): Promise<void> =>
    new Promise((resolve) => {
      const waiting = applying.get(node) ?? new Set();
      applying.set(node, waiting.add(resolve));
    });
  const strike = async (leader: string, term: number, returning: boolean, via: Strike['via'], leadership: string): Promise<void> => {
    const foundAt = performance.now();
    // Half the strikes, and every one at a returning leader, wait for the leader's first commit.
    const coin = random.int(0, 1) === 1;
    const when: Strike['when'] = ctx.leaderships !== null && (coin || returning) ? 'first-commit' : 'delay';
    await (when === 'delay' ? until(random.int(0, fault.strikeWithinMs)) : Promise.race([nextApplied(leader), until(FIRST_COMMIT_WAIT_MS)]));
    if (!running) return;
    const rest = ctx.cluster.present.map((n) => n.id).filter((id) => id !== leader);
    const cut = await ctx.cluster.network.cut(flowsBetweenGroups([[leader], rest]));
    struck.push({ node: leader, term, via, when, returning, cutAfterMs: Math.round(performance.now() - foundAt) });
    const outage = { end: () => {} };
    const endedEarly = new Promise<void>((resolve) => (outage.end = resolve));
    outages.push(outage);
    // Only now that this leader is cut off: the earliest ones cut off come back, so that a majority can elect again.
    const members = rest.length + 1;
    const majority = Math.floor(members / 2) + 1;
    while (outages.length > 1 && members - outages.length < majority) outages.shift()!.end();
    await Promise.race([until(fault.outageMs), endedEarly]);
    const at = outages.indexOf(outage);
    if (at >= 0) outages.splice(at, 1);
    await ctx.cluster.network.heal(cut);
    found.delete(leadership);
  };
  const onLeader = (leader: string, term: number, heldOverTerm: number | null, via: Strike['via'] = 'log'): void => {
    if (!running) return;
    const leadership = `${leader}@${term}`;
    if (found.has(leadership)) return;
    found.add(leadership);
    led.add(leadership);
    const returning = heldOverTerm !== null && led.has(`${leader}@${heldOverTerm}`);
    const work = strike(leader, term, returning, via, leadership)
      .catch((error: unknown) => ctx.warn(`nemesis: leader churn: striking ${leader}: ${(error as Error).message}`))
      .finally(() => strikes.delete(work));
    strikes.add(work);
  };
  const onStatus = (status: NodeStatus): void => {
    if (status.role === 'leader' && status.term !== undefined) onLeader(status.id, status.term, null, 'status');
  };
  // The logs announce a new leader within milliseconds; the polls find the one that led before the fault.
  const unfollow =
    ctx.leaderships?.follow((node, news) => {
      if (news.kind === 'leads') return onLeader(node, news.term, news.heldOverTerm);
      if (news.kind !== 'applied') return;
      const waiting = applying.get(node);
      applying.delete(node);
      for (const resolve of waiting ?? []) resolve();
    }) ?? (() => {});
  const loop = inBackground((async () => {
    while (running) {
      const polls = ctx.cluster.members.filter((n) => n.state === 'running').map((n) => ctx.cluster.status(n.id).then(onStatus, () => {}));
      // A member that cannot answer (paused) must not hold up the others' polls.
      await until(CHURN_POLL_MS);
      await Promise.race([Promise.all(polls), until(250)]);
    }
    await Promise.all(strikes);
  })(), ctx, 'leader churn');
  return {
    f: 'leader-churn',
    details: { strikeWithinMs: fault.strikeWithinMs, outageMs: fault.outageMs, addedLatency },
    undo: async () => {
      running = false;
      unfollow();
      stop();
      const error = await loop;
      const restored = await Promise.all(slowed.map((id) => network.restore(id))).then(
        () => null,
        (e: unknown) => `restoring the links: ${(e as Error).message}`,
      );
      const errors = [error, restored].filter((e) => e !== null);
      return errors.length === 0 ? { struck } : { struck, error: errors.join('; ') };
    },
  };
}
