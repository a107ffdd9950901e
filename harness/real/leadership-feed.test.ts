import { appendFileSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { appliedIn, candidacyIn, leadershipIn } from '../systems/faultline/invariants.js';
import { LeadershipFeed } from './leadership-feed.js';

const leads = (node: string, term: number): string => `${JSON.stringify({ time: 0, node, level: 'info', event: 'role-change', role: 'leader', term, leader: node })}\n`;
const applied = (node: string, count: number): string =>
  `${JSON.stringify({ time: 0, node, level: 'info', event: 'applied', first: 1, entries: Array.from({ length: count }, () => [2, '0badf00d']) })}\n`;
const stands = (node: string, term: number, pre: boolean): string => `${JSON.stringify({ time: 0, node, level: 'info', event: 'election-start', term, pre })}\n`;
const follows = (node: string, term: number): string => `${JSON.stringify({ time: 0, node, level: 'info', event: 'role-change', role: 'follower', term, leader: null })}\n`;

describe('the leadership feed', () => {
  const dirs: string[] = [];
  afterEach(() => {
    vi.useRealTimers();
    for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
  });

  function nodesDir(): string {
    const dir = mkdtempSync(join(tmpdir(), 'faultline-feed-'));
    dirs.push(dir);
    return dir;
  }

  it('tells each listener the leaderships written after it subscribed, and nothing once it unsubscribed', () => {
    vi.useFakeTimers();
    const dir = nodesDir();
    writeFileSync(join(dir, 'n1.log'), leads('n1', 2));
    writeFileSync(join(dir, 'n1.stderr.log'), leads('n1', 9));
    const feed = new LeadershipFeed(dir, { leadershipIn, appliedIn });
    const seen: string[] = [];
    const unfollow = feed.follow((node, news) => seen.push(news.kind === 'leads' ? `${node}@${news.term}` : `${node} applied`));
    appendFileSync(join(dir, 'n1.log'), follows('n1', 3));
    writeFileSync(join(dir, 'n2.log'), leads('n2', 3) + '{"event":"role-change","role":"leader","te');
    vi.advanceTimersByTime(10);
    expect(seen).toEqual(['n2@3']);
    appendFileSync(join(dir, 'n2.log'), 'rm":4}\n' + applied('n2', 7) + applied('n2', 0));
    vi.advanceTimersByTime(10);
    expect(seen).toEqual(['n2@3', 'n2@4', 'n2 applied']);
    unfollow();
    appendFileSync(join(dir, 'n1.log'), leads('n1', 5));
    vi.advanceTimersByTime(10);
    expect(seen).toEqual(['n2@3', 'n2@4', 'n2 applied']);
    expect(vi.getTimerCount()).toBe(0);
  });

  it('tells candidacies apart from leaderships', () => {
    vi.useFakeTimers();
    const dir = nodesDir();
    const feed = new LeadershipFeed(dir, { leadershipIn, appliedIn, candidacyIn });
    const seen: string[] = [];
    const unfollow = feed.follow((node, news) => seen.push(news.kind === 'applied' ? `${node} applied` : `${node} ${news.kind} ${news.term}`));
    writeFileSync(join(dir, 'n2.log'), stands('n2', 5, true) + stands('n2', 5, false) + leads('n2', 5));
    vi.advanceTimersByTime(10);
    unfollow();
    expect(seen).toEqual(['n2 campaigns 5', 'n2 leads 5']);
  });

  it('skips what was written while nobody listened', () => {
    vi.useFakeTimers();
    const dir = nodesDir();
    const feed = new LeadershipFeed(dir, { leadershipIn, appliedIn });
    const seen: string[] = [];
    feed.follow(() => {})();
    writeFileSync(join(dir, 'n3.log'), leads('n3', 7));
    const unfollow = feed.follow((node, news) => seen.push(news.kind === 'leads' ? `${node}@${news.term}` : `${node} applied`));
    appendFileSync(join(dir, 'n3.log'), leads('n3', 8));
    vi.advanceTimersByTime(10);
    unfollow();
    expect(seen).toEqual(['n3@8']);
  });
});

describe("a faultline node's leadership line", () => {
  it('is a role-change to leader with an integer term, and the term of what the leader held over when its log says', () => {
    expect(leadershipIn(leads('n1', 4))).toEqual({ term: 4, heldOverTerm: null });
    expect(leadershipIn('{"event":"role-change","role":"leader","term":4,"heldOver":3,"heldOverTerm":2}')).toEqual({ term: 4, heldOverTerm: 2 });
    expect(leadershipIn(follows('n1', 4))).toBeNull();
    expect(leadershipIn('{"event":"role-change","role":"leader","term":"4"}')).toBeNull();
    expect(leadershipIn('{"event":"vote","role":"leader","term":4}')).toBeNull();
    expect(leadershipIn('not json "role-change"')).toBeNull();
  });

  it('a candidacy is an election-start that is not a pre-vote', () => {
    expect(candidacyIn(stands('n2', 6, false))).toBe(6);
    expect(candidacyIn(stands('n2', 6, true))).toBeNull();
    expect(candidacyIn(leads('n2', 6))).toBeNull();
  });

  it('and an applied line is one with entries', () => {
    expect(appliedIn(applied('n1', 2))).toBe(true);
    expect(appliedIn(applied('n1', 0))).toBe(false);
    expect(appliedIn(leads('n1', 2))).toBe(false);
  });
});
