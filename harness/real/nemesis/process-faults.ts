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
 * Best effort against real processes (the simulator strikes at the instant an election
 * starts): polls every node's status, and when one is a candidate in a term not struck
 * yet, kills every other running member within `strikeWithinMs` and restarts each after
 * `outageMs`.
 */
export async function crashVoters(fault: FaultOf<'crash-voters'>, ctx: NemesisContext): Promise<Realised> {
  let running = true;
  const struckTerms = new Set<number>();
  const killed: string[] = [];
  const random = new SeededRandom(fault.at + 1);
  const loop = inBackground((async () => {
    while (running) {
      const candidate = (await ctx.cluster.statuses()).find((s) => s.role === 'candidate' && s.term !== undefined && !struckTerms.has(s.term));
      if (candidate === undefined || !running) {
        await sleep(10);
        continue;
      }
      struckTerms.add(candidate.term!);
      await sleep(random.int(0, fault.strikeWithinMs));
      const voters = ctx.cluster.members.filter((n) => n.id !== candidate.id && n.state === 'running').map((n) => n.id);
      for (const id of voters) if (await ctx.cluster.crash(id)) killed.push(id);
      await sleep(fault.outageMs);
      for (const id of voters) await ctx.cluster.restart(id);
    }
  })(), ctx, 'crash-voters');
  return {
    f: 'crash-voters',
    details: { strikeWithinMs: fault.strikeWithinMs, outageMs: fault.outageMs },
    undo: async () => {
      running = false;
      const error = await loop;
      return error === null ? { killed } : { killed, error };
    },
  };
}
