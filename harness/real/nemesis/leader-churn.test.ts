import { describe, expect, it } from 'vitest';
import type { Fault } from '../../faults/schedule.js';
import type { Cluster } from '../cluster.js';
import type { LeadershipFeed, LeadershipListener } from '../leadership-feed.js';
import type { Flow } from '../toxiproxy/network.js';
import type { NemesisContext } from './context.js';
import { leaderChurn } from './network-faults.js';

const settle = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));
const churn = (at: number): Extract<Fault, { kind: 'leader-churn' }> => ({ kind: 'leader-churn', at, durationMs: 1000, strikeWithinMs: 0, outageMs: 60_000 });

/** Three members on loopback-fast links whose cuts and heals (of one leader each) are recorded, and a feed the test speaks through. */
function fakeRun(): { ctx: NemesisContext; events: string[]; say: LeadershipListener } {
  const events: string[] = [];
  const ids = ['n1', 'n2', 'n3'];
  const isolated = (flows: readonly Flow[]): string => flows[0]!.from;
  const network = {
    routesAmong: () => [],
    cut: async (flows: Flow[]) => {
      events.push(`cut ${isolated(flows)}`);
      return flows;
    },
    heal: async (flows: Flow[]) => {
      events.push(`heal ${isolated(flows)}`);
    },
    restore: async () => {},
  };
  const cluster = {
    network,
    present: ids.map((id) => ({ id })),
    members: ids.map((id) => ({ id, state: 'running' })),
    status: async (id: string) => ({ id, role: 'follower' }),
  } as unknown as Cluster;
  const listeners = new Set<LeadershipListener>();
  const feed = {
    follow: (listener: LeadershipListener) => {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
  } as unknown as LeadershipFeed;
  const ctx = { cluster, leaderships: feed, peerDelayMs: 0, warn: (m: string) => events.push(`warn ${m}`) } as unknown as NemesisContext;
  return { ctx, events, say: (node, news) => listeners.forEach((l) => l(node, news)) };
}

interface Struck {
  readonly node: string;
  readonly term: number;
  readonly when: string;
  readonly returning: boolean;
}

describe('leader churn against real processes', () => {
  it('cuts off no more than a minority: a second leader struck brings the first back, once the second is cut off', async () => {
    const { ctx, events, say } = fakeRun();
    const realised = await leaderChurn(churn(0), ctx);
    say('n1', { kind: 'leads', term: 2, heldOverTerm: null });
    say('n1', { kind: 'applied' });
    await settle(10);
    expect(events).toEqual(['cut n1']);
    say('n2', { kind: 'leads', term: 3, heldOverTerm: null });
    say('n2', { kind: 'applied' });
    await settle(10);
    expect(events).toEqual(['cut n1', 'cut n2', 'heal n1']);
    await realised.undo();
    expect(events).toEqual(['cut n1', 'cut n2', 'heal n1', 'heal n2']);
  });

  it('strikes a leader that won again holding the last entries of a term it led at its first commit, whatever the draw', async () => {
    const whens = new Set<string>();
    for (let at = 0; at < 8; at++) {
      const { ctx, events, say } = fakeRun();
      const realised = await leaderChurn(churn(at), ctx);
      say('n1', { kind: 'leads', term: 2, heldOverTerm: 1 });
      say('n1', { kind: 'applied' });
      await settle(10);
      say('n2', { kind: 'leads', term: 3, heldOverTerm: 1 });
      say('n2', { kind: 'applied' });
      await settle(10);
      // n1 is back, and wins again holding its own entries of term 2.
      say('n1', { kind: 'leads', term: 4, heldOverTerm: 2 });
      await settle(20);
      expect(events).toEqual(['cut n1', 'cut n2', 'heal n1']);
      say('n1', { kind: 'applied' });
      await settle(10);
      expect(events).toEqual(['cut n1', 'cut n2', 'heal n1', 'cut n1', 'heal n2']);
      const { struck } = (await realised.undo()) as { struck: Struck[] };
      expect(struck.map((s) => [s.node, s.term, s.returning])).toEqual([
        ['n1', 2, false],
        ['n2', 3, false],
        ['n1', 4, true],
      ]);
      expect(struck[2]!.when).toBe('first-commit');
      for (const s of struck.slice(0, 2)) whens.add(s.when);
    }
    // The others are struck either way, as drawn.
    expect(whens).toEqual(new Set(['delay', 'first-commit']));
  });
});
