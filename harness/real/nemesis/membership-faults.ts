/**
 * Membership changes while the run goes on: `remove` takes a member (or the leader) out
 * and adds it back, with a fresh data folder, at the end; `add` brings a new node in and
 * removes it at the end. A change the cluster cannot take in time (no leader, another
 * change pending) is retried until the deadline, then reported and dropped.
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

export async function membership(fault: MembershipFault, ctx: NemesisContext): Promise<Realised | null> {
  const { cluster } = ctx;
  if (cluster.system.membership === undefined) return null;
  const timeout = ctx.membershipTimeoutMs;
  if (fault.change.action === 'add') {
    const id = ctx.newNodeId();
    const failed = await retrying(() => cluster.join(id, timeout), timeout);
    if (failed !== null) {
      ctx.warn(`membership: could not add ${id}: ${failed}`);
      await cluster.discard(id);
      return null;
    }
    return {
      f: 'membership',
      details: { action: 'add', node: id },
      undo: async () => {
        const error = await retrying(() => cluster.leave(id, timeout), timeout);
        return error === null ? { removed: id } : { error };
      },
    };
  }
  const [id] = await resolveTarget(fault.change.node === 'leader' ? 'leader' : [fault.change.node], cluster);
  // Keep at least two voters: one alone could not be partitioned meaningfully, and none could not recover.
  if (id === undefined || cluster.members.length <= 2 || !cluster.node(id).member || cluster.node(id).state !== 'running') return null;
  const failed = await retrying(() => cluster.leave(id, timeout), timeout);
  if (failed !== null) {
    ctx.warn(`membership: could not remove ${id}: ${failed}`);
    return null;
  }
  return {
    f: 'membership',
    details: { action: 'remove', node: id, target: fault.change.node },
    undo: async () => {
      const error = await retrying(() => cluster.join(id, timeout), timeout);
      return error === null ? { added: id } : { error };
    },
  };
}
