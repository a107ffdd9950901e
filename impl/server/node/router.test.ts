import { describe, expect, it } from 'vitest';
import type { Command } from '../../kv/commands.js';
import type { NodeId } from '../../raft/types.js';
import type { ClientOutcome, Replica, Reply } from '../replica.js';
import type { Frame } from '../transport/frames.js';
import type { SendCallbacks } from '../transport/peer-link.js';
import type { PeerTransport } from '../transport/peer-transport.js';
import { Router } from './router.js';

const put: Command = { op: 'put', key: 'k', value: 1, client: 'c', seq: 1 };

/** A replica that answers every call with the next scripted outcome ('silent': never). */
function fakeReplica(leader: () => NodeId | null, script: Array<ClientOutcome | 'silent'>): Replica {
  const answer = (reply: Reply): void => {
    const next = script.shift() ?? 'silent';
    if (next !== 'silent') reply(next);
  };
  return {
    raft: { status: () => ({ leader: leader() }) },
    read: (_key: string, reply: Reply) => answer(reply),
    write: (_command: Command, reply: Reply) => answer(reply),
    configure: (_change: unknown, reply: Reply) => answer(reply),
  } as unknown as Replica;
}

/** A transport whose sends to the leader behave as scripted. */
function fakeTransport(connected: boolean, onSend: (frame: Frame, callbacks: SendCallbacks | undefined, router: () => Router) => void): { transport: PeerTransport; router: (r: Router) => void } {
  let router: Router | null = null;
  const transport = {
    isConnected: () => connected,
    send: (_to: NodeId, frame: Frame, callbacks?: SendCallbacks) => onSend(frame, callbacks, () => router!),
  } as unknown as PeerTransport;
  return { transport, router: (r) => (router = r) };
}

function routerWith(leader: NodeId | null, script: Array<ClientOutcome | 'silent'>, transport: ReturnType<typeof fakeTransport>): Router {
  const router = new Router({ self: 'n1', readMode: 'read-index', replica: () => fakeReplica(() => leader, script), transport: transport.transport, onForward: () => {} });
  transport.router(router);
  return router;
}

const idle = fakeTransport(true, () => {});

