import { describe, expect, it } from 'vitest';
import type { Fault } from '../../faults/schedule.js';
import type { Cluster } from '../cluster.js';
import type { LeadershipFeed, LeadershipListener } from '../leadership-feed.js';
import type { NemesisContext } from './context.js';
import { crashVoters } from './process-faults.js';

const fault: Extract<Fault, { kind: 'crash-voters' }> = { kind: 'crash-voters', at: 0, durationMs: 1000, strikeWithinMs: 0, outageMs: 20 };
const settle = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));

/** Three running members whose crashes and restarts are recorded, and a feed the test speaks through. */
function fakeRun(announcesCandidacies = true): { ctx: NemesisContext; events: string[]; say: LeadershipListener; listening: () => number } {
  const events: string[] = [];
  const state = new Map([['n1', 'running'], ['n2', 'running'], ['n3', 'running']]);
  const cluster = {
    get members() {
      return [...state].map(([id, s]) => ({ id, state: s }));
    },
    crash: async (id: string) => {
      events.push(`crash ${id}`);
      state.set(id, 'crashed');
      return true;
    },
    restart: async (id: string) => {
      events.push(`restart ${id}`);
      state.set(id, 'running');
      return true;
    },
    statuses: async () => {
      if (announcesCandidacies) expect.unreachable('the logs say who stands; nobody polls');
      return [{ id: 'n2', role: 'candidate', term: 4 }];
    },
  } as unknown as Cluster;
  const listeners = new Set<LeadershipListener>();
  const feed = {
    announcesCandidacies,
    follow: (listener: LeadershipListener) => {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
  } as unknown as LeadershipFeed;
  const ctx = { cluster, leaderships: feed, warn: (m: string) => events.push(`warn ${m}`) } as unknown as NemesisContext;
  return { ctx, events, say: (node, news) => listeners.forEach((l) => l(node, news)), listening: () => listeners.size };
}

describe('crash-voters against real processes', () => {
  it("kills a candidate's voters as soon as its log says it stands, once per term, and restarts them after the outage", async () => {
    const { ctx, events, say, listening } = fakeRun();
    const realised = await crashVoters(fault, ctx);
    say('n2', { kind: 'leads', term: 2, heldOverTerm: null });
    say('n1', { kind: 'applied' });
    await settle(5);
    expect(events).toEqual([]);
    say('n1', { kind: 'campaigns', term: 3 });
    await settle(5);
    expect(events).toEqual(['crash n2', 'crash n3']);
    say('n1', { kind: 'campaigns', term: 3 });
    await settle(40);
    expect(events).toEqual(['crash n2', 'crash n3', 'restart n2', 'restart n3']);
    expect(await realised.undo()).toEqual({ killed: ['n2', 'n3'] });
    expect(listening()).toBe(0);
  });

  it('a candidacy during the last outage is restarted before the fault ends', async () => {
    const { ctx, events, say } = fakeRun();
    const realised = await crashVoters({ ...fault, outageMs: 50 }, ctx);
    say('n3', { kind: 'campaigns', term: 7 });
    await settle(5);
    await realised.undo();
    expect(events).toEqual(['crash n1', 'crash n2', 'restart n1', 'restart n2']);
  });

  it("polls statuses for candidates when the system's logs do not announce them", async () => {
    const { ctx, events, listening } = fakeRun(false);
    const realised = await crashVoters(fault, ctx);
    expect(listening()).toBe(0);
    await settle(15);
    await realised.undo();
    expect(events).toEqual(['crash n1', 'crash n3', 'restart n1', 'restart n3']);
  });
});
