/** Crashes (SIGKILL, restarted at the end) and pauses (SIGSTOP, continued at the end). */
import type { Fault } from '../../faults/schedule.js';
import { SeededRandom } from '../../../impl/raft/random.js';
import { inBackground, resolveTarget, sleep, type NemesisContext, type Realised } from './context.js';

type FaultOf<K extends Fault['kind']> = Extract<Fault, { kind: K }>;

export async function crash(fault: FaultOf<'crash'>, ctx: NemesisContext): Promise<Realised | null> {
  const targets = await resolveTarget(fault.nodes, ctx.cluster);
  if (targets.length === 0) return null;
  // Right after the cluster acknowledges a change (if one comes within the fault's
  // duration: other faults may hold the cluster up): what it just acknowledged must
  // survive the crash, and is the least likely to be on disk yet. The targets are
  // known before, so that nothing but the signal stands between the two.
  await ctx.acknowledged(fault.durationMs);
  // All at once, as a power cut would: what none of them had synced is lost.
  const crashed = await Promise.all(targets.map((id) => ctx.cluster.crash(id)));
  const killed = targets.filter((_, i) => crashed[i]);
  if (killed.length === 0) return null;
  return {
    f: 'crash',
    details: { nodes: killed, target: fault.nodes },
    undo: async () => {
      const restarted: string[] = [];
      for (const id of killed) if (await ctx.cluster.restart(id)) restarted.push(id);
      return { restarted };
    },
  };
}

export async function pause(fault: FaultOf<'pause'>, ctx: NemesisContext): Promise<Realised | null> {
  const targets = await resolveTarget(fault.nodes, ctx.cluster);
  const paused = targets.filter((id) => ctx.cluster.pause(id));
  if (paused.length === 0) return null;
  return {
    f: 'pause',
    details: { nodes: paused, target: fault.nodes },
    undo: async () => ({ resumed: paused.filter((id) => ctx.cluster.resume(id)) }),
  };
}

/**
 * When a member stands for election in a term not struck yet, kills every other running
 * member within `strikeWithinMs` — just after they voted, when a vote not yet on disk is
 * lost — and restarts each after `outageMs`. Candidacies come from the nodes' logs within
 * milliseconds (as the simulator strikes at the instant an election starts); for a system
 * whose logs do not say, from polling statuses, which misses most short elections.
 */
export async function crashVoters(fault: FaultOf<'crash-voters'>, ctx: NemesisContext): Promise<Realised> {
  let running = true;
  const struckTerms = new Set<number>();
  const killed: string[] = [];
  const strikes = new Set<Promise<void>>();
  const random = new SeededRandom(fault.at + 1);
  const strike = async (candidate: string, term: number): Promise<void> => {
    if (!running || struckTerms.has(term)) return;
    struckTerms.add(term);
    await sleep(random.int(0, fault.strikeWithinMs));
    if (!running) return;
    const voters = ctx.cluster.members.filter((n) => n.id !== candidate && n.state === 'running').map((n) => n.id);
    const crashed = await Promise.all(voters.map((id) => ctx.cluster.crash(id)));
    killed.push(...voters.filter((_, i) => crashed[i]));
    await sleep(fault.outageMs);
    for (const id of voters) await ctx.cluster.restart(id);
  };
  const onCandidate = (candidate: string, term: number): void => {
    const work = strike(candidate, term)
      .catch((error: unknown) => ctx.warn(`nemesis: crash-voters: striking the voters of ${candidate}: ${(error as Error).message}`))
      .finally(() => strikes.delete(work));
    strikes.add(work);
  };
  const feed = ctx.leaderships?.announcesCandidacies === true ? ctx.leaderships : null;
  const unfollow = feed?.follow((node, news) => (news.kind === 'campaigns' ? onCandidate(node, news.term) : undefined)) ?? null;
  const polling = inBackground(unfollow !== null ? Promise.resolve() : (async () => {
    while (running) {
      const candidate = (await ctx.cluster.statuses()).find((s) => s.role === 'candidate' && s.term !== undefined && !struckTerms.has(s.term));
      if (candidate !== undefined && running) onCandidate(candidate.id, candidate.term!);
      await sleep(10);
    }
  })(), ctx, 'crash-voters');
  return {
    f: 'crash-voters',
    details: { strikeWithinMs: fault.strikeWithinMs, outageMs: fault.outageMs, via: unfollow === null ? 'status' : 'log' },
    undo: async () => {
      running = false;
      unfollow?.();
      const error = await polling;
      // A strike under way restarts its voters before the fault ends (its errors are warned of).
      await Promise.all(strikes);
      return error === null ? { killed } : { killed, error };
    },
  };
}
