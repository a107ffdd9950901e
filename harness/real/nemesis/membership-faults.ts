/**
 * Membership changes while the run goes on: `remove` takes a member (or the leader) out
 * and adds it back, with a fresh data folder, at the end; `add` brings a new node in and
 * removes it at the end. A change the cluster cannot take in time (no leader, another
 * change pending) is retried until the deadline; if the cluster made it all the same
 * (an attempt that timed out committed later), it counts as made, else it is reported
 * and dropped — either way the harness's view of the members stays the cluster's.
 */
import type { Fault } from '../../faults/schedule.js';
import { resolveTarget, sleep, type NemesisContext, type Realised } from './context.js';

type MembershipFault = Extract<Fault, { kind: 'membership' }>;

async function retrying(what: () => Promise<void>, timeoutMs: number): Promise<string | null> {
  const deadline = Date.now() + timeoutMs;
  let last = '';
  while (Date.now() < deadline) {
    try {
      await what();
      return null;
    } catch (error) {
      last = (error as Error).message;
      await sleep(200);
    }
  }
  return last || 'timed out';
}

/** Null when `id` was added (or removed) — in time, or later than asked but all the same; else why not. */
async function change(ctx: NemesisContext, id: string, action: 'add' | 'remove'): Promise<string | null> {
  const { cluster } = ctx;
  const timeout = ctx.membershipTimeoutMs;
  const failed = await retrying(() => (action === 'add' ? cluster.join(id, timeout) : cluster.leave(id, timeout)), timeout);
  if (failed === null || (await cluster.madeAnyway(id, action, timeout))) return null;
  return failed;
}

export async function membership(fault: MembershipFault, ctx: NemesisContext): Promise<Realised | null> {
  const { cluster } = ctx;
  if (cluster.system.membership === undefined) return null;
  if (fault.change.action === 'add') {
    const id = ctx.newNodeId();
    const failed = await change(ctx, id, 'add');
    if (failed !== null) {
      ctx.warn(`membership: could not add ${id}: ${failed}`);
      await cluster.discard(id);
      return null;
    }
    return {
      f: 'membership',
      details: { action: 'add', node: id },
      undo: async () => {
        const error = await change(ctx, id, 'remove');
        return error === null ? { removed: id } : { error };
      },
    };
  }
  const [id] = await resolveTarget(fault.change.node === 'leader' ? 'leader' : [fault.change.node], cluster);
  // Keep at least two voters: one alone could not be partitioned meaningfully, and none could not recover.
  if (id === undefined || cluster.members.length <= 2 || !cluster.node(id).member || cluster.node(id).state !== 'running') return null;
  const failed = await change(ctx, id, 'remove');
  if (failed !== null) {
    ctx.warn(`membership: could not remove ${id}: ${failed}`);
    return null;
  }
  return {
    f: 'membership',
    details: { action: 'remove', node: id, target: fault.change.node },
    undo: async () => {
      const error = await change(ctx, id, 'add');
      return error === null ? { added: id } : { error };
    },
  };
}
