/** Crashes (SIGKILL, restarted at the end) and pauses (SIGSTOP, continued at the end). */
import type { Fault } from '../../faults/schedule.js';
import { resolveTarget, type NemesisContext, type Realised } from './context.js';

type FaultOf<K extends Fault['kind']> = Extract<Fault, { kind: K }>;

export async function crash(fault: FaultOf<'crash'>, ctx: NemesisContext): Promise<Realised | null> {
  const targets = await resolveTarget(fault.nodes, ctx.cluster);
  const killed: string[] = [];
  for (const id of targets) if (await ctx.cluster.crash(id)) killed.push(id);
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
