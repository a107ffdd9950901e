/**
 * Leaderships, candidacies and the entries nodes apply, as the nodes announce them in
 * their logs, a few milliseconds after the node wrote the line — sooner than polling
 * statuses (an interval plus a round trip) finds a new leader or a candidate, whose
 * election is often over before a poll asks. A leader struck that soon has not yet
 * replicated its first entry on a link slower than loopback; one struck at its first
 * commit has not yet told its followers; the voters of a candidate struck that soon have
 * just voted.
 */
import type { Leadership, System } from '../systems/system.js';
import { NodeLogTail } from './node-log-tail.js';

/** A node became leader in `term`, stood for election in `term`, or applied entries. */
export type LogNews =
  | ({ readonly kind: 'leads' } & Leadership)
  | { readonly kind: 'campaigns'; readonly term: number }
  | { readonly kind: 'applied' };
export type LeadershipListener = (node: string, news: LogNews) => void;

/** How often the logs are read while someone listens. */
const FEED_POLL_MS = 5;

export class LeadershipFeed {
  private readonly listeners = new Set<LeadershipListener>();
  private readonly tail: NodeLogTail<{ line(node: string, text: string): void }>;
  private timer: NodeJS.Timeout | null = null;
  /** Whether the logs announce candidacies (else crash-voters polls statuses for them). */
  readonly announcesCandidacies: boolean;

  constructor(
    /** The run's `nodes/` folder. */
    dir: string,
    system: Required<Pick<System, 'leadershipIn'>> & Pick<System, 'appliedIn' | 'candidacyIn'>,
  ) {
    this.announcesCandidacies = system.candidacyIn !== undefined;
    this.tail = new NodeLogTail(dir, {
      line: (node, text) => {
        const news = newsIn(system, text);
        if (news !== null) for (const listener of this.listeners) listener(node, news);
      },
    });
  }

  /** Calls `listener` with each piece of news logged from now on, until the returned function is called. */
  follow(listener: LeadershipListener): () => void {
    if (this.listeners.size === 0) {
      this.tail.poll(); // skips what was written while nobody listened
      this.timer = setInterval(() => this.tail.poll(), FEED_POLL_MS);
    }
    this.listeners.add(listener);
    return () => {
      this.listeners.delete(listener);
      if (this.listeners.size === 0 && this.timer !== null) {
        clearInterval(this.timer);
        this.timer = null;
      }
    };
  }
}

function newsIn(system: Required<Pick<System, 'leadershipIn'>> & Pick<System, 'appliedIn' | 'candidacyIn'>, text: string): LogNews | null {
  const leads = system.leadershipIn(text);
  if (leads !== null) return { kind: 'leads', ...leads };
  const campaigns = system.candidacyIn?.(text) ?? null;
  if (campaigns !== null) return { kind: 'campaigns', term: campaigns };
  return system.appliedIn?.(text) === true ? { kind: 'applied' } : null;
}