describe('Router: where an operation runs and how its failure is classed', () => {
  it('runs here when this node leads, and passes an ok through', async () => {
    const router = routerWith('n1', [{ kind: 'ok', value: 1 }], idle);
    expect(await router.execute({ op: 'write', command: put }, 500)).toEqual({ kind: 'ok', value: 1 });
  });

  it('a cas mismatch is definite and carries the value found', async () => {
    const router = routerWith('n1', [{ kind: 'fail', error: 'cas-mismatch', actual: 7 }], idle);
    expect(await router.execute({ op: 'write', command: put }, 500)).toEqual({ kind: 'error', code: 'cas-mismatch', actual: 7, definite: true });
  });

  it('a write with no outcome in time is an indefinite timeout; a read\'s is definite', async () => {
    expect(await routerWith('n1', ['silent'], idle).execute({ op: 'write', command: put }, 50)).toEqual({ kind: 'error', code: 'timeout', definite: false });
    expect(await routerWith('n1', ['silent'], idle).execute({ op: 'read', key: 'k' }, 50)).toEqual({ kind: 'error', code: 'timeout', definite: true });
  });

  it('an overwritten proposal is definite', async () => {
    const router = routerWith('n1', [{ kind: 'fail', error: 'overwritten' }], idle);
    expect(await router.execute({ op: 'write', command: put }, 500)).toMatchObject({ code: 'proposal-dropped', definite: true });
  });

  it('with no leader it waits, then fails definitely: nothing was sent', async () => {
    const started = performance.now();
    expect(await routerWith(null, [], idle).execute({ op: 'write', command: put }, 80)).toEqual({ kind: 'error', code: 'no-leader', definite: true });
    expect(performance.now() - started).toBeGreaterThanOrEqual(70);
  });

  it('retries after a redirect (nothing done) and succeeds when the next attempt does', async () => {
    const router = routerWith('n1', [{ kind: 'redirect', leader: null }, { kind: 'ok', value: 2 }], idle);
    expect(await router.execute({ op: 'write', command: put }, 500)).toEqual({ kind: 'ok', value: 2 });
  });

  it("a node restarted while the leader held its forwarded request does not take that request's answer for a new one", async () => {
    const sent: number[] = [];
    const capture = fakeTransport(true, (frame) => {
      if (frame.k === 'fwd') sent.push(frame.id);
    });
    void routerWith('n2', [], capture).execute({ op: 'write', command: put }, 50);
    const [earlierLife] = sent;
    const restarted = routerWith('n2', [], capture);
    const outcome = restarted.execute({ op: 'write', command: put }, 100);
    restarted.forwardReplied(earlierLife!, { kind: 'fail', error: 'cas-mismatch', actual: 9 });
    expect(sent[1]).not.toBe(earlierLife);
    expect(await outcome).toEqual({ kind: 'error', code: 'timeout', definite: false });
  });

  it('forwards to the leader and returns its answer', async () => {
    const transport = fakeTransport(true, (frame, _cb, router) => {
      if (frame.k === 'fwd') queueMicrotask(() => router().forwardReplied(frame.id, { kind: 'ok', value: 3 }));
    });
    expect(await routerWith('n2', [], transport).execute({ op: 'write', command: put }, 500)).toEqual({ kind: 'ok', value: 3 });
  });

  it('a forwarded write whose link broke after sending is indefinite', async () => {
    const transport = fakeTransport(true, (_frame, callbacks) => queueMicrotask(() => callbacks?.onLost?.()));
    expect(await routerWith('n2', [], transport).execute({ op: 'write', command: put }, 500)).toEqual({ kind: 'error', code: 'forward-failed', definite: false });
  });

  it('a forward that never left (dropped from the queue, or no link) is retried, then definite', async () => {
    const dropped = fakeTransport(true, (_frame, callbacks) => queueMicrotask(() => callbacks?.onDropped?.()));
    expect(await routerWith('n2', [], dropped).execute({ op: 'write', command: put }, 60)).toEqual({ kind: 'error', code: 'leader-unreachable', definite: true });
    const unlinked = fakeTransport(false, () => expect.unreachable('nothing is sent without a link'));
    expect(await routerWith('n2', [], unlinked).execute({ op: 'write', command: put }, 60)).toEqual({ kind: 'error', code: 'leader-unreachable', definite: true });
  });

  it('a forwarded write the leader never answers is an indefinite timeout', async () => {
    expect(await routerWith('n2', [], idle).execute({ op: 'write', command: put }, 60)).toEqual({ kind: 'error', code: 'timeout', definite: false });
  });

  it('a forwarded read goes again when the leader changes; a forwarded write keeps waiting', async () => {
    let leader: NodeId | null = 'n2';
    const forwarded: string[] = [];
    const transport = fakeTransport(true, (frame) => {
      if (frame.k === 'fwd') forwarded.push(frame.req.op);
    });
    const router = new Router({ self: 'n1', readMode: 'read-index', replica: () => fakeReplica(() => leader, [{ kind: 'ok', value: 5 }]), transport: transport.transport, onForward: () => {} });
    transport.router(router);
    const read = router.execute({ op: 'read', key: 'k' }, 1000);
    const write = router.execute({ op: 'write', command: put }, 100);
    await new Promise((r) => setTimeout(r, 10));
    expect(forwarded).toEqual(['read', 'write']);
    leader = null;
    router.leaderChanged();
    leader = 'n1';
    router.leaderChanged();
    expect(await read).toEqual({ kind: 'ok', value: 5 });
    expect(forwarded).toEqual(['read', 'write']);
    expect(await write).toEqual({ kind: 'error', code: 'timeout', definite: false });
  });

  it('serves a forwarded request here and sends the outcome back to its origin', () => {
    const sent: Array<{ to: NodeId; frame: Frame }> = [];
    const transport = { send: (to: NodeId, frame: Frame) => sent.push({ to, frame }) } as unknown as PeerTransport;
    const router = new Router({ self: 'n1', readMode: 'read-index', replica: () => fakeReplica(() => 'n1', [{ kind: 'ok', value: 9 }]), transport, onForward: () => {} });
    router.serveForwarded('n3', 41, { op: 'read', key: 'k' });
    expect(sent).toEqual([{ to: 'n3', frame: { k: 'fwd-reply', id: 41, out: { kind: 'ok', value: 9 } } }]);
  });
});
