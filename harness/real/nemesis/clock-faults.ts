/**
 * Clock faults through each target node's libfaketime file: a bump, a strobe (the
 * clock flips between `deltaMs` ahead and true time every `periodMs`), or a drift.
 * After applying one, and again before undoing it, the harness asks the nodes for
 * their clocks and records the skew they show. At the end every target's clock is set
 * back to true time (and read once more).
 */
import type { Fault } from '../../faults/schedule.js';
import type { Cluster } from '../cluster.js';
import { resolveTarget, type NemesisContext, type Realised } from './context.js';

type ClockFault = Extract<Fault, { kind: 'clock' }>;

/** The fastest a strobe flips: each flip is a file write the node reads on its next clock call. */
const MIN_STROBE_MS = 10;

export async function clock(fault: ClockFault, ctx: NemesisContext): Promise<Realised | null> {
  const targets = (await resolveTarget(fault.nodes, ctx.cluster)).filter((id) => ctx.cluster.node(id).clock !== null);
  if (targets.length === 0) return null;
  const clocks = targets.map((id) => ctx.cluster.node(id).clock!);
  let timer: NodeJS.Timeout | null = null;
  switch (fault.mode) {
    case 'bump':
      for (const c of clocks) c.bump(fault.deltaMs);
      break;
    case 'drift':
      for (const c of clocks) c.drift(fault.rate);
      break;
    case 'strobe': {
      let ahead = false;
      const flip = (): void => {
        ahead = !ahead;
        for (const c of clocks) c.bump(ahead ? fault.deltaMs : -fault.deltaMs);
      };
      flip();
      timer = setInterval(flip, Math.max(MIN_STROBE_MS, fault.periodMs));
      break;
    }
  }
  const { mode, ...change } = fault;
  return {
    f: 'clock',
    details: { nodes: targets, mode, ...pick(change, ['deltaMs', 'periodMs', 'rate']), observedSkewMs: await observedSkews(ctx.cluster, targets) },
    undo: async () => {
      if (timer !== null) clearInterval(timer);
      const before = await observedSkews(ctx.cluster, targets);
      for (const c of clocks) c.reset();
      return { observedSkewMs: before, afterResetSkewMs: await observedSkews(ctx.cluster, targets) };
    },
  };
}

/** Each running target's clock minus the harness's, from its /status (the midpoint of the request). */
export async function observedSkews(cluster: Cluster, ids: readonly string[]): Promise<Record<string, number>> {
  const skews: Record<string, number> = {};
  await Promise.all(
    ids.map(async (id) => {
      if (cluster.node(id).state !== 'running') return;
      const sent = Date.now();
      try {
        const status = await cluster.status(id);
        if (status.clock !== undefined) skews[id] = Math.round(status.clock - (sent + Date.now()) / 2);
      } catch {
        // Cut off or busy: no reading this time.
      }
    }),
  );
  return skews;
}

function pick(value: Record<string, unknown>, fields: readonly string[]): Record<string, unknown> {
  return Object.fromEntries(fields.filter((f) => value[f] !== undefined).map((f) => [f, value[f]]));
}
